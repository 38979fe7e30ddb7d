/**
 * R11, pure: the levels an issue of concern climbs, the deadline of each level by severity, what happens
 * when a deadline passes, and how a resolution is recorded with both agencies' acknowledgement. No I/O:
 * the service reads the state, asks these functions, and writes what they answer.
 */

/** The levels, lowest first. A concern climbs one at a time and never goes back. */
export const LEVELS = ['country', 'regional', 'headquarters', 'chiefs_of_staff'] as const;
export type Level = (typeof LEVELS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `resolution_proposed`: one agency recorded a resolution, the other has yet to acknowledge it. */
export const CONCERN_STATUSES = ['open', 'resolution_proposed', 'resolved'] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];

/** What a concern is about; `none` for a concern about nothing in particular. */
export const SUBJECT_KINDS = ['situation', 'decision', 'platform', 'referral', 'return', 'none'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** The two agencies whose acknowledgement a resolution needs. */
export const AGENCIES = ['iom', 'unhcr'] as const;
export type Agency = (typeof AGENCIES)[number];

/** The roles that act on a concern at a level: the agencies' representatives and coordinators, then the Chiefs of Staff liaison pair. */
export const ACTING_ROLES: Record<Level, readonly ('agency_representative' | 'coordinator' | 'cos_liaison')[]> = {
  country: ['agency_representative', 'coordinator'],
  regional: ['agency_representative', 'coordinator'],
  headquarters: ['agency_representative', 'coordinator'],
  chiefs_of_staff: ['cos_liaison'],
};

/**
 * Hours a level has to resolve a concern before it climbs to the next, by severity. A more severe concern
 * never waits longer at any level. The Chiefs of Staff level has a deadline too: past it the concern shows
 * as overdue, there being no level above.
 */
export const DEADLINE_HOURS: Record<Severity, Record<Level, number>> = {
  critical: { country: 24, regional: 48, headquarters: 72, chiefs_of_staff: 72 },
  high: { country: 72, regional: 120, headquarters: 168, chiefs_of_staff: 168 },
  medium: { country: 336, regional: 240, headquarters: 168, chiefs_of_staff: 168 },
  low: { country: 720, regional: 504, headquarters: 336, chiefs_of_staff: 336 },
};

const HOUR_MS = 3_600_000;

export const levelIndex = (level: Level): number => LEVELS.indexOf(level);

/** The level above, or null at the top. */
export function nextLevel(level: Level): Level | null {
  return LEVELS[levelIndex(level) + 1] ?? null;
}

/** When a level's time runs out for a concern that reached it at `from`. */
export function deadline(severity: Severity, level: Level, from: Date): string {
  return new Date(from.getTime() + DEADLINE_HOURS[severity][level] * HOUR_MS).toISOString();
}

/** What the escalation clock and the acknowledgements work on. */
export interface ConcernState {
  level: Level;
  status: ConcernStatus;
  severity: Severity;
  /** The current level's deadline; null once resolved. */
  dueAt: string | null;
  /** The agency whose resolution awaits the other's acknowledgement. */
  proposedBy: Agency | null;
}

/** A state change, or why it cannot happen (the service answers 409 with it). */
export type Outcome = { ok: true; state: ConcernState } | { ok: false; problem: string };

/** A new concern: at the country level, open, its clock started at `now`. */
export function opened(severity: Severity, now: Date): ConcernState {
  return { level: 'country', status: 'open', severity, dueAt: deadline(severity, 'country', now), proposedBy: null };
}

/** Past its level's deadline and not resolved. */
export function isOverdue(s: Pick<ConcernState, 'status' | 'dueAt'>, now: Date): boolean {
  return s.status !== 'resolved' && s.dueAt !== null && Date.parse(s.dueAt) <= now.getTime();
}

/**
 * Climbs one level: the next level's clock starts now, when its people are told (not at the missed
 * deadline, which would leave them no time after a pause of the clock). A resolution the lower level
 * had proposed lapses: the next level decides (the history keeps it).
 */
export function escalate(s: ConcernState, now: Date): Outcome {
  if (s.status === 'resolved') return { ok: false, problem: 'a resolved concern does not escalate' };
  const next = nextLevel(s.level);
  if (!next) return { ok: false, problem: 'the concern is already with the Chiefs of Staff liaison pair' };
  return { ok: true, state: { ...s, level: next, status: 'open', dueAt: deadline(s.severity, next, now), proposedBy: null } };
}

/** What the clock does at `now`: a concern past its deadline below the top climbs one level; anything else stays. */
export function tick(s: ConcernState, now: Date): ConcernState | null {
  if (!isOverdue(s, now) || nextLevel(s.level) === null) return null;
  const r = escalate(s, now);
  return r.ok ? r.state : null;
}

/** One agency records a resolution; it counts as that agency's acknowledgement. */
export function proposeResolution(s: ConcernState, agency: Agency): Outcome {
  if (s.status === 'resolved') return { ok: false, problem: 'the concern is already resolved' };
  if (s.status === 'resolution_proposed') return { ok: false, problem: `a resolution proposed by ${s.proposedBy?.toUpperCase() ?? 'an agency'} awaits acknowledgement` };
  return { ok: true, state: { ...s, status: 'resolution_proposed', proposedBy: agency } };
}

/**
 * The other agency acknowledges the proposed resolution (the concern is resolved, its clock stops) or
 * refuses it (the concern is open again at the same level, its deadline unchanged).
 */
export function acknowledge(s: ConcernState, agency: Agency, accept: boolean): Outcome {
  if (s.status !== 'resolution_proposed') return { ok: false, problem: 'no resolution awaits acknowledgement' };
  if (s.proposedBy === agency) return { ok: false, problem: 'the other agency acknowledges a resolution, not the one that proposed it' };
  if (!accept) return { ok: true, state: { ...s, status: 'open', proposedBy: null } };
  return { ok: true, state: { ...s, status: 'resolved', dueAt: null } };
}

/**
 * Who holds the concern at its level, for the policy's facts: the two agencies' staff below the top,
 * the Chiefs of Staff liaison pair at the top. A resolved concern stays with whoever resolved it.
 */
export function holders(level: Level): 'agencies' | 'liaison' {
  return level === 'chiefs_of_staff' ? 'liaison' : 'agencies';
}
