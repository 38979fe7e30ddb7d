import { sql, type Kysely, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/core/tables.js';
import { createFigureRepo, toRow } from '../src/figures/figure.repo.js';
import type { FigureDraft } from '../src/figures/figure.model.js';
import { createApp } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { openDatabase } from '../src/core/db.js';
import { unhcrPopulationImporter } from '../src/figures/importers/unhcr-population.js';
import { ENGINES, freshDb, PG_URL, type TestDb } from './helpers/engines.js';
import { unhcrCsv, unhcrRow, writeFile } from './helpers/files.js';

/**
 * On a first large load into `figures` on PostgreSQL, the natural-key unique constraint is dropped with the
 * foreign keys and secondary indexes (when the stored keys are held in memory) and built again at merge:
 * no repeated key may be committed, other writers wait rather than fail, and a larger table keeps it.
 */
const pgOnly = ENGINES.includes('postgres') ? describe : describe.skip;

pgOnly('the natural-key constraint of a first large load [postgres]', () => {
  let t: TestDb;
  let db: Kysely<DB>;
  let hosts: string[];
  const repo = createFigureRepo('postgres');
  const now = '2026-12-01T00:00:00Z';

  const draft = (i: number, value = i, dataset = 'first-load'): FigureDraft => ({
    refDate: '2020-12-31', datePrecision: 'day', origin: null, host: hosts[i % hosts.length]!, area: `A${i}`, type: 'REF', sex: 'total',
    value, includesProtection: false, sourceOrg: 'unhcr', sourceDataset: dataset, sourceRow: i, method: 'first-load test',
  });
  const rows = (from: number, to: number, value?: (i: number) => number, dataset?: string) =>
    Array.from({ length: to - from }, (_, k) => toRow(draft(from + k, value ? value(from + k) : from + k, dataset), null, now));
  const constraints = async (q: Kysely<DB> | Transaction<DB>) =>
    (await sql<{ conname: string }>`select conname from pg_constraint where conrelid = 'figures'::regclass and contype in ('u', 'f') order by 1`.execute(q)).rows.map((r) => r.conname);
  const count = async () => Number((await sql<{ n: string }>`select count(*) as n from figures`.execute(db)).rows[0]!.n);
  const sleep = (ms: number) => new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), ms));
  const state = <T>(p: Promise<T>) => Promise.race([p.then(() => 'done' as const, () => 'failed' as const), sleep(800)]);
  /** An insert of one figure on another connection of the pool, in its own transaction. */
  const insertOne = (i: number) => db.insertInto('figures').values(rows(i, i + 1)).execute();

  /** A first load of 30,000 figures from `from`, written (its checks dropped), then held open before its merge until released. */
  async function heldLoad(from: number) {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let loaded!: () => void;
    const ready = new Promise<void>((r) => { loaded = r; });
    const load = db.transaction().execute(async (trx) => {
      const stage = await repo.openStage(trx);
      for (let b = 0; b < 3; b++) await stage.add(rows(from + b * 10_000, from + (b + 1) * 10_000));
      await stage.drain();
      loaded();
      await gate;
      await stage.merge();
    });
    await Promise.race([ready, load]);
    return { load, release };
  }

  beforeAll(async () => {
    t = await freshDb('postgres');
    db = t.database.db;
    hosts = (await db.selectFrom('countries').select('iso3').orderBy('iso3').limit(100).execute()).map((c) => c.iso3);
  });
  afterAll(async () => { await t.dispose(); });

  it('drops the constraint on a first large load into a small table, and refuses a repeated key at merge, leaving the constraint', async () => {
    const before = await constraints(db);
    expect(before).toContain('figures_nkey_key');
    let during: string[] = [];
    const err = await db.transaction().execute(async (trx) => {
      const stage = await repo.openStage(trx);
      for (let b = 0; b < 3; b++) await stage.add(rows(b * 10_000, (b + 1) * 10_000));
      await stage.drain();
      during = await constraints(trx);
      // The same key as figure 5, a new id: what an import that failed to tell two rows apart would write.
      await stage.add(rows(30_000, 30_010).concat(rows(5, 6)));
      await stage.merge();
    }).then(() => null, (e: unknown) => e as Error & { code?: string });
    expect(during).toEqual([]);
    expect(err?.code).toBe('23505');
    expect(String(err?.message)).toMatch(/figures_nkey_key/);
    expect(await count()).toBe(0);
    expect(await constraints(db)).toEqual(before);
  }, 60_000);

  it('a figure written on another connection during the load waits for it, then is refused if the load wrote its key, written if not', async () => {
    const { load, release } = await heldLoad(100_000);
    const same = insertOne(100_007); // a key the load wrote
    const other = insertOne(200_000); // a key nobody wrote
    expect(await state(same)).toBe('waiting');
    expect(await state(other)).toBe('waiting');
    release();
    await load;
    const sameErr = await same.then(() => null, (e: { code?: string }) => e);
    expect(sameErr?.code).toBe('23505');
    await other;
    expect(await count()).toBe(30_001);
    expect(await constraints(db)).toContain('figures_nkey_key');
    await sql`delete from figures`.execute(db);
  }, 60_000);

  it('a key committed by another connection after the load read the stored keys fails the load at merge, not silently', async () => {
    await sql`delete from figures`.execute(db);
    const err = await db.transaction().execute(async (trx) => {
      const stage = await repo.openStage(trx); // holds the stored keys: none
      await insertOne(335_000); // committed on another connection, a key of the load's fourth batch
      for (let b = 0; b < 4; b++) await stage.add(rows(300_000 + b * 10_000, 300_000 + (b + 1) * 10_000));
      await stage.drain();
      expect(await constraints(trx)).toEqual([]); // the drop came after the third batch: the fourth went in unchecked
      await stage.merge();
    }).then(() => null, (e: unknown) => e as Error & { code?: string });
    // Whether the COPY (index still there) or the rebuild (index dropped) refuses it, the load fails whole.
    expect(err?.code).toBe('23505');
    expect(await count()).toBe(1);
    expect(await constraints(db)).toContain('figures_nkey_key');
    await sql`delete from figures`.execute(db);
  }, 60_000);

  it('a second import opened while the first load holds the table waits for it, then sees its figures', async () => {
    const { load, release } = await heldLoad(400_000);
    const second = db.transaction().execute(async (trx) => {
      const stage = await repo.openStage(trx);
      await stage.add(rows(400_000, 400_010).concat(rows(400_010, 400_020, (i) => i + 1)).concat(rows(500_000, 500_005)));
      return stage.merge();
    });
    expect(await state(second)).toBe('waiting');
    release();
    await load;
    expect(await second).toMatchObject({ inserted: 5, updated: 10, unchanged: 10 });
    expect(await count()).toBe(30_005);
    await sql`delete from figure_versions`.execute(db);
    await sql`delete from figures`.execute(db);
  }, 60_000);

  it('versions and updates changed figures at merge while the constraint is down, one version each', async () => {
    await db.transaction().execute(async (trx) => {
      const stage = await repo.openStage(trx);
      await stage.add(rows(600_000, 605_000));
      await stage.merge();
    });
    const merged = await db.transaction().execute(async (trx) => {
      const stage = await repo.openStage(trx);
      // Changed figures before and after the drop, fresh ones enough to pass the threshold.
      await stage.add(rows(600_000, 600_100, (i) => i + 7).concat(rows(610_000, 619_900)));
      for (let b = 0; b < 3; b++) await stage.add(rows(620_000 + b * 10_000, 620_000 + (b + 1) * 10_000));
      await stage.add(rows(600_100, 600_200, (i) => i + 7));
      await stage.drain();
      expect(await constraints(trx)).toEqual([]);
      return stage.merge();
    });
    expect(merged).toMatchObject({ inserted: 39_900, updated: 200, unchanged: 0 });
    const changed = await sql<{ n: string }>`select count(*) as n from figures where value = source_row + 7 and version = 2`.execute(db);
    expect(Number(changed.rows[0]!.n)).toBe(200);
    const versions = await sql<{ n: string }>`select count(*) as n from figure_versions`.execute(db);
    expect(Number(versions.rows[0]!.n)).toBe(200);
    expect(await constraints(db)).toContain('figures_nkey_key');
    await sql`delete from figure_versions`.execute(db);
    await sql`delete from figures`.execute(db);
  }, 60_000);

  it('keeps the constraint when the table held more figures than the import holds in memory', async () => {
    await sql`insert into figures (id, nkey, ref_date, ref_year, date_precision, host_iso3, pop_type, sex, value, source_org, source_dataset, method, version, recorded_at)
      select 'seed' || g, 'seed|' || g, '2019-12-31', 2019, 'day', ${hosts[0]!}, 'REF', 'total', g, 'unhcr', 'seed', 'seed', 1, ${now}
      from generate_series(1, 100001) g`.execute(db);
    let during: string[] = [];
    const merged = await db.transaction().execute(async (trx) => {
      const stage = await repo.openStage(trx);
      for (let b = 0; b < 11; b++) await stage.add(rows(700_000 + b * 10_000, 700_000 + (b + 1) * 10_000));
      await stage.drain();
      during = await constraints(trx);
      return stage.merge();
    });
    expect(merged.inserted).toBe(110_000);
    // The foreign keys were dropped (the load passed the table's size), the natural key was not.
    expect(during).toEqual(['figures_nkey_key']);
    expect(await constraints(db)).toContain('figures_nkey_key');
  }, 120_000);

  it('two first large imports from two processes both commit, one after the other, instead of deadlocking', async () => {
    await sql`delete from figures`.execute(db);
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
    // A second process's app on the same schema: its own pool, its own queue of writes.
    const other = openDatabase({ url: PG_URL, schema });
    try {
      const second = createApp(other);
      // 3,000 rows of 8 figures each (24,000: past the first-load threshold), of different years in each file.
      const file = (name: string, from: number) => writeFile(name, unhcrCsv(Array.from({ length: 3_000 }, (_, i) =>
        unhcrRow(from + Math.floor(i / 100), hosts[i % 100]!, hosts[(i + 1) % 100]!, i, i % 7))));
      const [a, b] = await Promise.all([
        t.app.imports.run(operatorCtx(), unhcrPopulationImporter, file('first-load-a.csv', 2000), { asOrg: 'unhcr' }),
        second.imports.run(operatorCtx(), unhcrPopulationImporter, file('first-load-b.csv', 2050), { asOrg: 'unhcr' }),
      ]);
      expect([a.inserted, b.inserted]).toEqual([24_000, 24_000]);
      expect(await count()).toBe(48_000);
      expect(await constraints(db)).toContain('figures_nkey_key');
    } finally {
      await other.close();
    }
  }, 120_000);
});

