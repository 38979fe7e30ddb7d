/**
 * The tables the solutions module owns: return operations with their caseload, safeguards, voluntariness
 * register, objections, movements and monitoring (R5); assisted voluntary return cases and their
 * reintegration assistance; the resettlement and pathways strategy with its targets, the UNHCR solutions
 * figures it is read against, and the case pipeline with its stage history (R10).
 */
export interface ReturnOperationTable {
  id: string;
  name: string;
  origin_iso3: string;
  host_iso3: string;
  /** The leading agency's organisation (UNHCR when the caseload includes REF/ASY/OIP, else IOM). */
  lead_org_id: string;
  /** IOM supporting a UNHCR-led return; null for an IOM-led return. */
  support_org_id: string | null;
  programme: string;
  status: string;
  monitoring_plan: string | null;
  approved_by: string | null; approved_at: string | null;
  countersigned_by: string | null; countersigned_at: string | null;
  completed_by: string | null; completed_at: string | null;
  /** The figures batch that recorded its returned refugees (RET), when any. */
  figures_batch_id: string | null;
  created_by: string; created_at: string; updated_at: string;
  synthetic: number;
}

export interface ReturnCaseloadTable { operation_id: string; pop_type: string; people: number }

export interface ReturnSafeguardTable {
  operation_id: string;
  safeguard: string;
  evidence: string;
  /** The legal framework (tripartite agreement): kind, parties (JSON array), date, document. */
  framework_kind: string | null; framework_parties: string | null; framework_signed_on: string | null; framework_document: string | null;
  /** Continued asylum: how many people stay. */
  staying: number | null;
  verified_by: string; verified_org_id: string | null; verified_at: string;
}

/** One voluntariness declaration: of a person or of a household, by a registration reference (no name). */
export interface ReturnDeclarationTable {
  id: string;
  operation_id: string;
  unit: string;
  reference: string;
  people: number;
  free: number; informed: number; express: number;
  declared_on: string;
  verified_by: string; verified_org_id: string | null; recorded_at: string;
  withdrawn_at: string | null; withdrawn_by: string | null;
  /** The movement its people left on: after departure the declaration can no longer be withdrawn. */
  departed_movement_id: string | null;
}

export interface ReturnObjectionTable { id: string; operation_id: string; org_id: string; reason: string; raised_by: string; raised_at: string }

export interface ReturnMovementTable {
  id: string; operation_id: string; kind: string; departed_on: string; arrived_on: string | null;
  /** People moved by population type (JSON object). */
  people: string; total: number;
  recorded_by: string; recorded_org_id: string | null; recorded_at: string;
}

export interface ReturnMonitoringTable {
  id: string; operation_id: string; visited_on: string; place: string; households: number; findings: string;
  recorded_by: string; recorded_org_id: string | null; recorded_at: string;
}

/** An assisted voluntary return and reintegration case of migrants (IOM), by reference. */
export interface AvrrCaseTable {
  id: string; operation_id: string; reference: string; people: number; returned_on: string | null;
  created_by: string; created_at: string;
}

export interface AvrrAssistanceTable {
  id: string; case_id: string; kind: string; amount_usd: number | null; status: string; planned_on: string; delivered_on: string | null;
  recorded_by: string; recorded_at: string;
}

export interface SolutionsStrategyTable {
  id: string; name: string; from_year: number; to_year: number; created_by: string; created_at: string; synthetic: number;
}

/** A year's target and the receiving State's pledge for one pathway and receiving country. */
export interface StrategyTargetTable {
  strategy_id: string; year: number; pathway: string; country: string; target: number; pledged: number | null; updated_at: string;
}

/** UNHCR's published solutions figures (refugees-r-package `solutions`), one series per row. */
export interface SolutionFigureTable {
  year: number; origin_iso3: string; asylum_iso3: string; series: string; value: number; source_row: number; batch_id: string;
}

export interface SolutionImportTable {
  id: string; file_name: string; file_sha256: string; rows_read: number; inserted: number; updated: number; unchanged: number;
  imported_by: string; imported_at: string;
}

/** A household in the resettlement or pathways pipeline; its head's personal fields live sealed in protection. */
export interface ResettlementCaseTable {
  id: string;
  strategy_id: string | null;
  /** The head of household's protection record (null once erased); read only by its holder's case handlers. */
  person_id: string | null;
  /** The organisation holding the case's personal record (UNHCR, which identifies it). */
  org_id: string;
  receiving_org_id: string;
  receiving_iso3: string;
  asylum_iso3: string;
  pathway: string;
  household_size: number;
  stage: string;
  status: string;
  stage_entered_at: string;
  drop_reason: string | null;
  created_by: string; created_at: string; updated_at: string;
  synthetic: number;
}

export interface ResettlementStageTable {
  case_id: string; stage: string; entered_at: string; left_at: string | null; days: number | null;
  outcome: string | null; moved_by: string | null; moved_org_id: string | null;
}

/**
 * One stage of one receiving country, kept up to date by every move: the cases in it now, the cases that
 * moved on with the histogram of their whole days in it (JSON array: `[cases after 0 days, after 1 day, …]`), and the drop-outs by
 * reason (JSON). The bottleneck view reads these few rows however many cases there are.
 */
export interface ResettlementStageStatsTable {
  receiving_iso3: string; stage: string; in_stage: number; completed: number; histogram: string; drop_outs: string;
  /** The cases in the stage now by the day they entered it (JSON `[day number since 1970, cases, …]`): who is stuck, and since when. */
  entered: string;
}

declare module '../core/tables.js' {
  interface DB {
    return_operations: ReturnOperationTable;
    return_caseloads: ReturnCaseloadTable;
    return_safeguards: ReturnSafeguardTable;
    return_declarations: ReturnDeclarationTable;
    return_objections: ReturnObjectionTable;
    return_movements: ReturnMovementTable;
    return_monitoring: ReturnMonitoringTable;
    avrr_cases: AvrrCaseTable;
    avrr_assistance: AvrrAssistanceTable;
    solutions_strategies: SolutionsStrategyTable;
    strategy_targets: StrategyTargetTable;
    solution_figures: SolutionFigureTable;
    solution_imports: SolutionImportTable;
    resettlement_cases: ResettlementCaseTable;
    resettlement_stages: ResettlementStageTable;
    resettlement_stage_stats: ResettlementStageStatsTable;
  }
}
