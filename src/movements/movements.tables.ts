/**
 * The tables the movements module owns: flow-monitoring points, the counts of people passing them (flows,
 * never stocks), the corridor totals kept beside the counts for trends, the import batches, and the saved
 * mappings of untagged files.
 */
export interface MovementPointTable {
  id: string;
  /** The operating agency: the organisation that monitors the point. */
  org_id: string;
  /** The point's P-code or the agency's own code; unique for the agency. */
  code: string;
  name: string;
  /** ISO3 of the country the point is in: the transit country of the corridors counted there. */
  country: string;
  kind: string;
  lat: number | null;
  lon: number | null;
  created_by: string;
  created_at: string;
}

/** People counted passing a point in a period, by direction, measure, sex, age, nationality, origin, destination and transport. */
export interface MovementCountTable {
  id: string;
  /** Everything that identifies the count (the point and every dimension): the same key imported again is the same count. */
  nkey: string;
  org_id: string;
  point_id: string;
  /** The point's country, kept on the count so that corridor totals need no join. */
  transit: string;
  grain: string;
  period_start: string;
  /** YYYY-MM of the period. */
  month: string;
  /** The Monday of the period's ISO week (YYYY-MM-DD); null for monthly counts. */
  week: string | null;
  direction: string;
  measure: string;
  sex: string;
  age: string;
  nationality: string;
  origin: string;
  destination: string;
  transport: string;
  value: number;
  batch_id: string;
  source_row: number | null;
  updated_at: string;
}

/** Sums of the counts by corridor (origin → transit → destination), measure, direction and month or week: what trends read. */
export interface MovementCorridorTotalTable {
  grain: string;
  bucket: string;
  origin: string;
  transit: string;
  destination: string;
  measure: string;
  direction: string;
  value: number;
}

export interface MovementBatchTable {
  id: string;
  org_id: string;
  mapping: string;
  file_name: string;
  file_sha256: string;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  actor: string;
  finished_at: string;
}

/** A saved mapping of an organisation, by name: how its untagged files are read (JSON of the mapping). */
export interface ImportMappingTable {
  id: string;
  org_id: string;
  name: string;
  target: string;
  spec: string;
  updated_by: string;
  updated_at: string;
}

declare module '../core/tables.js' {
  interface DB {
    movement_points: MovementPointTable;
    movement_counts: MovementCountTable;
    movement_corridor_totals: MovementCorridorTotalTable;
    movement_batches: MovementBatchTable;
    import_mappings: ImportMappingTable;
  }
}
