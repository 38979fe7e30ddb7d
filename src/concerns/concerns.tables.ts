/** The tables the concerns module owns: issues of concern (R11), the organisations each concerns, their history, and notifications. */
export interface ConcernTable {
  id: string;
  subject_kind: string;
  /** The id or reference of what the concern is about (a situation's slug, a decision's id…); null for `none`. */
  subject_ref: string | null;
  title: string;
  description: string;
  severity: string;
  level: string;
  status: string;
  /** The current level's deadline; null once resolved. */
  due_at: string | null;
  /** The agency whose recorded resolution awaits the other's acknowledgement. */
  proposed_by: string | null;
  resolution: string | null;
  /** The account that raised it; null when a domain event opened it. */
  raised_by_user: string | null;
  raised_by_org: string | null;
  /** The domain event that opened it, and a key that makes opening twice for the same cause impossible. */
  source_event: string | null;
  source_key: string | null;
  raised_at: string;
  updated_at: string;
  resolved_at: string | null;
}

export interface ConcernOrgTable { concern_id: string; org_id: string }

/** One step of a concern's life, kept for good: raised, escalated (by hand or by the clock), a resolution proposed, acknowledged or refused. */
export interface ConcernHistoryTable {
  id: string;
  concern_id: string;
  at: string;
  kind: string;
  level: string;
  /** An account id, `operator`, or `clock` / `event` for what Tandem did by itself: never a name. */
  actor: string;
  agency: string | null;
  note: string | null;
}

/** A notice in an account's inbox; `email_state` is `none`, `pending`, `sending`, `sent` or `failed` (an outbox, mailed after commit). */
export interface NotificationTable {
  id: string;
  user_id: string;
  concern_id: string;
  kind: string;
  level: string;
  created_at: string;
  read_at: string | null;
  email_state: string;
  email_attempts: number;
}

declare module '../core/tables.js' {
  interface DB {
    concerns: ConcernTable;
    concern_orgs: ConcernOrgTable;
    concern_history: ConcernHistoryTable;
    notifications: NotificationTable;
  }
}
