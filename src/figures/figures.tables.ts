/** The tables the figures module owns: figures with their versions, and the import batches that wrote them. */
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
  /** The organisation of the account that imported it (the asserting one is `source_org`). */
  imported_by_org: string | null;
  /** The source's method flags, comma-separated (see METHOD_FLAGS). */
  method_flags: string;
  /** Demo data: a real figure of the same type and place always wins over it. */
  demo: number;
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

/** An organisation lets another assert figures in its name (UNHCR to a national asylum authority); revocable. */
export interface AssertionDelegationTable {
  id: string;
  delegator_org_id: string;
  delegate_org_id: string;
  note: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

declare module '../core/tables.js' {
  interface DB {
    assertion_delegations: AssertionDelegationTable;
    import_batches: ImportBatchTable;
    figures: FigureTable;
    figure_versions: FigureVersionTable;
  }
}
