import { describe, expect, it } from 'vitest';
import { daysBetween, denseMedian, histogramMedian, mergeCounts, nextStage, responsibleOrg, slowestStage, STAGES } from './pipeline.rules.js';

describe('the resettlement case pipeline (R10)', () => {
  it('goes through eight stages in order and closes after arrival', () => {
    expect(STAGES.map((s) => nextStage(s))).toEqual([...STAGES.slice(1), null]);
  });

  it('gives each stage its responsible party: UNHCR, the receiving State or IOM', () => {
    const parties = { unhcr: 'U', iom: 'I', state: 'S' };
    expect(STAGES.map((s) => responsibleOrg(s, parties)).join('')).toBe('UUSSIIIS');
  });

  it('takes the lower middle of a histogram as its median (quantile_disc 0.5)', () => {
    expect(histogramMedian([])).toBeNull();
    expect(histogramMedian([{ days: 3, cases: 1 }, { days: 10, cases: 1 }])).toBe(3);
    expect(histogramMedian([{ days: 10, cases: 2 }, { days: 3, cases: 1 }])).toBe(10);
    expect(histogramMedian([{ days: 1, cases: 5 }, { days: 2, cases: 1 }, { days: 40, cases: 4 }])).toBe(1);
  });

  it('gives a dense histogram the same median, and merges histograms day by day', () => {
    expect(denseMedian([])).toBeNull();
    expect(denseMedian([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1])).toBe(3);
    expect(denseMedian([0, 5, 1])).toBe(1);
    expect(mergeCounts([[1, 0, 2], [0, 3]])).toEqual([1, 3, 2]);
  });

  it('names the stage with the highest median, the earlier one on a tie', () => {
    expect(slowestStage([{ stage: 'decision', medianDays: 40 }, { stage: 'submission', medianDays: 40 }, { stage: 'movement', medianDays: 7 }])).toBe('submission');
    expect(slowestStage([{ stage: 'decision', medianDays: null }])).toBeNull();
  });

  it('counts time in stage in whole days', () => {
    expect(daysBetween('2026-01-01T10:00:00Z', '2026-01-03T09:59:59Z')).toBe(1);
  });
});
