/** The tables the vocabulary owns: countries, and the shared registries of admin areas and indicators. */
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

export interface AdminAreaTable { pcode: string; iso3: string; level: number; name: string; parent_pcode: string | null }
/** One country's admin-area boundaries: the normalised GeoJSON features as text (see boundary.rules.ts). */
export interface AdminBoundaryTable {
  iso3: string; features: string; feature_count: number; bytes: number; source_file: string; updated_at: string; updated_by: string;
}
export interface IndicatorTable { code: string; name: string; unit: string; sector_code: string | null }

declare module '../core/tables.js' {
  interface DB {
    countries: CountryTable;
    admin_areas: AdminAreaTable;
    admin_boundaries: AdminBoundaryTable;
    indicators: IndicatorTable;
  }
}
