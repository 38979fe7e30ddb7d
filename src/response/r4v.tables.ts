/** The tables of R4V's way of counting (issue 19): settings, per-country models, indicator types, proportions, 5W rows. */
export interface R4vSettingsTable {
  platform_id: string;
  /** The platform's inter-sector model: sum, maxsector, southern-cone or conservative. */
  model: string;
  /** JSON `{ default: [...], byYear: { "2022": [...] } }`: the indicator types that count towards people reached, per year. */
  count_types: string;
  /** JSON array of the platform's CVA delivery mechanisms, or null for R4V's default list. */
  delivery_mechanisms: string | null;
  require_rmrp: number;
  /** JSON array of the countries reported without admin 1. */
  no_admin1: string;
  proportions_basis: string;
  missing_proportions: string;
  country_level_fallback: number;
  /** JSON array of the southern-cone model's sector groups, or null for R4V's. */
  sector_parts: string | null;
  updated_at: string;
  updated_by: string;
}
export interface R4vCountryModelTable { platform_id: string; country: string; model: string }
export interface R4vIndicatorTypeTable { platform_id: string; sector: string; indicator: string; type: string }
export interface R4vProportionsTable { platform_id: string; basis: string; country: string; admin1: string; sector: string; shares: string }
/** People in need and targets by country, admin 1 and sector (R4V's "PiN 2022" and "Target" sheets). */
export interface R4vPinTable { platform_id: string; country: string; admin1: string; sector: string; pin: number | null; target: number | null }
export interface R4vRowTable {
  id: string; plan_id: string; activity_id: string; report_id: string; row_key: string; source_row: number;
  country: string; admin1: string; admin2: string | null; appealing_org: string; implementation: string | null; implementing_partner: string | null;
  month: string; sector: string; indicator: string; activity_name: string; activity_description: string | null; covid19: string | null;
  rmrp_activity: string | null; cva: string | null; value: number | null; delivery_mechanism: string | null; quantity_output: number | null;
  total_monthly: number | null; new_beneficiaries: number | null; in_destination: number | null; in_transit: number | null;
  host_communities: number | null; pendulars: number | null; returnees: number | null; girls: number | null; boys: number | null;
  women: number | null; men: number | null; other_under: number | null; other_above: number | null;
}

declare module '../core/tables.js' {
  interface DB {
    r4v_settings: R4vSettingsTable;
    r4v_country_models: R4vCountryModelTable;
    r4v_indicator_types: R4vIndicatorTypeTable;
    r4v_proportions: R4vProportionsTable;
    r4v_pin: R4vPinTable;
    r4v_rows: R4vRowTable;
  }
}
