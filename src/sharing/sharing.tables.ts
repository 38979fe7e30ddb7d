/** The tables the sharing module owns: data-sharing agreements, their parties (with each party's approval), and the transfer register. */
export interface SharingAgreementTable {
  id: string;
  title: string;
  purpose: string;
  /** JSON array of DATA_KINDS. */
  kinds: string;
  granularity: string;
  /** JSON array of field names the agreement lets go out; empty: aggregates of the kinds, no columns named. */
  fields: string;
  /** UTC days, YYYY-MM-DD, both included. */
  starts_on: string;
  expires_on: string;
  document_ref: string;
  /** The account (or `operator`) that drafted it, and its organisation. */
  drafted_by: string;
  drafted_by_org: string | null;
  created_at: string;
  /** When `agreement.lapsed` was raised for it (once, after its expiry day); null until then. */
  lapse_announced_at: string | null;
}

/** A party to an agreement, with its approval: who (an account of that party), in which role, and when; null until approved. */
export interface SharingPartyTable {
  agreement_id: string;
  org_id: string;
  role: string;
  approved_by: string | null;
  approved_role: string | null;
  approved_at: string | null;
}

/**
 * The transfer register: one row per transfer of data out of an organisation, never updated or deleted
 * (the database refuses it), each also in the keyed audit chain.
 */
export interface SharingTransferTable {
  id: string;
  at: string;
  /** An account id, `operator`, or `event` when a domain event registered it: never a name. */
  actor: string;
  from_org_id: string;
  /** The receiving organisation; null for the joint platform itself (an import, a validated report). */
  to_org_id: string | null;
  kind: string;
  agreement_id: string | null;
  legal_basis: string | null;
  rows: number;
  /** JSON array of the fields sent. */
  fields: string;
  purpose: string | null;
  /** The domain event that registered it, and a key that keeps one cause from registering twice. */
  source_event: string | null;
  source_key: string | null;
}

/** A published table's suppression pattern (JSON array of cell keys), kept for its next release. */
export interface SharingReleaseTable {
  table_key: string;
  suppressed: string;
  released_at: string;
}

declare module '../core/tables.js' {
  interface DB {
    sharing_agreements: SharingAgreementTable;
    sharing_parties: SharingPartyTable;
    sharing_transfers: SharingTransferTable;
    sharing_releases: SharingReleaseTable;
  }
}
