/**
 * Referrals between organisations (R7), pure: the lifecycle, the deadline each priority sets, what the
 * receiver may see under the person's consent, and the aggregates everyone else sees.
 */
import { DEFAULT_K, protectLine } from '../core/disclosure/index.js';
import type { Pathway } from './profiling.rules.js';

export const REFERRAL_STATUSES = ['draft', 'sent', 'acknowledged', 'accepted', 'declined', 'outcome_recorded', 'feedback_given', 'closed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const PRIORITIES = ['emergency', 'urgent', 'normal'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** R7: emergency 24 hours, urgent 72 hours, normal 14 days, from the moment the referral is sent. */
export const DEADLINE_HOURS: Record<Priority, number> = { emergency: 24, urgent: 72, normal: 14 * 24 };

/** Who takes a step: the referring organisation or the receiving one. */
export type Side = 'referrer' | 'receiver';

export const STEPS = ['send', 'acknowledge', 'accept', 'decline', 'record_outcome', 'give_feedback', 'close'] as const;
export type Step = (typeof STEPS)[number];

/** Each step: who takes it, from which statuses, to which status. */
export const TRANSITIONS: Record<Step, { by: Side; from: readonly ReferralStatus[]; to: ReferralStatus }> = {
  send: { by: 'referrer', from: ['draft'], to: 'sent' },
  acknowledge: { by: 'receiver', from: ['sent'], to: 'acknowledged' },
  accept: { by: 'receiver', from: ['sent', 'acknowledged'], to: 'accepted' },
  decline: { by: 'receiver', from: ['sent', 'acknowledged'], to: 'declined' },
  record_outcome: { by: 'receiver', from: ['accepted'], to: 'outcome_recorded' },
  give_feedback: { by: 'receiver', from: ['outcome_recorded', 'declined'], to: 'feedback_given' },
  close: { by: 'referrer', from: ['feedback_given', 'declined'], to: 'closed' },
};

/** The status a step leads to, or why it cannot be taken now. */
export function nextStatus(status: ReferralStatus, step: Step): { ok: true; to: ReferralStatus } | { ok: false; reason: string } {
  const t = TRANSITIONS[step];
  if (!t.from.includes(status)) return { ok: false, reason: `a ${status} referral cannot be ${PAST[step]} (only a ${t.from.join(' or ')} one)` };
  return { ok: true, to: t.to };
}

const PAST: Record<Step, string> = {
  send: 'sent', acknowledge: 'acknowledged', accept: 'accepted', decline: 'declined', record_outcome: 'given an outcome',
  give_feedback: 'given feedback', close: 'closed',
};

/** When a referral sent at `sentAt` with this priority must have been answered (accepted or declined). */
export function dueAt(sentAt: string, priority: Priority): string {
  return new Date(Date.parse(sentAt) + DEADLINE_HOURS[priority] * 3_600_000).toISOString();
}

/** The statuses in which a referral still waits for the receiver's answer: only these can be overdue. */
export const AWAITING_ANSWER: readonly ReferralStatus[] = ['sent', 'acknowledged'];

/** A referral is overdue when it still waits for an answer after its deadline. */
export function isOverdue(r: { status: ReferralStatus; dueAt: string | null }, now: Date): boolean {
  return r.dueAt !== null && AWAITING_ANSWER.includes(r.status) && Date.parse(r.dueAt) < now.getTime();
}

/** Where a referral stands in a box: 0 draft, 1 awaiting an answer, 2 accepted and in progress, 3 done. */
export function boxRank(status: ReferralStatus): 0 | 1 | 2 | 3 {
  if (status === 'draft') return 0;
  if (AWAITING_ANSWER.includes(status)) return 1;
  return status === 'accepted' || status === 'outcome_recorded' ? 2 : 3;
}

/** An ISO timestamp whose text sorts in the reverse order (each digit d becomes 9 - d). */
const reversed = (iso: string) => iso.replace(/\d/g, (d) => String(9 - Number(d)));

/**
 * The order of a box, as one text an index keeps sorted: drafts first (latest first), then those awaiting an
 * answer (earliest deadline first: the overdue lead), then those in progress (by deadline), then those done
 * (latest first). `1|<deadline>` below `1|<now>` is exactly "overdue", so that filter is a range of the index too.
 */
export function boxOrder(r: { status: ReferralStatus; dueAt: string | null; sentAt: string | null; createdAt: string }): string {
  const rank = boxRank(r.status);
  if ((rank === 1 || rank === 2) && r.dueAt) return `${rank}|${r.dueAt}`;
  return `${rank}|${reversed(r.sentAt ?? r.createdAt)}`;
}

/** The personal fields a consent may cover: what the receiver may read of the person, and nothing else. */
export const CONSENT_FIELDS = ['givenName', 'familyName', 'birthDate', 'sex', 'nationality', 'contact', 'profile', 'narrative'] as const;
export type ConsentField = (typeof CONSENT_FIELDS)[number];

/**
 * What the receiver may read now: the fields the consent covers while it stands, nothing once withdrawn, and
 * nothing before the referral is sent (a draft is the referrer's alone).
 */
export function sharedFields(consent: { fields: readonly ConsentField[]; withdrawnAt: string | null }, status: ReferralStatus): ReadonlySet<ConsentField> {
  if (consent.withdrawnAt !== null || status === 'draft') return new Set();
  return new Set(consent.fields);
}

/** Keeps only the covered fields of a record; the others are absent, not empty, so that nothing hints at them. */
export function pickShared<T extends Partial<Record<ConsentField, unknown>>>(record: T, fields: ReadonlySet<ConsentField>): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(record) as Array<keyof T & string>) if (fields.has(k as ConsentField)) out[k] = record[k];
  return out;
}

/** Below this many referrals a cell of the aggregates is suppressed, unless the policy in force sets another k (disclosure control). */
export const MIN_CELL = DEFAULT_K;

export interface ReferralFacts {
  country: string;
  sentAt: string;
  pathway: Pathway;
  priority: Priority;
  status: ReferralStatus;
  dueAt: string;
  acknowledgedAt: string | null;
  answeredAt: string | null;
}

export interface AggregateRow {
  country: string;
  month: string;
  sent: number | null;
  byPathway: Array<{ pathway: Pathway; count: number | null }>;
  byPriority: Array<{ priority: Priority; count: number | null }>;
  byStatus: Array<{ status: ReferralStatus; count: number | null }>;
  overdue: number | null;
  /** Median hours from sending to acknowledgement, over the acknowledged ones. */
  medianHoursToAcknowledge: number | null;
  /** Of those answered, the share answered within the deadline. */
  shareWithinDeadline: number | null;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Counts of sent referrals by country and month of sending, with cells under k suppressed (null) and, in each
 * breakdown whose total (`sent`) is published, more where a hidden cell could be recovered from the total
 * (the disclosure kit's `protectLine`), and timeliness only where enough referrals stand behind it: what
 * everyone who is not a party sees.
 */
export function aggregate(rows: readonly ReferralFacts[], now: Date, k: number = MIN_CELL): AggregateRow[] {
  const suppress = (n: number) => (n > 0 && n < k ? null : n);
  const groups = new Map<string, ReferralFacts[]>();
  for (const r of rows) {
    const key = `${r.country}|${r.sentAt.slice(0, 7)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: AggregateRow[] = [];
  for (const [key, rs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [country, month] = key.split('|') as [string, string];
    const enough = rs.length >= k;
    const count = <K extends string>(values: readonly K[], of: (r: ReferralFacts) => K) => {
      const cells = values.map((v) => ({ v, n: rs.filter((r) => of(r) === v).length })).filter((c) => c.n > 0);
      const kept = protectLine(cells.map((c) => c.n), { k, totalPublished: enough }).cells;
      return cells.map((c, i) => ({ v: c.v, n: kept[i]! }));
    };
    const acked = rs.filter((r) => r.acknowledgedAt !== null).map((r) => (Date.parse(r.acknowledgedAt!) - Date.parse(r.sentAt)) / 3_600_000);
    const answered = rs.filter((r) => r.answeredAt !== null);
    out.push({
      country, month, sent: suppress(rs.length),
      byPathway: count([...new Set(rs.map((r) => r.pathway))].sort(), (r) => r.pathway).map(({ v, n }) => ({ pathway: v, count: n })),
      byPriority: count(['emergency', 'urgent', 'normal'] as const, (r) => r.priority).map(({ v, n }) => ({ priority: v, count: n })),
      byStatus: count(REFERRAL_STATUSES.filter((s) => s !== 'draft'), (r) => r.status).map(({ v, n }) => ({ status: v, count: n })),
      overdue: suppress(rs.filter((r) => isOverdue(r, now)).length),
      medianHoursToAcknowledge: enough && acked.length >= k ? Math.round(median(acked)! * 10) / 10 : null,
      shareWithinDeadline: enough && answered.length >= k
        ? Math.round((answered.filter((r) => Date.parse(r.answeredAt!) <= Date.parse(r.dueAt)).length / answered.length) * 1000) / 1000 : null,
    });
  }
  return out;
}
