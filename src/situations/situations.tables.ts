/** The tables the situations module owns: situations and the places (origins, hosts, areas) that define them. */
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

declare module '../core/tables.js' {
  interface DB {
    situations: SituationTable;
    situation_places: SituationPlaceTable;
  }
}
