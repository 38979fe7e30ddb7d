/**
 * R2's one reference date: where migrants come from an inclusive stock dated t (UN DESA's counts refugees
 * too), the protection figures are taken at t as well, so that M = stock − P never mixes dates. For each
 * series (origin, host, area) of a protection source:
 *  - a figure dated t is used as it is;
 *  - between the figures just before and just after t, both within the window, P(t) is interpolated;
 *  - otherwise the latest figure at or before t within the window is used;
 *  - a figure after t alone is never used; with nothing within the window of t the series is misaligned,
 *    and the latest earlier figure (if any) stands in, flagged.
 */

/** A dated value of one series. */
export interface DatedValue { date: string; value: number }

export type AlignmentMethod = 'exact' | 'interpolated' | 'carried' | 'misaligned' | 'missing';

export interface AlignedValue {
  value: number;
  method: AlignmentMethod;
  /** The figures' dates the value was taken from. */
  from: string[];
}

const DAY = 86_400_000;
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY;

/** Whole months from one date to the next (calendar months; a day's difference inside a month does not count). */
export function monthsApart(from: string, to: string): number {
  const [fy, fm, fd] = [Number(from.slice(0, 4)), Number(from.slice(5, 7)), Number(from.slice(8, 10) || '1')];
  const [ty, tm, td] = [Number(to.slice(0, 4)), Number(to.slice(5, 7)), Number(to.slice(8, 10) || '1')];
  return Math.abs((ty - fy) * 12 + (tm - fm) + (td - fd) / 31);
}

/** A series' value at date `t`, within `windowMonths` of it. */
export function valueAt(series: readonly DatedValue[], t: string, windowMonths: number): AlignedValue {
  let before: DatedValue | undefined;
  let after: DatedValue | undefined;
  for (const p of series) {
    if (p.date <= t) { if (!before || p.date > before.date) before = p; }
    else if (!after || p.date < after.date) after = p;
  }
  if (before && before.date === t) return { value: before.value, method: 'exact', from: [before.date] };
  const near = (p: DatedValue | undefined) => p !== undefined && monthsApart(p.date, t) <= windowMonths;
  if (before && after && near(before) && near(after)) {
    const span = days(before.date, after.date);
    const value = before.value + (after.value - before.value) * (days(before.date, t) / span);
    return { value: Math.round(value), method: 'interpolated', from: [before.date, after.date] };
  }
  if (before && near(before)) return { value: before.value, method: 'carried', from: [before.date] };
  if (before) return { value: before.value, method: 'misaligned', from: [before.date] };
  return { value: 0, method: 'missing', from: after ? [after.date] : [] };
}
