import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bulkAdd } from '../src/core/bulk.js';
import { movementsRepo } from '../src/movements/movements.repo.js';
import type { MovementCountTable } from '../src/movements/movements.tables.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

/**
 * Counts are written in bulk and the corridor totals kept by difference (no recount of the months an import
 * touches): after any sequence of imports, new counts and corrections, every total must still be the sum of
 * its counts, by month, by year and by week, by direction and over every direction.
 */
describeEachEngine('flow counts written in bulk, corridor totals kept by difference', (engine) => {
  let t: TestDb;
  let orgId: string;
  const POINTS = ['pa', 'cr', 'hn'];

  beforeAll(async () => {
    t = await freshDb(engine);
    const db = t.app.db;
    orgId = (await db.selectFrom('organisations').select('id').where('slug', '=', 'iom').executeTakeFirstOrThrow()).id;
    await db.insertInto('movement_points').values(POINTS.map((p, i) => ({
      id: p, org_id: orgId, code: p, name: p, country: ['PAN', 'CRI', 'HND'][i]!, kind: 'border_crossing', lat: null, lon: null, created_by: 't', created_at: 't',
    }))).execute();
  });
  afterAll(async () => { await t.dispose(); });

  /** A count of a point, day and combination of dimensions (i picks them), weekly counts carrying their week. */
  const count = (i: number, value: number, batch: string): MovementCountTable => {
    const point = POINTS[i % 3]!;
    const day = `202${3 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 4) * 7).padStart(2, '0')}`;
    const weekly = i % 5 === 0;
    const d = {
      grain: weekly ? 'week' : 'month', period_start: weekly ? day : `${day.slice(0, 7)}-01`, direction: ['entry', 'exit'][i % 2]!, measure: 'crossings',
      sex: ['f', 'm', 'total'][i % 3]!, age: 'total', nationality: ['VEN', 'HTI', ''][(i >> 1) % 3]!, origin: i % 7 === 0 ? 'COL' : '', destination: ['USA', ''][(i >> 2) % 2]!,
    };
    const nkey = [point, d.grain, d.period_start, d.direction, d.measure, d.sex, d.age, d.nationality, d.origin, d.destination, ''].join('|');
    return {
      id: `${batch}-${i}`, nkey, org_id: orgId, point_id: point, transit: ['PAN', 'CRI', 'HND'][i % 3]!, ...d, month: day.slice(0, 7),
      week: weekly ? day : null, transport: '', value, batch_id: batch, source_row: i, updated_at: 't',
    };
  };
  /** Distinct keys only, the last one kept (an import's rows are distinct by key). */
  const distinct = (rows: MovementCountTable[]) => [...new Map(rows.map((r) => [r.nkey, r])).values()];

  /** Every total recomputed from the counts, as `grain|bucket|origin|transit|destination|measure|direction` → value. */
  async function recount(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const counts = await t.app.db.selectFrom('movement_counts').selectAll().execute();
    const add = (k: string, v: number) => out.set(k, (out.get(k) ?? 0) + v);
    for (const c of counts) {
      const corridor = `${c.origin || c.nationality}|${c.transit}|${c.destination}|${c.measure}`;
      for (const dir of [c.direction, '*']) {
        add(`month|${c.month}|${corridor}|${dir}`, Number(c.value));
        add(`year|${c.month.slice(0, 4)}|${corridor}|${dir}`, Number(c.value));
        if (c.week) add(`week|${c.week}|${corridor}|${dir}`, Number(c.value));
      }
    }
    return new Map([...out].filter(([, v]) => v !== 0));
  }
  async function totals(): Promise<Map<string, number>> {
    const rows = await t.app.db.selectFrom('movement_corridor_totals').selectAll().execute();
    return new Map(rows.filter((r) => Number(r.value) !== 0).map((r) => [`${r.grain}|${r.bucket}|${r.origin}|${r.transit}|${r.destination}|${r.measure}|${r.direction}`, Number(r.value)]));
  }
  const merge = (rows: MovementCountTable[]) => t.app.db.transaction().execute((trx) => movementsRepo.mergeCounts(trx, engine, rows));

  it('keeps every total equal to the sum of its counts through new counts, corrections and repeats', async () => {
    const first = distinct(Array.from({ length: 400 }, (_, i) => count(i, 1 + ((i * 37) % 90), 'a')));
    expect(await merge(first)).toMatchObject({ inserted: first.length, updated: 0, unchanged: 0 });
    expect(await totals()).toEqual(await recount());

    // Half the counts corrected (up and down, one to zero), new ones beside them, the rest repeated unchanged.
    const second = distinct(Array.from({ length: 600 }, (_, i) => count(i, i < 400 && i % 2 ? 1 + ((i * 37) % 90) : i === 2 ? 0 : 3 + ((i * 11) % 50), 'b')));
    const old = new Map(first.map((r) => [r.nkey, r.value]));
    const changed = second.filter((r) => old.has(r.nkey) && old.get(r.nkey) !== r.value).length;
    const fresh = second.filter((r) => !old.has(r.nkey)).length;
    const result = await merge(second);
    expect(result).toMatchObject({ inserted: fresh, updated: changed, unchanged: second.length - fresh - changed });
    expect(changed).toBeGreaterThan(20);
    expect(result.months).toEqual([...new Set(second.filter((r) => old.get(r.nkey) !== r.value).map((r) => r.month))].sort());
    expect(await totals()).toEqual(await recount());

    expect(await merge(second)).toMatchObject({ inserted: 0, updated: 0, unchanged: second.length, months: [] });
    expect(await totals()).toEqual(await recount());
  });

  it('keeps the totals when one transaction merges twice and corrections cancel out within a corridor', async () => {
    // Two counts of the same corridor and month, corrected by +7 and −7: the total stays, the counts change.
    const base = distinct(Array.from({ length: 60 }, (_, i) => count(700 + i, 20, 'c')));
    const [x, y] = [base[0]!, { ...base[0]!, nkey: `${base[0]!.nkey}|twin`, id: 'c-twin' }];
    await merge([...base, y]);
    const before = await totals();
    const result = await t.app.db.transaction().execute(async (trx) => {
      const first = await movementsRepo.mergeCounts(trx, engine, [{ ...x, value: 27, id: 'c-x2' }, { ...y, value: 13, id: 'c-y2' }]);
      const second = await movementsRepo.mergeCounts(trx, engine, base.slice(1).map((r) => ({ ...r, value: 21, id: `${r.id}-2` })));
      return { first, second };
    });
    expect(result.first).toMatchObject({ inserted: 0, updated: 2, unchanged: 0 });
    expect(result.second).toMatchObject({ inserted: 0, updated: base.length - 1, unchanged: 0 });
    const key = `month|${x.month}|${x.origin || x.nationality}|${x.transit}|${x.destination}|${x.measure}|*`;
    expect((await totals()).get(key)).toBe(before.get(key)! + base.filter((r) => r !== x && `month|${r.month}|${r.origin || r.nationality}|${r.transit}|${r.destination}|${r.measure}|*` === key).length);
    expect(await totals()).toEqual(await recount());
  });

  it('adds running totals in bulk, text with tabs, newlines and backslashes kept as written', async () => {
    await sql`create table bulk_add_probe (k text primary key, label text, n bigint not null)`.execute(t.app.db);
    const rows = (n: number) => [['a', 'tab\there', n], ['b\\c', 'line\nbreak', 2 * n], ['d', null, 3]];
    await t.app.db.transaction().execute((trx) => bulkAdd(trx, engine, 'bulk_add_probe', { key: ['k'], sums: ['n'] }, ['k', 'label', 'n'], rows(1)));
    await t.app.db.transaction().execute((trx) => bulkAdd(trx, engine, 'bulk_add_probe', { key: ['k'], sums: ['n'] }, ['k', 'label', 'n'], rows(10).slice(0, 2)));
    const got = (await sql<{ k: string; label: string | null; n: number }>`select k, label, n from bulk_add_probe order by k`.execute(t.app.db)).rows;
    expect(got.map((r) => [r.k, r.label, Number(r.n)])).toEqual([['a', 'tab\there', 11], ['b\\c', 'line\nbreak', 22], ['d', null, 3]]);
  });
});
