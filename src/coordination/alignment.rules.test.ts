import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueAt } from './alignment.rules.js';

describe('protection figures taken at the stock\'s reference date', () => {
  const series = [{ date: '2023-12-31', value: 1000 }, { date: '2024-12-31', value: 2000 }, { date: '2025-12-31', value: 9000 }];

  it('interpolates between the figures just before and after the date, when both lie within the window', () => {
    const v = valueAt(series, '2024-07-01', 12);
    expect(v.method).toBe('interpolated');
    expect(v.from).toEqual(['2023-12-31', '2024-12-31']);
    expect(v.value).toBe(1500); // 183 of the 366 days from 1,000 towards 2,000
  });

  it('uses a figure of the date itself as it is', () => {
    expect(valueAt(series, '2024-12-31', 12)).toEqual({ value: 2000, method: 'exact', from: ['2024-12-31'] });
  });

  it('carries the latest earlier figure when the next one is beyond the window', () => {
    expect(valueAt(series, '2024-07-01', 3)).toMatchObject({ method: 'misaligned', value: 1000 });
    expect(valueAt([{ date: '2024-03-31', value: 5 }], '2024-07-01', 12)).toMatchObject({ method: 'carried', value: 5 });
  });

  it('never uses a figure from after the date alone', () => {
    expect(valueAt([{ date: '2025-12-31', value: 9000 }], '2024-07-01', 24)).toEqual({ value: 0, method: 'missing', from: ['2025-12-31'] });
  });

  it('is unchanged by a figure dated after the date beyond the window, whatever its value', () => {
    const date = fc.integer({ min: 0, max: 3650 }).map((d) => new Date(Date.UTC(2015, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(fc.property(fc.array(fc.record({ date, value: fc.nat(1_000_000) }), { maxLength: 8 }), fc.nat(10_000_000), fc.integer({ min: 13, max: 120 }),
      (points, value, monthsLater) => {
        const t = '2020-06-30';
        const later = new Date(Date.UTC(2020, 5 + monthsLater, 30)).toISOString().slice(0, 10);
        const withoutLater = points.filter((p) => p.date <= t || p.date < later);
        fc.pre(withoutLater.every((p) => p.date !== later));
        expect(valueAt([...withoutLater, { date: later, value }], t, 12).value).toBe(valueAt(withoutLater, t, 12).value);
      }));
  });
});
