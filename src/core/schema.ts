/**
 * Table types for the query layer. Columns are portable between SQLite and PostgreSQL:
 * ids and timestamps as text, flags as 0/1 integers, JSON as text.
 */
export interface OrganisationTable {
  id: string;
  slug: string;
  name: string;
  kind: string;
  refugee_led: number;
  migrant_led: number;
  created_at: string;
}

export interface CountryTable {
  iso3: string;
  iso2: string | null;
  m49: string | null;
  name_en: string;
  name_es: string;
  name_fr: string;
  name_ar: string;
  name_pt: string;
  region: string | null;
  subregion: string | null;
  intermediate_region: string | null;
  is_pseudo: number;
}

export interface PolicyTable {
  version: string;
  theta: number;
  stale_months: number;
  disagreement_ratio: number;
  effective_from: string;
  note: string;
}

export interface ImportBatchTable {
  id: string;
  kind: string;
  file_name: string;
  file_sha256: string;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  started_at: string;
  finished_at: string;
  org_id: string | null;
  actor: string | null;
}

export interface FigureTable {
  id: string;
  nkey: string;
  ref_date: string;
  ref_year: number;
  date_precision: string;
  origin_iso3: string | null;
  host_iso3: string;
  admin_pcode: string | null;
  pop_type: string;
  sex: string;
  value: number;
  includes_protection: number;
  source_org: string;
  source_dataset: string;
  source_row: number | null;
  method: string;
  batch_id: string | null;
  version: number;
  recorded_at: string;
}

export interface FigureVersionTable {
  figure_id: string;
  version: number;
  value: number;
  batch_id: string | null;
  source_row: number | null;
  recorded_at: string;
  superseded_at: string;
}

export interface SituationTable {
  id: string;
  slug: string;
  name: string;
  kind: string;
  description: string;
  created_at: string;
}

export interface SituationPlaceTable {
  situation_id: string;
  role: string;
  code: string;
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
}

export interface AdminAreaTable { pcode: string; iso3: string; level: number; name: string; parent_pcode: string | null }
export interface PlatformTable {
  id: string; slug: string; name: string; tier: string; parent_id: string | null; situation_id: string | null;
  country_iso3: string | null; counting: string; created_at: string;
}
export interface PlatformOrgTable { platform_id: string; org_id: string; role: string; appealing: number; partner_type: string | null }
export interface SectorTable { id: string; platform_id: string; code: string; name: string; parent_id: string | null }
export interface SectorLeadTable { sector_id: string; org_id: string }
export interface IndicatorTable { code: string; name: string; unit: string; sector_code: string | null }
export interface PlanTable { id: string; platform_id: string; name: string; start_month: string; end_month: string; created_at: string }
export interface ActivityTable {
  id: string; plan_id: string; partner_org_id: string; sector_id: string; indicator_code: string; pcode: string;
  counts_pin: number; description: string; requirements_usd: number; funding_usd: number; created_at: string;
}
export interface ActivityTargetTable { activity_id: string; pop_group: string; target: number }
export interface ServiceFormulaTable { platform_id: string; org_id: string; indicator_code: string; people_per_service: number }
export interface ReportTable {
  id: string; activity_id: string; month: string; status: string; reviewer_note: string | null; updated_at: string;
  updated_by: string; reviewed_at: string | null; reviewed_by: string | null;
}
export interface ReportRowTable {
  report_id: string; pop_group: string; sex: string; age: string; reached: number; new_reached: number;
  services: number | null; converted: number;
}
export interface ReportTotalTable { report_id: string; activity_id: string; month: string; status: string; pop_group: string; reached: number; new_reached: number }
export interface MonthLockTable { platform_id: string; month: string; locked_at: string; locked_by: string }

export interface DB {
  organisations: OrganisationTable;
  countries: CountryTable;
  policies: PolicyTable;
  import_batches: ImportBatchTable;
  figures: FigureTable;
  figure_versions: FigureVersionTable;
  situations: SituationTable;
  situation_places: SituationPlaceTable;
  decisions: DecisionTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  auth_throttle: AuthThrottleTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  admin_areas: AdminAreaTable;
  platforms: PlatformTable;
  platform_orgs: PlatformOrgTable;
  sectors: SectorTable;
  sector_leads: SectorLeadTable;
  indicators: IndicatorTable;
  plans: PlanTable;
  activities: ActivityTable;
  activity_targets: ActivityTargetTable;
  service_formulas: ServiceFormulaTable;
  reports: ReportTable;
  report_rows: ReportRowTable;
  month_locks: MonthLockTable;
  report_totals: ReportTotalTable;
}
