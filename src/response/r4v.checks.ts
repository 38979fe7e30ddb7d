/**
 * R4V's quality checks as pure functions (its R code's 2_data_quality_check.R and fct_error_report.R): the 19
 * checks of every 5W row, the 3 checks of the consolidated report (consolidation.rules.ts `outputChecks`),
 * and targets against people in need. R's three-valued logic is kept: a comparison with an empty cell is not
 * a hit (R's `ifelse` gives NA, not "Review").
 */
import type { R4vRow } from './r4v.layout.js';

export const ROW_CHECKS = [
  'missingcountry', 'countryadmincheck', 'admin1and2check', 'miss_appeal_org', 'miss_setup', 'miss_implementing_org', 'miss_month',
  'missing_what', 'wrongsectindicator', 'zeroCVA', 'missingmechanism', 'CVANotoYes', 'MultipurposeSector',
  'PiNNoBenef', 'NewBenefvstotal', 'PopTypeBreakdown', 'AGDBreakdown', 'CBuildingNoBenef', 'NoOutput',
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
};

/** The reference lists the checks compare with (a list not given is not checked). */
export interface CheckReference {
  /** Indicator type by sector and indicator (undefined: not one of the sector's indicators). */
  typeOf: (sector: string, indicator: string) => string | undefined;
  /** The type whose rows count people: "PiN" (2022) or "Direct Assistance" (from 2023). */
  peopleType?: string;
  capacityType?: string;
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
  const people = ref.peopleType ?? 'Direct Assistance';
  const capacity = ref.capacityType ?? 'Capacity Building';
  const type = empty(r.sector) || empty(r.indicator) ? undefined : ref.typeOf(r.sector, r.indicator);
  const hits: RowCheck[] = [];
  const hit = (c: RowCheck, cond: boolean) => { if (cond) hits.push(c); };
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
  if (type === people) {
    hit('PiNNoBenef', (n === null || n === 0) && (t === null || t === 0));
    hit('NewBenefvstotal', n !== null && t !== null && n > t);
    hit('PopTypeBreakdown', n !== null && n !== sum([r.inDestination, r.inTransit, r.hostCommunities, r.pendulars, r.returnees]));
    hit('AGDBreakdown', n !== null && n !== sum([r.girls, r.boys, r.women, r.men, r.otherUnder, r.otherAbove]));
  }
  if (type === capacity) hit('CBuildingNoBenef', t === null || t === 0);
  if (type !== undefined && type !== people && type !== capacity) hit('NoOutput', r.quantityOutput === null || r.quantityOutput === 0);
  return hits;
}

/** Every hit of every row; `row` is the row's number in its file (or its index + 2, a header row above). */
export function checkRows(rows: ReadonlyArray<R4vRow & { sourceRow?: number }>, ref: CheckReference): RowCheckHit[] {
  const out: RowCheckHit[] = [];
  rows.forEach((r, i) => {
    for (const check of rowChecks(r, ref)) out.push({ row: r.sourceRow ?? i + 2, check, ...CHECK_INFO[check] });
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
    if (p === undefined) out.push({ ...t, pin: null, message: 'a target where no people in need are known' });
    else if (t.target > p) out.push({ ...t, pin: p, message: `the target (${t.target}) is above the people in need (${p})` });
  }
  return out.sort((a, b) => key(a).localeCompare(key(b)));
}
