import { sql, type Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import type { MovementCountTable, MovementPointTable } from './movements.tables.js';

/** The corridor totals' direction for the sum over every direction. */
export const ALL_DIRECTIONS = '*';

/** Rows per multi-row insert: under SQLite's 32,766 bound parameters with 21 columns. */
export const COUNT_BATCH = 1_000;

export interface TrendFilter {
  grain: 'month' | 'week';
  measure: string;
  direction?: string;
  origin?: string;
  transit?: string;
  destination?: string;
  from?: string;
  to?: string;
  /** One monitoring point: its counts are read directly (the corridor totals are summed over every point). */
  point?: string;
}

type Corridor = { origin: string; transit: string; destination: string };
/** A corridor's origin as the totals have it: the count's origin, else its nationality. */
const originOf = sql<string>`case when origin <> '' then origin else nationality end`;

/** The counts of one point matching the filter, with their bucket (the month, or the week's Monday). */
function pointCounts(db: Kysely<DB>, f: TrendFilter & { point: string }) {
  const bucket = sql.ref<string>(f.grain);
  let q = db.selectFrom('movement_counts').where('point_id', '=', f.point).where('measure', '=', f.measure).where(f.grain, 'is not', null);
  if (f.direction) q = q.where('direction', '=', f.direction);
  if (f.origin) q = q.where(originOf, '=', f.origin);
  if (f.transit) q = q.where('transit', '=', f.transit);
  if (f.destination) q = q.where('destination', '=', f.destination);
  if (f.from) q = q.where(bucket, '>=', f.from);
  if (f.to) q = q.where(bucket, '<=', f.to);
  return { q, bucket };
}

const chunks = <T>(xs: readonly T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** The SQL of flow monitoring: points, counts by natural key, corridor totals recomputed for the buckets an import touched. */
export const movementsRepo = {
  async pointsByCode(db: Kysely<DB>, orgId: string, codes: readonly string[]): Promise<Map<string, MovementPointTable>> {
    const out = new Map<string, MovementPointTable>();
    for (const part of chunks([...new Set(codes)], 500)) {
      for (const p of await db.selectFrom('movement_points').selectAll().where('org_id', '=', orgId).where('code', 'in', part).execute()) out.set(p.code, p);
    }
    return out;
  },

  async countsByKey(db: Kysely<DB>, keys: readonly string[]): Promise<Map<string, Pick<MovementCountTable, 'id' | 'nkey' | 'value'>>> {
    const out = new Map<string, Pick<MovementCountTable, 'id' | 'nkey' | 'value'>>();
    for (const part of chunks(keys, 500)) {
      for (const c of await db.selectFrom('movement_counts').select(['id', 'nkey', 'value']).where('nkey', 'in', part).execute()) out.set(c.nkey, { ...c, value: Number(c.value) });
    }
    return out;
  },

  async insertCounts(db: Kysely<DB>, rows: readonly MovementCountTable[]): Promise<void> {
    for (const part of chunks(rows, COUNT_BATCH)) if (part.length) await db.insertInto('movement_counts').values(part).execute();
  },

  async updateCount(db: Kysely<DB>, id: string, set: Pick<MovementCountTable, 'value' | 'batch_id' | 'source_row' | 'updated_at'>): Promise<void> {
    await db.updateTable('movement_counts').set(set).where('id', '=', id).execute();
  },

  /**
   * Recomputes the corridor totals of the given months and weeks from the counts, in the caller's
   * transaction: a corridor's origin is the count's origin, else its nationality.
   */
  async refreshCorridors(db: Kysely<DB>, buckets: { month: readonly string[]; week: readonly string[] }): Promise<void> {
    for (const grain of ['month', 'week'] as const) {
      for (const part of chunks(buckets[grain], 200)) {
        if (!part.length) continue;
        await db.deleteFrom('movement_corridor_totals').where('grain', '=', grain).where('bucket', 'in', part).execute();
        // By direction, and over every direction ('*'): a trend that names no direction reads half the rows.
        for (const byDirection of [true, false]) {
          const origin = sql<string>`case when origin <> '' then origin else nationality end`;
          await db.insertInto('movement_corridor_totals')
            .columns(['grain', 'bucket', 'origin', 'transit', 'destination', 'measure', 'direction', 'value'])
            .expression((eb) => eb.selectFrom('movement_counts')
              .select([
                sql.lit(grain).as('grain'), sql.ref(grain).as('bucket'), origin.as('origin'), 'transit', 'destination', 'measure',
                byDirection ? sql<string>`direction`.as('direction') : sql.lit(ALL_DIRECTIONS).as('direction'), eb.fn.sum<number>('value').as('value'),
              ])
              .where(grain, 'in', part)
              .groupBy([grain, origin, 'transit', 'destination', 'measure', ...(byDirection ? ['direction' as const] : [])]))
            .execute();
        }
      }
    }
  },

  /** Totals by corridor and bucket, for the corridors matching the filter. */
  async corridorSeries(db: Kysely<DB>, f: TrendFilter, corridors: readonly Corridor[]) {
    if (f.point) {
      const { q, bucket } = pointCounts(db, { ...f, point: f.point });
      const rows = await q
        .select([originOf.as('origin'), 'transit', 'destination', bucket.as('bucket'), (eb) => eb.fn.sum<number>('value').as('value')])
        .where((eb) => eb.or(corridors.map((c) => eb.and([eb(originOf, '=', c.origin), eb('transit', '=', c.transit), eb('destination', '=', c.destination)]))))
        .groupBy([originOf, 'transit', 'destination', bucket]).execute();
      return rows.map((r) => ({ ...r, value: Number(r.value) }));
    }
    let q = db.selectFrom('movement_corridor_totals')
      .select(['origin', 'transit', 'destination', 'bucket', (eb) => eb.fn.sum<number>('value').as('value')])
      .where('grain', '=', f.grain).where('measure', '=', f.measure);
    q = q.where('direction', '=', f.direction ?? ALL_DIRECTIONS);
    if (f.from) q = q.where('bucket', '>=', f.from);
    if (f.to) q = q.where('bucket', '<=', f.to);
    q = q.where((eb) => eb.or(corridors.map((c) => eb.and([eb('origin', '=', c.origin), eb('transit', '=', c.transit), eb('destination', '=', c.destination)]))));
    return (await q.groupBy(['origin', 'transit', 'destination', 'bucket']).execute()).map((r) => ({ ...r, value: Number(r.value) }));
  },

  /** Corridors by their total over the window, largest first. */
  async topCorridors(db: Kysely<DB>, f: TrendFilter, limit: number) {
    if (f.point) {
      const { q } = pointCounts(db, { ...f, point: f.point });
      const rows = await q.select([originOf.as('origin'), 'transit', 'destination', (eb) => eb.fn.sum<number>('value').as('value')])
        .groupBy([originOf, 'transit', 'destination'])
        .orderBy(sql`sum(value)`, 'desc').orderBy(originOf).orderBy('transit').orderBy('destination').limit(limit).execute();
      return rows.map((r) => ({ ...r, value: Number(r.value) }));
    }
    let q = db.selectFrom('movement_corridor_totals')
      .select(['origin', 'transit', 'destination', (eb) => eb.fn.sum<number>('value').as('value')])
      .where('grain', '=', f.grain).where('measure', '=', f.measure);
    q = q.where('direction', '=', f.direction ?? ALL_DIRECTIONS);
    if (f.origin) q = q.where('origin', '=', f.origin);
    if (f.transit) q = q.where('transit', '=', f.transit);
    if (f.destination) q = q.where('destination', '=', f.destination);
    if (f.from) q = q.where('bucket', '>=', f.from);
    if (f.to) q = q.where('bucket', '<=', f.to);
    const rows = await q.groupBy(['origin', 'transit', 'destination'])
      .orderBy(sql`sum(value)`, 'desc').orderBy('origin').orderBy('transit').orderBy('destination').limit(limit).execute();
    return rows.map((r) => ({ ...r, value: Number(r.value) }));
  },
};
