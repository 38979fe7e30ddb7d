/**
 * R4V's 5W layout as its ActivityInfo export lays it out (one row per activity × admin × month), and the
 * consolidated report's 23 columns, as data: what the reader, the writer, the checks and the consolidation share.
 */

/** One 5W row as R4V's export holds it: text as written, numbers as written (null where the cell is empty). */
export interface R4vRow {
  country: string; admin1: string; admin2: string | null;
  appealingOrg: string; implementation: string | null; implementingPartner: string | null;
  month: string; sector: string; indicator: string; activityName: string; activityDescription: string | null;
  /** 2022 layout only. */
  covid19: string | null;
  rmrpActivity: string | null; cva: string | null; value: number | null; deliveryMechanism: string | null;
  quantityOutput: number | null; totalMonthly: number | null; newBeneficiaries: number | null;
  inDestination: number | null; inTransit: number | null; hostCommunities: number | null; pendulars: number | null; returnees: number | null;
  girls: number | null; boys: number | null; women: number | null; men: number | null; otherUnder: number | null; otherAbove: number | null;
}

type Kind = 'text' | 'number';
/** The 5W columns in R4V's order: its header, the row's field, and whether it holds text or a number. */
export const R4V_5W_COLUMNS: ReadonlyArray<readonly [header: string, field: keyof R4vRow, kind: Kind]> = [
  ['Country', 'country', 'text'], ['Admin1', 'admin1', 'text'], ['Admin2', 'admin2', 'text'],
  ['Appealing_org', 'appealingOrg', 'text'], ['Implementation', 'implementation', 'text'], ['Implementing_partner', 'implementingPartner', 'text'],
  ['Month', 'month', 'text'], ['Subsector', 'sector', 'text'], ['Indicator', 'indicator', 'text'],
  ['Activity_Name', 'activityName', 'text'], ['Activity_Description', 'activityDescription', 'text'], ['COVID19', 'covid19', 'text'],
  ['RMRPActivity', 'rmrpActivity', 'text'], ['CVA', 'cva', 'text'], ['Value', 'value', 'number'], ['Delivery_mechanism', 'deliveryMechanism', 'text'],
  ['Quantity_output', 'quantityOutput', 'number'], ['Total_monthly', 'totalMonthly', 'number'], ['New_beneficiaries', 'newBeneficiaries', 'number'],
  ['IN_DESTINATION', 'inDestination', 'number'], ['IN_TRANSIT', 'inTransit', 'number'], ['Host_Communities', 'hostCommunities', 'number'],
  ['PENDULARS', 'pendulars', 'number'], ['Returnees', 'returnees', 'number'],
  ['Girls', 'girls', 'number'], ['Boys', 'boys', 'number'], ['Women', 'women', 'number'], ['Men', 'men', 'number'],
  ['Other_under', 'otherUnder', 'number'], ['Other_above', 'otherAbove', 'number'],
];
/** Columns the 2023 layout dropped: a file may lack them. */
export const R4V_OPTIONAL_COLUMNS: ReadonlySet<string> = new Set(['COVID19']);
/** Columns a row cannot do without (the activity's identity and place). */
export const R4V_REQUIRED_TEXT: ReadonlyArray<keyof R4vRow> = ['country', 'admin1', 'appealingOrg', 'month', 'sector', 'indicator', 'activityName'];

/** The population groups (persons, transit included) and the sex/age bands, in R4V's column order. */
export const R4V_GROUPS = ['inDestination', 'inTransit', 'hostCommunities', 'pendulars', 'returnees'] as const;
export const R4V_SEX_AGE = ['girls', 'boys', 'women', 'men', 'otherUnder', 'otherAbove'] as const;

/** The consolidated report's columns, in R4V's order. */
export const R4V_OUTPUT_COLUMNS = [
  'Platform', 'Country', 'Admin1', 'Month', 'Subsector', 'Monthly Total Beneficiaries', 'Monthly CVA Beneficiaries', 'Consolidated Total',
  'Consolidated In Destination', 'Consolidated In Transit', 'Consolidated Host Communities', 'Consolidated Pendular', 'Consolidated Returnees',
  'Consolidated Girls', 'Consolidated Boys', 'Consolidated Women', 'Consolidated Men', 'Consolidated Other under 18', 'Consolidated Other above 18',
  'Consolidated CVA Beneficiaries', 'Check PopType Breakdown', 'Check AGD Breakdown', 'Check CVA higher Total',
] as const;

/** The HXL hashtags of the consolidated report's columns (for the HXL export). */
export const R4V_OUTPUT_HXL = [
  '#meta+platform', '#country+name', '#adm1+name', '#date+month', '#sector+name', '#reached+monthly+total', '#reached+monthly+cva', '#reached+total',
  '#reached+indestination', '#reached+intransit', '#reached+hostcommunity', '#reached+pendular', '#reached+returnees',
  '#reached+f+children', '#reached+m+children', '#reached+f+adults', '#reached+m+adults', '#reached+other+children', '#reached+other+adults',
  '#reached+cva', '#status+check+poptype', '#status+check+agd', '#status+check+cva',
] as const;

/** R4V's 13 sectors in its template's order (the consolidated report's row order within a month). */
export const R4V_SECTORS = [
  'Education', 'Food Security', 'Health', 'Humanitarian Transportation', 'Integration', 'Multipurpose Cash Assistance (MPC)', 'Nutrition',
  'Protection (General)', 'Protection (GBV)', 'Protection (Human Trafficking and Smuggling)', 'Protection (Child Protection)', 'Shelter', 'WASH',
] as const;
export const INTERSECTOR = 'Intersector';
export const COUNTRY_LEVEL = 'Country level';

/** R4V's platforms by country (its consolidated template's Platform column). */
export const R4V_PLATFORMS: Readonly<Record<string, string>> = {
  Argentina: 'Southern Cone', Bolivia: 'Southern Cone', Paraguay: 'Southern Cone', Uruguay: 'Southern Cone',
  Aruba: 'Caribbean', 'Curaçao': 'Caribbean', 'Dominican Republic': 'Caribbean', Guyana: 'Caribbean', 'Trinidad and Tobago': 'Caribbean',
  'Costa Rica': 'Central America and Mexico', Mexico: 'Central America and Mexico', Panama: 'Central America and Mexico',
  Brazil: 'Brazil', Chile: 'Chile', Colombia: 'Colombia', Ecuador: 'Ecuador', Peru: 'Peru',
};

/** The eight countries R4V reports without admin 1 (only their "Country level" rows are published). */
export const R4V_NO_ADMIN1: readonly string[] = ['Aruba', 'Curaçao', 'Costa Rica', 'Dominican Republic', 'Trinidad and Tobago', 'Guyana', 'Mexico', 'Panama'];

/** The southern-cone model's sector groups as R4V's 1ce9709 code declares them (a platform may declare others). */
export const R4V_SOUTHERN_CONE_PARTS = [
  { combine: 'max', sectors: ['Shelter', 'Humanitarian Transportation', 'WASH', 'Food Security'] },
  { combine: 'sum', sectors: ['Protection (General)'] },
  { combine: 'sum', sectors: ['Multipurpose Cash Assistance (MPC)', 'Integration', 'Health', 'Education'] },
] as const;

/**
 * CVA delivery mechanisms, a platform's vocabulary. R4V's published guidance listing its mechanisms was not found;
 * the default is the distinct values of the Delivery_mechanism column in the R4V 5W files of
 * shared/data/r4v/consolidation (2022 and 2023).
 */
export const R4V_DELIVERY_MECHANISMS: readonly string[] = [
  'Physical cash', 'Other electronic cash mechanisms', 'Vouchers', 'Mobile money transfer', 'Bank transfer', 'Others',
];
