/**
 * The tables the protection module owns. Every personal value is stored sealed (field-crypto.ts), under the
 * person's own data key (`wrapped_key`, itself wrapped by a master key kept outside the database): erasing
 * the person's row destroys the only key that opens every copy of their data, backups included.
 */
export interface ProtectionPersonTable {
  id: string;
  /** The organisation that holds the record (the one that met the person). */
  org_id: string;
  wrapped_key: string;
  given_name: string | null; family_name: string | null; birth_date: string | null; sex: string | null; nationality: string | null; contact: string | null;
  /** Keyed hashes for exact-match search (never the values). */
  name_index: string | null; birth_index: string | null;
  purpose: string; legal_basis: string; retain_until: string;
  /** 1 for the demo's clearly labelled synthetic people. */
  synthetic: number;
  created_at: string; created_by: string; updated_at: string;
}

export interface ProtectionProfileTable {
  id: string; person_id: string; org_id: string;
  /** The screening's answers and the suggested pathways, sealed together (they are as sensitive as a name). */
  answers: string; result: string;
  rules_version: string; created_at: string; created_by: string;
}

export interface ProtectionReferralTable {
  id: string;
  /** Null once the person was erased: the referral's facts stay for the aggregates, nothing personal. */
  person_id: string | null;
  profile_id: string | null;
  from_org_id: string; to_org_id: string;
  pathway: string; priority: string; status: string;
  /** ISO3 of the country where the referral is made: what aggregates are counted by. */
  country: string;
  /** Sealed free texts: the referrer's narrative, the receiver's decline reason, outcome and feedback. */
  narrative: string | null; decline_reason: string | null; outcome: string | null; feedback: string | null;
  consent_fields: string; consent_purpose: string | null; consent_given_at: string; consent_method: string; consent_given_by: string;
  consent_withdrawn_at: string | null;
  created_at: string; created_by: string; updated_at: string;
  sent_at: string | null; due_at: string | null; acknowledged_at: string | null; answered_at: string | null;
  outcome_at: string | null; feedback_at: string | null; closed_at: string | null;
  /** Its place in a box (referral.rules.ts `boxOrder`): kept with every change of status or deadline. */
  box_order: string;
  /** When `referral.overdue` was raised for it (once). */
  overdue_raised_at: string | null;
}

/** Keys of the module other than people's: the key of the search index, wrapped like the others. */
export interface ProtectionKeyringTable { purpose: string; wrapped_key: string; created_at: string }

declare module '../core/tables.js' {
  interface DB {
    protection_people: ProtectionPersonTable;
    protection_profiles: ProtectionProfileTable;
    protection_referrals: ProtectionReferralTable;
    protection_keyring: ProtectionKeyringTable;
  }
}
