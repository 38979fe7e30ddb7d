/**
 * The resettlement and complementary pathways case pipeline (R10): the stages in order, the party
 * responsible for each (UNHCR identifies and submits; the receiving State selects, decides and receives;
 * IOM does health assessment, pre-departure orientation and movement), and the bottleneck arithmetic.
 */
export const STAGES = [
  'identification', 'submission', 'selection_interview', 'decision', 'health_assessment', 'pre_departure_orientation', 'movement', 'arrival',
] as const;
export type Stage = (typeof STAGES)[number];

export const PARTIES = ['UNHCR', 'State', 'IOM'] as const;
export type Party = (typeof PARTIES)[number];

export const RESPONSIBLE: Record<Stage, Party> = {
  identification: 'UNHCR', submission: 'UNHCR', selection_interview: 'State', decision: 'State',
  health_assessment: 'IOM', pre_departure_orientation: 'IOM', movement: 'IOM', arrival: 'State',
};

export const PATHWAYS = ['resettlement', 'family_reunification', 'labour_mobility', 'education', 'humanitarian_admission', 'community_sponsorship'] as const;
export type SolutionPathway = (typeof PATHWAYS)[number];

export const CASE_STATUSES = ['active', 'arrived', 'dropped'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DROP_REASONS = ['withdrew', 'not_selected', 'negative_decision', 'medical', 'unreachable', 'deceased', 'other'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** The stage after this one; null after arrival (the case is closed as arrived). */
export function nextStage(stage: Stage): Stage | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

/** The day of an instant, counted in days since 1970-01-01 (UTC). */
export const dayNumber = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);

/** Whole days between two instants (what time in stage is counted in). */
export const daysBetween = (from: string, to: string) => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000));

/** The organisations that may act on a case at each party: the two agencies and its receiving State. */
export interface CaseParties { unhcr: string; iom: string; state: string }

/** The organisation responsible for a stage of this case. */
export function responsibleOrg(stage: Stage, parties: CaseParties): string {
  const p = RESPONSIBLE[stage];
  return p === 'UNHCR' ? parties.unhcr : p === 'IOM' ? parties.iom : parties.state;
}

/**
 * The median of a histogram of whole days (`days` → how many cases), the lower middle value when the count
 * is even (DuckDB's `quantile_disc(days, 0.5)`): exact, and read from a few hundred rows however many cases.
 */
export function histogramMedian(bins: ReadonlyArray<{ days: number; cases: number }>): number | null {
  const sorted = [...bins].filter((b) => b.cases > 0).sort((a, b) => a.days - b.days);
  const total = sorted.reduce((n, b) => n + b.cases, 0);
  if (total === 0) return null;
  const target = Math.ceil(total / 2);
  let seen = 0;
  for (const b of sorted) {
    seen += b.cases;
    if (seen >= target) return b.days;
  }
  return sorted.at(-1)!.days;
}

/**
 * The same median over a dense histogram (`counts[days]` = cases that took that many whole days), the form
 * the pipeline keeps: parsed and merged quickly whatever the number of cases.
 */
export function denseMedian(counts: readonly number[]): number | null {
  const total = counts.reduce((n, c) => n + c, 0);
  if (total === 0) return null;
  const target = Math.ceil(total / 2);
  let seen = 0;
  for (let d = 0; d < counts.length; d++) {
    seen += counts[d]!;
    if (seen >= target) return d;
  }
  return counts.length - 1;
}

/** Adds histograms day by day. */
export function mergeCounts(all: ReadonlyArray<readonly number[]>): number[] {
  const out: number[] = [];
  for (const counts of all) for (let d = 0; d < counts.length; d++) out[d] = (out[d] ?? 0) + counts[d]!;
  for (let d = 0; d < out.length; d++) out[d] ??= 0;
  return out;
}

/** The slowest stage: the highest median days (ties go to the earlier stage); null when nothing left any stage yet. */
export function slowestStage(medians: ReadonlyArray<{ stage: Stage; medianDays: number | null }>): Stage | null {
  let best: { stage: Stage; medianDays: number } | null = null;
  for (const stage of STAGES) {
    const m = medians.find((x) => x.stage === stage)?.medianDays;
    if (m === null || m === undefined) continue;
    if (!best || m > best.medianDays) best = { stage, medianDays: m };
  }
  return best?.stage ?? null;
}
