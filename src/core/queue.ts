/**
 * Work that runs one job at a time in this process, in arrival order: file imports and report uploads share
 * one, so that two large uploads do not contend for SQLite's single writer (or PostgreSQL's row locks) and
 * memory stays that of one file. A failed job does not stop the next.
 */
export interface SerialQueue {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Jobs waiting or running. */
  pending(): number;
  /** Resolves when nothing is waiting or running (a shutdown waits for this). */
  idle(): Promise<void>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      pending++;
      const result = tail.then(work);
      tail = result.then(() => undefined, () => undefined).finally(() => { pending--; });
      return result;
    },
    pending: () => pending,
    idle: () => tail,
  };
}
