/** The tables the access module owns: organisations, accounts, sessions, tokens, sign-in throttling, the audit chain. */
export interface OrganisationTable {
  id: string;
  slug: string;
  name: string;
  kind: string;
  refugee_led: number;
  migrant_led: number;
  created_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipTable {
  id: string;
  user_id: string;
  org_id: string;
  role: string;
  created_at: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scope: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuthThrottleTable {
  key_hash: string;
  window_start: string;
  failures: number;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  actor_org: string | null;
  action: string;
  resource: string;
  object_id: string | null;
  outcome: string;
  request_id: string | null;
  concerned_orgs: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  /** Which audit key wrote the chain (auditKeyId); null for a chain written before keys (upgraded on first use). */
  key_id: string | null;
}

declare module '../core/tables.js' {
  interface DB {
    organisations: OrganisationTable;
    users: UserTable;
    memberships: MembershipTable;
    sessions: SessionTable;
    api_tokens: ApiTokenTable;
    auth_throttle: AuthThrottleTable;
    audit_log: AuditLogTable;
    audit_head: AuditHeadTable;
  }
}
