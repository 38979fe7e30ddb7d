import type { ObjectFacts } from '../core/permissions.js';
import { member } from '../core/validate.js';
import {
  AGENCIES, CONCERN_STATUSES, holders, isOverdue, LEVELS, SEVERITIES, SUBJECT_KINDS, type Agency, type ConcernState,
} from './concerns.rules.js';
import type { ConcernHistoryTable, ConcernTable } from './concerns.tables.js';
import { HISTORY_KINDS } from './concerns.schemas.js';

/** IOM's and UNHCR's organisation ids. */
export type AgencyIds = Record<Agency, string>;

/** What the policy decides on: who raised it, whom it concerns, and who holds it at its level (see concerns.policy.ts). */
export function factsOf(row: Pick<ConcernTable, 'raised_by_user' | 'level'>, orgIds: readonly string[], agencies: readonly string[]): ObjectFacts {
  const held = holders(member(LEVELS, row.level)) === 'liaison' ? { orgIds: [...agencies] } : { coLeadOrgIds: [...agencies] };
  return { userId: row.raised_by_user ?? undefined, concernedOrgIds: [...orgIds], ...held };
}

/** The stored row as the rules see it. */
export function stateOf(row: ConcernTable): ConcernState {
  return {
    level: member(LEVELS, row.level), status: member(CONCERN_STATUSES, row.status), severity: member(SEVERITIES, row.severity),
    dueAt: row.due_at, proposedBy: row.proposed_by === null ? null : member(AGENCIES, row.proposed_by),
  };
}

export interface ConcernCan { escalate: boolean; resolve: boolean; acknowledge: boolean }
export const CANNOT: ConcernCan = { escalate: false, resolve: false, acknowledge: false };

type Org = { id: string; slug: string; name: string };

/** A concern as the API shows it; the history only on the single view. */
export function presentConcern(row: ConcernTable, orgs: readonly Org[], raisedByOrg: Org | null, can: ConcernCan, now: Date) {
  const s = stateOf(row);
  return {
    id: row.id,
    subject: row.title,
    about: { kind: member(SUBJECT_KINDS, row.subject_kind), ref: row.subject_ref },
    severity: s.severity, level: s.level, status: s.status, dueAt: row.due_at, overdue: isOverdue(s, now), raisedAt: row.raised_at,
    raisedBy: {
      accountId: row.raised_by_user,
      organisation: raisedByOrg ? { slug: raisedByOrg.slug, name: raisedByOrg.name } : null,
      event: row.source_event,
    },
    organisations: orgs.map((o) => ({ slug: o.slug, name: o.name })),
    resolution: s.proposedBy && row.resolution !== null ? {
      text: row.resolution,
      proposedBy: s.proposedBy,
      acknowledgedBy: s.status === 'resolved' ? [...AGENCIES] : [s.proposedBy],
      resolvedAt: row.resolved_at,
    } : null,
    can,
  };
}

export function presentHistory(h: ConcernHistoryTable) {
  return {
    at: h.at, kind: member(HISTORY_KINDS, h.kind), level: member(LEVELS, h.level), actor: h.actor,
    agency: h.agency === null ? null : member(AGENCIES, h.agency), note: h.note,
  };
}
