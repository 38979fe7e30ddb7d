/** The tables the coordination module owns: lead-policy versions, decisions, platforms with their co-leads, partners and sectors. */
export interface PolicyTable {
  version: string;
  theta: number;
  stale_months: number;
  disagreement_ratio: number;
  alignment_months: number;
  /** k: a published count below it is suppressed (disclosure control). */
  disclosure_k: number;
  effective_from: string;
  note: string;
  published_at: string | null;
  published_by: string | null;
}

export interface DecisionTable {
  id: string;
  situation_id: string;
  arrangement: string;
  recommended_arrangement: string;
  differs: number;
  rationale: string | null;
  decided_on: string;
  iom_signatory_name: string;
  iom_signatory_org: string;
  iom_account_id: string | null;
  unhcr_signatory_name: string;
  unhcr_signatory_org: string;
  unhcr_account_id: string | null;
  policy_version: string;
  recommendation_json: string;
  created_at: string;
  status: string;
  iom_signed_at: string | null;
  unhcr_signed_at: string | null;
  /** The kept recommendation the decision answered. */
  snapshot_id: string | null;
  /** Withdrawn by its proposer or rejected by the other agency: when, by whom, why. */
  closed_at: string | null;
  closed_by: string | null;
  close_reason: string | null;
}

/** A recommendation as it was computed, with its inputs (figure ids and versions) and its policy version. */
export interface RecommendationSnapshotTable {
  id: string;
  situation_id: string;
  /** The year asked for, or null for the recommendation as of its computation. */
  year: number | null;
  computed_at: string;
  as_of: string;
  trigger: string;
  trigger_ref: string | null;
  policy_version: string;
  arrangement: string;
  provisional: number;
  share: number | null;
  /** What the result depends on, hashed: a recomputation that changes nothing keeps the last snapshot. */
  digest: string;
  result_json: string;
  summary_json: string;
}

/** A disagreement between the agencies over a situation's arrangement, kept until the concerns module takes it up (R11). */
export interface DisagreementTable {
  id: string;
  situation_id: string;
  kind: string;
  decision_id: string;
  other_decision_id: string | null;
  reason: string | null;
  raised_at: string;
}

export interface PlatformTable {
  id: string; slug: string; name: string; tier: string; parent_id: string | null; situation_id: string | null;
  country_iso3: string | null; counting: string; created_at: string;
}
export interface PlatformOrgTable { platform_id: string; org_id: string; role: string; appealing: number; partner_type: string | null }
export interface SectorTable { id: string; platform_id: string; code: string; name: string; parent_id: string | null }
export interface SectorLeadTable { sector_id: string; org_id: string }
/** An organisation named to a platform, until it answers: role co_lead, partner or sector_lead (with its sector). */
export interface PlatformInvitationTable {
  id: string; platform_id: string; org_id: string; role: string; sector_id: string | null; appealing: number; partner_type: string | null;
  invited_at: string; invited_by_org: string | null; answer: string | null; answered_at: string | null;
}

declare module '../core/tables.js' {
  interface DB {
    policies: PolicyTable;
    decisions: DecisionTable;
    recommendation_snapshots: RecommendationSnapshotTable;
    disagreements: DisagreementTable;
    platforms: PlatformTable;
    platform_orgs: PlatformOrgTable;
    sectors: SectorTable;
    sector_leads: SectorLeadTable;
    platform_invitations: PlatformInvitationTable;
  }
}
