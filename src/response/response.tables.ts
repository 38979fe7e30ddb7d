/** The tables the response module owns: plans, activities with targets, monthly reports with their cells and totals, closed months. */
export interface PlanTable { id: string; platform_id: string; name: string; start_month: string; end_month: string; created_at: string }
export interface ActivityTable {
  id: string; plan_id: string; partner_org_id: string; sector_id: string; indicator_code: string; pcode: string;
  counts_pin: number; description: string; requirements_usd: number; funding_usd: number; created_at: string;
}
export interface ActivityTargetTable { activity_id: string; pop_group: string; target: number }
export interface ServiceFormulaTable {
  platform_id: string; org_id: string; indicator_code: string;
  /** As the partner (or a co-lead) last declared it. */
  people_per_service: number;
  /** The value in force: set when a co-lead approves (or declares) it; null until then. */
  approved_people_per_service: number | null; approved_by: string | null; approved_at: string | null;
}
export interface ReportTable {
  id: string; activity_id: string; month: string; status: string; reviewer_note: string | null; updated_at: string;
  updated_by: string; reviewed_at: string | null; reviewed_by: string | null;
  /** Why it was last returned, addressed to the partner (the reviewer note stays the reviewers'). */
  return_reason: string | null;
}
export interface ReportRowTable {
  report_id: string; pop_group: string; sex: string; age: string; reached: number; new_reached: number;
  services: number | null; converted: number;
}
/** Per report and population group, summed over sex and age, kept on every write: what dashboards read. */
export interface ReportTotalTable { report_id: string; activity_id: string; month: string; status: string; pop_group: string; reached: number; new_reached: number }
/** How a platform counts: transit as persons or times assisted, and its reports' sexes and age bands (JSON arrays). */
export interface PlatformCountingTable { platform_id: string; transit: string; sexes: string; ages: string; updated_at: string; updated_by: string }
export interface MonthLockTable { platform_id: string; month: string; locked_at: string; locked_by: string }

declare module '../core/tables.js' {
  interface DB {
    plans: PlanTable;
    activities: ActivityTable;
    activity_targets: ActivityTargetTable;
    service_formulas: ServiceFormulaTable;
    reports: ReportTable;
    report_rows: ReportRowTable;
    report_totals: ReportTotalTable;
    month_locks: MonthLockTable;
    platform_counting: PlatformCountingTable;
  }
}
