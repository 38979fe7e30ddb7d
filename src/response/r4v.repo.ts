import { sql, type Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import type { R4vRow } from './r4v.layout.js';
import type { R4vRowTable, R4vSettingsTable } from './r4v.tables.js';

/** R4V's 5W fields and their columns. */
const FIELDS: ReadonlyArray<readonly [keyof R4vRow, keyof R4vRowTable]> = [
  ['country', 'country'], ['admin1', 'admin1'], ['admin2', 'admin2'], ['appealingOrg', 'appealing_org'], ['implementation', 'implementation'],
  ['implementingPartner', 'implementing_partner'], ['month', 'month'], ['sector', 'sector'], ['indicator', 'indicator'], ['activityName', 'activity_name'],
  ['activityDescription', 'activity_description'], ['covid19', 'covid19'], ['rmrpActivity', 'rmrp_activity'], ['cva', 'cva'], ['value', 'value'],
  ['deliveryMechanism', 'delivery_mechanism'], ['quantityOutput', 'quantity_output'], ['totalMonthly', 'total_monthly'], ['newBeneficiaries', 'new_beneficiaries'],
  ['inDestination', 'in_destination'], ['inTransit', 'in_transit'], ['hostCommunities', 'host_communities'], ['pendulars', 'pendulars'], ['returnees', 'returnees'],
  ['girls', 'girls'], ['boys', 'boys'], ['women', 'women'], ['men', 'men'], ['otherUnder', 'other_under'], ['otherAbove', 'other_above'],
];
const NUMERIC = new Set<string>(['value', 'quantity_output', 'total_monthly', 'new_beneficiaries', 'in_destination', 'in_transit', 'host_communities',
  'pendulars', 'returnees', 'girls', 'boys', 'women', 'men', 'other_under', 'other_above']);

/** A 5W row as columns. */
export function rowColumns(r: R4vRow): Omit<R4vRowTable, 'id' | 'plan_id' | 'activity_id' | 'report_id' | 'row_key' | 'source_row'> {
  return Object.fromEntries(FIELDS.map(([f, c]) => [c, r[f]])) as Omit<R4vRowTable, 'id' | 'plan_id' | 'activity_id' | 'report_id' | 'row_key' | 'source_row'>;
}
/** A stored row as the 5W row it was (numbers back from the drivers' strings or bigints). */
export function rowOf(t: R4vRowTable): R4vRow {
  return Object.fromEntries(FIELDS.map(([f, c]) => {
    const v = t[c];
    return [f, v === null || v === undefined ? null : NUMERIC.has(c) ? Number(v) : v];
  })) as unknown as R4vRow;
}

const CHUNK = 400;
async function inChunks<T>(items: readonly T[], fn: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += CHUNK) await fn(items.slice(i, i + CHUNK));
}

const statuses = (include: 'validated' | 'submitted' | 'all') =>
  include === 'validated' ? ['validated'] : include === 'submitted' ? ['validated', 'submitted'] : ['validated', 'submitted', 'draft', 'returned'];

/** Queries of R4V's settings, tables and 5W rows. */
export const r4vRepo = {
  settings: (db: Kysely<DB>, platformId: string) => db.selectFrom('r4v_settings').selectAll().where('platform_id', '=', platformId).executeTakeFirst(),
  countryModels: (db: Kysely<DB>, platformId: string) => db.selectFrom('r4v_country_models').selectAll().where('platform_id', '=', platformId).orderBy('country').execute(),
  saveSettings: async (db: Kysely<DB>, row: R4vSettingsTable, overrides: ReadonlyArray<{ country: string; model: string }>) => {
    await db.deleteFrom('r4v_settings').where('platform_id', '=', row.platform_id).execute();
    await db.insertInto('r4v_settings').values(row).execute();
    await db.deleteFrom('r4v_country_models').where('platform_id', '=', row.platform_id).execute();
    if (overrides.length) await db.insertInto('r4v_country_models').values(overrides.map((o) => ({ platform_id: row.platform_id, ...o }))).execute();
  },

  indicatorTypes: (db: Kysely<DB>, platformId: string) => db.selectFrom('r4v_indicator_types').select(['sector', 'indicator', 'type']).where('platform_id', '=', platformId).execute(),
  replaceIndicatorTypes: async (db: Kysely<DB>, platformId: string, rows: ReadonlyArray<{ sector: string; indicator: string; type: string }>) => {
    await db.deleteFrom('r4v_indicator_types').where('platform_id', '=', platformId).execute();
    await inChunks(rows, (c) => db.insertInto('r4v_indicator_types').values(c.map((r) => ({ platform_id: platformId, ...r }))).execute());
  },

  proportions: (db: Kysely<DB>, platformId: string, basis: string) =>
    db.selectFrom('r4v_proportions').select(['country', 'admin1', 'sector', 'shares']).where('platform_id', '=', platformId).where('basis', '=', basis).execute(),
  replaceProportions: async (db: Kysely<DB>, platformId: string, basis: string, rows: ReadonlyArray<{ country: string; admin1: string; sector: string; shares: string }>) => {
    await db.deleteFrom('r4v_proportions').where('platform_id', '=', platformId).where('basis', '=', basis).execute();
    await inChunks(rows, (c) => db.insertInto('r4v_proportions').values(c.map((r) => ({ platform_id: platformId, basis, ...r }))).execute());
  },

  pin: (db: Kysely<DB>, platformId: string, country?: string) => {
    let q = db.selectFrom('r4v_pin').select(['country', 'admin1', 'sector', 'pin', 'target']).where('platform_id', '=', platformId);
    if (country) q = q.where('country', '=', country);
    return q.execute();
  },
  replacePin: async (db: Kysely<DB>, platformId: string, rows: ReadonlyArray<{ country: string; admin1: string; sector: string; pin: number | null; target: number | null }>) => {
    await db.deleteFrom('r4v_pin').where('platform_id', '=', platformId).execute();
    await inChunks(rows, (c) => db.insertInto('r4v_pin').values(c.map((r) => ({ platform_id: platformId, ...r }))).execute());
  },

  /** What the import resolves names against: organisations, countries, the plan's activities and reports. */
  organisations: (db: Kysely<DB>) => db.selectFrom('organisations').select(['id', 'slug', 'name']).execute(),
  countries: (db: Kysely<DB>) => db.selectFrom('countries').select(['iso3', 'name_en', 'name_es']).execute(),
  indicators: (db: Kysely<DB>) => db.selectFrom('indicators').select(['code', 'name', 'sector_code']).execute(),
  areas: (db: Kysely<DB>, iso3s: readonly string[]) =>
    iso3s.length ? db.selectFrom('admin_areas').select(['pcode', 'iso3', 'level', 'name', 'parent_pcode']).where('iso3', 'in', [...iso3s]).execute() : Promise.resolve([]),
  activities: (db: Kysely<DB>, planId: string) =>
    db.selectFrom('activities').select(['id', 'partner_org_id', 'sector_id', 'indicator_code', 'pcode', 'description']).where('plan_id', '=', planId).execute(),
  reports: (db: Kysely<DB>, planId: string) =>
    db.selectFrom('reports').innerJoin('activities', 'activities.id', 'reports.activity_id')
      .select(['reports.id', 'reports.activity_id', 'reports.month', 'reports.status']).where('activities.plan_id', '=', planId).execute(),
  /** The plan's stored rows of some countries and months (what an import replaces). */
  rowsIn: (db: Kysely<DB>, planId: string, countries: readonly string[]) =>
    countries.length ? db.selectFrom('r4v_rows').selectAll().where('plan_id', '=', planId).where('country', 'in', [...countries]).execute() : Promise.resolve([]),

  insertActivities: (db: Kysely<DB>, rows: ReadonlyArray<DB['activities']>) => inChunks(rows, (c) => db.insertInto('activities').values(c).execute()),
  insertReports: (db: Kysely<DB>, rows: ReadonlyArray<DB['reports']>) => inChunks(rows, (c) => db.insertInto('reports').values(c).execute()),
  setReportStatus: (db: Kysely<DB>, ids: readonly string[], status: string, by: string, at: string) =>
    inChunks(ids, (c) => db.updateTable('reports').set({ status, updated_at: at, updated_by: by }).where('id', 'in', c).execute()),
  insertRows: (db: Kysely<DB>, rows: ReadonlyArray<R4vRowTable>) => inChunks(rows, (c) => db.insertInto('r4v_rows').values(c).execute()),
  deleteRows: (db: Kysely<DB>, ids: readonly string[]) => inChunks(ids, (c) => db.deleteFrom('r4v_rows').where('id', 'in', c).execute()),

  /** The plan's rows whose report's status is included, optionally one country's. */
  rowsForReport: (db: Kysely<DB>, planId: string, include: 'validated' | 'submitted' | 'all', country?: string) => {
    let q = db.selectFrom('r4v_rows').innerJoin('reports', 'reports.id', 'r4v_rows.report_id').selectAll('r4v_rows')
      .where('r4v_rows.plan_id', '=', planId).where('reports.status', 'in', statuses(include));
    if (country) q = q.where('r4v_rows.country', '=', country);
    return q.orderBy('r4v_rows.source_row').orderBy('r4v_rows.id').execute();
  },
  countRows: async (db: Kysely<DB>, planId: string) =>
    Number((await db.selectFrom('r4v_rows').select(sql<number>`count(*)`.as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow()).n),
};
