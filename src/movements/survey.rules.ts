/**
 * Flow Monitoring Surveys (IOM DTM): the coded answers of a consenting person interviewed at a monitoring
 * point, and the rules on consent and retention. Pure: no I/O.
 */
export const SURVEY_SEXES = ['female', 'male', 'other', 'undisclosed'] as const;
/** Age bands as DTM's flow monitoring surveys report them (respondents are adults; minors are counted, not interviewed, but a band is kept for completeness). */
export const AGE_BANDS = ['under_18', '18_25', '26_35', '36_45', '46_59', '60_plus'] as const;
export const SURVEY_REASONS = [
  'economic', 'conflict_violence', 'persecution', 'family_reunification', 'education', 'natural_disaster', 'lack_of_services', 'other',
] as const;
export const SURVEY_TRANSPORTS = ['on_foot', 'bus', 'car', 'truck', 'boat', 'plane', 'train', 'other'] as const;
export const SURVEY_NEEDS = [
  'food', 'water', 'shelter', 'health', 'cash', 'information', 'legal_assistance', 'documentation', 'protection', 'none',
] as const;
export const CONSENT_METHODS = ['verbal', 'written'] as const;

/** What aggregates are broken down by, besides the month. */
export const SURVEY_DIMENSIONS = ['nationality', 'origin', 'reason', 'destination', 'sex_age', 'transport', 'needs'] as const;
export type SurveyDimension = (typeof SURVEY_DIMENSIONS)[number];

/**
 * How long a response's personal fields are kept when the enumerator does not say: twelve months from the
 * interview, long enough for a follow-up, no longer (declared with the survey's purpose).
 */
export const DEFAULT_RETENTION_MONTHS = 12;
/** The longest retention an enumerator may declare. */
export const MAX_RETENTION_MONTHS = 36;

/** The day `months` months after `day` (YYYY-MM-DD), clamped to the month's last day. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The retention a response takes: the one declared, or the default; refused when before the interview or beyond the maximum. */
export function retentionOf(date: string, declared: string | undefined): { retainUntil: string } | { error: string } {
  const max = addMonths(date, MAX_RETENTION_MONTHS);
  if (!declared) return { retainUntil: addMonths(date, DEFAULT_RETENTION_MONTHS) };
  if (declared < date) return { error: 'must not be before the day of the interview' };
  if (declared > max) return { error: `at most ${MAX_RETENTION_MONTHS} months after the interview (${max})` };
  return { retainUntil: declared };
}

/** The category code of a sex × age band cell in the aggregates. */
export const sexAgeCode = (sex: string, age: string): string => `${sex}:${age}`;
