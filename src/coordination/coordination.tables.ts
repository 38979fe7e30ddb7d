/** The tables the coordination module owns: lead-policy versions, decisions, platforms with their co-leads, partners and sectors. */
export interface PolicyTable {
  version: string;
  theta: number;
  stale_months: number;
  disagreement_ratio: number;
  effective_from: string;
  note: string;
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
}

export interface PlatformTable {
  id: string; slug: string; name: string; tier: string; parent_id: string | null; situation_id: string | null;
  country_iso3: string | null; counting: string; created_at: string;
}
export interface PlatformOrgTable { platform_id: string; org_id: string; role: string; appealing: number; partner_type: string | null }
export interface SectorTable { id: string; platform_id: string; code: string; name: string; parent_id: string | null }
export interface SectorLeadTable { sector_id: string; org_id: string }

declare module '../core/tables.js' {
  interface DB {
    policies: PolicyTable;
    decisions: DecisionTable;
    platforms: PlatformTable;
    platform_orgs: PlatformOrgTable;
    sectors: SectorTable;
    sector_leads: SectorLeadTable;
  }
}
