import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startJobs, type Job } from '../src/core/module.js';

/** The jobs hook the concerns module's clock runs on (src/core/module.ts), driven by fake timers, never by sleeping. */
describe('startJobs', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('runs a job every interval, never two runs of it at once, and goes on after a failing run', async () => {
    let runs = 0;
    let release: (() => void) | null = null;
    const errors: string[] = [];
    const job: Job = {
      name: 'test job', everyMs: 1_000,
      run: () => {
        runs++;
        if (runs === 2) return Promise.reject(new Error('boom'));
        return new Promise<void>((resolve) => { release = resolve; });
      },
    };
    const jobs = startJobs([job], (name, e) => errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`));
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    // The first run has not finished: no second one, however long it takes.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(1);
    release!();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    expect(errors).toEqual(['test job: boom']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(3);
    // Stopping waits for the run in flight, then nothing more runs.
    let stopped = false;
    const stopping = jobs.stop().then(() => { stopped = true; });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release!();
    await stopping;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(3);
  });
});
