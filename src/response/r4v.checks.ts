/**
 * R4V's quality checks as pure functions (its R code's 2_data_quality_check.R and fct_error_report.R): the 19
 * checks of every 5W row, the 3 checks of the consolidated report (consolidation.rules.ts `outputChecks`),
 * and targets against people in need. R's three-valued logic is kept: a comparison with an empty cell is not
 * a hit (R's `ifelse` gives NA, not "Review"). Two checks are Tandem's, after R4V's 19: a field the row's
 * indicator type forbids, and a CVA delivery mechanism outside the platform's list.
 */
import { typesOfYear, type CountTypes } from './consolidation.rules.js';
import { R4V_5W_COLUMNS, R4V_GROUPS, R4V_SEX_AGE, type R4vRow } from './r4v.layout.js';

export const ROW_CHECKS = [
  'missingcountry', 'countryadmincheck', 'admin1and2check', 'miss_appeal_org', 'miss_setup', 'miss_implementing_org', 'miss_month',
  'missing_what', 'wrongsectindicator', 'zeroCVA', 'missingmechanism', 'CVANotoYes', 'MultipurposeSector',
  'PiNNoBenef', 'NewBenefvstotal', 'PopTypeBreakdown', 'AGDBreakdown', 'CBuildingNoBenef', 'NoOutput',
  'TypeForbiddenField', 'UnknownMechanism',
] as const;
export type RowCheck = (typeof ROW_CHECKS)[number];

/** What each check says, and the 5W column(s) it points at. */
export const CHECK_INFO: Record<RowCheck, { columns: readonly string[]; message: string }> = {
  missingcountry: { columns: ['Country', 'Admin1'], message: 'country or admin 1 missing' },
  countryadmincheck: { columns: ['Admin1'], message: 'this admin 1 is not one of the country\'s' },
  admin1and2check: { columns: ['Admin2'], message: 'this admin 2 is not one of the admin 1\'s' },
  miss_appeal_org: { columns: ['Appealing_org'], message: 'appealing organisation missing or not a known partner' },
  miss_setup: { columns: ['Implementation'], message: 'implementation set-up missing' },
  miss_implementing_org: { columns: ['Implementing_partner'], message: 'implementing partner missing or unknown (set-up Yes), or given with set-up No' },
  miss_month: { columns: ['Month'], message: 'month missing' },
  missing_what: { columns: ['Subsector', 'Indicator', 'Activity_Name', 'RMRPActivity', 'CVA'], message: 'sector, indicator, activity name, RMRP activity or CVA missing' },
  wrongsectindicator: { columns: ['Indicator'], message: 'this indicator is not one of the sector\'s' },
  zeroCVA: { columns: ['Value'], message: 'CVA without a value' },
  missingmechanism: { columns: ['Delivery_mechanism'], message: 'CVA without a delivery mechanism' },
  CVANotoYes: { columns: ['CVA'], message: 'a delivery mechanism or a value, but CVA is No' },
  MultipurposeSector: { columns: ['CVA'], message: 'multipurpose cash is always CVA' },
  PiNNoBenef: { columns: ['New_beneficiaries', 'Total_monthly'], message: 'a people indicator with no people reached' },
  NewBenefvstotal: { columns: ['New_beneficiaries'], message: 'more new people than people reached in the month' },
  PopTypeBreakdown: { columns: ['IN_DESTINATION', 'IN_TRANSIT', 'Host_Communities', 'PENDULARS', 'Returnees'], message: 'the population groups do not add up to the new people' },
  AGDBreakdown: { columns: ['Girls', 'Boys', 'Women', 'Men', 'Other_under', 'Other_above'], message: 'sex and age do not add up to the new people' },
  CBuildingNoBenef: { columns: ['Total_monthly'], message: 'a capacity-building indicator with nobody trained' },
  NoOutput: { columns: ['Quantity_output'], message: 'an output indicator with no output' },
  TypeForbiddenField: { columns: [], message: 'a figure this indicator type does not report (its people are not counted)' },
  UnknownMechanism: { columns: ['Delivery_mechanism'], message: 'not one of the platform\'s CVA delivery mechanisms' },
};

/**
 * What a row of each indicator type must and must not hold, when the type does not count people that year
 * (rows of the year's people type get R4V's people checks: PiNNoBenef, NewBenefvstotal and the breakdowns).
 * `requires`: the figures of which one must be non-zero, and R4V's check that says so; `forbidden`: figures that
 * must be empty or 0 (Tandem's TypeForbiddenField — R4V's checks name none; its output indicators report
 * quantities, and people figures there would read as people reached). A type not listed is an output type.
 * Capacity Building forbids nothing: R4V's partners report the people trained with their sex and age.
 */
export interface TypeFields { check: RowCheck; requires: ReadonlyArray<keyof R4vRow>; forbidden: ReadonlyArray<keyof R4vRow> }
const PEOPLE_FIELDS: ReadonlyArray<keyof R4vRow> = ['totalMonthly', 'newBeneficiaries', ...R4V_GROUPS, ...R4V_SEX_AGE];
const OUTPUT: TypeFields = { check: 'NoOutput', requires: ['quantityOutput'], forbidden: PEOPLE_FIELDS };
export const R4V_TYPE_FIELDS: Readonly<Record<string, TypeFields>> = {
  'Capacity Building': { check: 'CBuildingNoBenef', requires: ['totalMonthly'], forbidden: [] },
  // The people types, in a year when they do not count (PiN from 2023, Direct Assistance in 2022): output indicators, as R4V's code treats them.
  'Direct Assistance': { check: 'NoOutput', requires: ['quantityOutput'], forbidden: [] },
  PiN: { check: 'NoOutput', requires: ['quantityOutput'], forbidden: [] },
  Infrastructure: OUTPUT, 'Mechanism/Advocacy': OUTPUT, Campaign: OUTPUT, Other: OUTPUT,
};
const HEADER_OF = new Map<keyof R4vRow, string>(R4V_5W_COLUMNS.map(([h, f]) => [f, h]));

/** The reference lists the checks compare with (a list not given is not checked). */
export interface CheckReference {
  /** Indicator type by sector and indicator (undefined: not one of the sector's indicators). */
  typeOf: (sector: string, indicator: string) => string | undefined;
  /**
   * The type(s) whose rows count people, by the year of the row's Month: "PiN" in 2022, "Direct Assistance" from
   * 2023 (the platform's rule of what counts); one type for every year, or a per-year rule. Default Direct Assistance.
   */
  peopleType?: string | CountTypes;
  /** Each type's required and forbidden fields (default R4V_TYPE_FIELDS). */
  typeFields?: Readonly<Record<string, TypeFields>>;
  /** The platform's CVA delivery mechanisms (not checked when not given). */
  mechanisms?: ReadonlySet<string>;
  /** Partner names (R4V's partner list). */
  partners?: ReadonlySet<string>;
  /** "Country Admin1" pairs, and "Admin1 Admin2" pairs, as R4V pastes them. */
  countryAdmin1?: ReadonlySet<string>;
  admin1Admin2?: ReadonlySet<string>;
}

export interface RowCheckHit { row: number; check: RowCheck; columns: readonly string[]; message: string }

const empty = (v: unknown) => v === null || v === undefined || v === '';
const na = (v: unknown) => (empty(v) ? 'NA' : String(v));
const sum = (xs: ReadonlyArray<number | null>) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

/** The checks one 5W row fails (R4V's "Review" cells). */
export function rowChecks(r: R4vRow, ref: CheckReference): RowCheck[] {
  return rowHits(r, ref).map((h) => h.check);
}

const filled = (v: unknown) => v !== null && v !== undefined && v !== '' && v !== 0;

/** The checks one 5W row fails, each with the columns it points at (for a forbidden field: the fields filled). */
export function rowHits(r: R4vRow, ref: CheckReference): Array<{ check: RowCheck; columns: readonly string[] }> {
  const people = ref.peopleType ?? 'Direct Assistance';
  const peopleTypes = typeof people === 'string' ? [people] : typesOfYear(people, r.month ?? '');
  const type = empty(r.sector) || empty(r.indicator) ? undefined : ref.typeOf(r.sector, r.indicator);
  const hits: Array<{ check: RowCheck; columns: readonly string[] }> = [];
  const hit = (c: RowCheck, cond: boolean, columns: readonly string[] = CHECK_INFO[c].columns) => { if (cond) hits.push({ check: c, columns }); };
  hit('missingcountry', empty(r.country) || empty(r.admin1));
  if (ref.countryAdmin1) hit('countryadmincheck', !ref.countryAdmin1.has(`${na(r.country)} ${na(r.admin1)}`));
  if (ref.admin1Admin2) hit('admin1and2check', !empty(r.admin2) && !ref.admin1Admin2.has(`${na(r.admin1)} ${na(r.admin2)}`));
  if (ref.partners) hit('miss_appeal_org', empty(r.appealingOrg) || !ref.partners.has(r.appealingOrg));
  hit('miss_setup', empty(r.implementation));
  const ipUnknown = empty(r.implementingPartner) || (ref.partners !== undefined && !ref.partners.has(r.implementingPartner ?? ''));
  hit('miss_implementing_org', (r.implementation === 'Yes' && ipUnknown) || (r.implementation === 'No' && !empty(r.implementingPartner)));
  hit('miss_month', empty(r.month));
  hit('missing_what', [r.sector, r.indicator, r.activityName, r.rmrpActivity, r.cva].some(empty));
  hit('wrongsectindicator', type === undefined);
  hit('zeroCVA', r.cva === 'Yes' && (r.value === null || r.value === 0));
  hit('missingmechanism', r.cva === 'Yes' && empty(r.deliveryMechanism));
  hit('CVANotoYes', (!empty(r.deliveryMechanism) || (r.value !== null && r.value > 0)) && r.cva === 'No');
  hit('MultipurposeSector', r.sector === 'Multipurpose Cash Assistance (MPC)' && r.cva === 'No');
  const n = r.newBeneficiaries;
  const t = r.totalMonthly;
  if (type !== undefined && peopleTypes.includes(type)) {
    hit('PiNNoBenef', (n === null || n === 0) && (t === null || t === 0));
    hit('NewBenefvstotal', n !== null && t !== null && n > t);
    hit('PopTypeBreakdown', n !== null && n !== sum([r.inDestination, r.inTransit, r.hostCommunities, r.pendulars, r.returnees]));
    hit('AGDBreakdown', n !== null && n !== sum([r.girls, r.boys, r.women, r.men, r.otherUnder, r.otherAbove]));
  } else if (type !== undefined) {
    const fields = (ref.typeFields ?? R4V_TYPE_FIELDS)[type] ?? OUTPUT;
    hit(fields.check, !fields.requires.some((f) => filled(r[f])), fields.requires.map((f) => HEADER_OF.get(f) ?? f));
    const wrong = fields.forbidden.filter((f) => filled(r[f]));
    hit('TypeForbiddenField', wrong.length > 0, wrong.map((f) => HEADER_OF.get(f) ?? f));
  }
  hit('UnknownMechanism', ref.mechanisms !== undefined && r.cva === 'Yes' && !empty(r.deliveryMechanism) && !ref.mechanisms.has(r.deliveryMechanism ?? ''));
  return hits;
}

/** Every hit of every row; `row` is the row's number in its file (or its index + 2, a header row above). */
export function checkRows(rows: ReadonlyArray<R4vRow & { sourceRow?: number }>, ref: CheckReference): RowCheckHit[] {
  const out: RowCheckHit[] = [];
  rows.forEach((r, i) => {
    for (const { check, columns } of rowHits(r, ref)) out.push({ row: r.sourceRow ?? i + 2, check, columns, message: CHECK_INFO[check].message });
  });
  return out;
}

/** A planned target above the people in need, per country, admin 1 and sector (R4V's target check). */
export interface TargetHit { country: string; admin1: string; sector: string; target: number; pin: number | null; message: string }

export function targetsAbovePin(
  targets: ReadonlyArray<{ country: string; admin1: string; sector: string; target: number }>,
  pin: ReadonlyArray<{ country: string; admin1: string; sector: string; pin: number }>,
): TargetHit[] {
  const key = (x: { country: string; admin1: string; sector: string }) => `${x.country}\u0000${x.admin1}\u0000${x.sector}`;
  const pinBy = new Map<string, number>();
  for (const p of pin) pinBy.set(key(p), (pinBy.get(key(p)) ?? 0) + p.pin);
  const totals = new Map<string, { country: string; admin1: string; sector: string; target: number }>();
  for (const t of targets) {
    const cur = totals.get(key(t));
    if (cur) cur.target += t.target;
    else totals.set(key(t), { ...t });
  }
  const out: TargetHit[] = [];
  for (const [k, t] of totals) {
    const p = pinBy.get(k);
    const where = `${t.country}, ${t.admin1}, ${t.sector}`;
    if (p === undefined) out.push({ ...t, pin: null, message: `${where}: a target where no people in need are known` });
    else if (t.target > p) out.push({ ...t, pin: p, message: `${where}: the target (${t.target}) is above the people in need (${p})` });
  }
  return out.sort((a, b) => key(a).localeCompare(key(b)));
}
