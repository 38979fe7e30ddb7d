/**
 * Flow counts (issue 17): BENCH_FLOW_ROWS (default 10,000,000; `--rows N`) synthetic count rows over 2,000
 * monitoring points in 20 transit countries and 36 months, loaded into each engine in its own process through
 * the module's own write path (bulk merge of `--batch N` rows per transaction, 100,000 by default: an import of a
 * large file; corridor totals kept by difference).
 * Measured through the trends service (with its small-cell suppression): the monthly trend of the corridors
 * from one origin, and
 * the top 20 corridors over the last 12 months; p50 and p99 of RUNS reads (goal p99 < 200 ms), against
 * DuckDB answering the same two questions from the same raw rows in the same run (goal within 3x). The top
 * 20 are compared with DuckDB's, corridor by corridor.
 *
 *   node --import tsx bench/movements.ts [--rows N] [--batch N]   every engine, printed
 *   node --import tsx bench/movements.ts case ENGINE     one engine or duckdb (used by the above)
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledQuery } from 'kysely';
import { createApp } from '../src/app.js';
import type { Ctx } from '../src/core/actor.js';
import { migrate } from '../src/db/migrate.js';
import { movementsRepo } from '../src/movements/movements.repo.js';
import type { MovementCountTable } from '../src/movements/movements.tables.js';
import { postgresUp, printCase, quantile, scratchDatabase } from './scratch.js';

const flag = process.argv.indexOf('--rows');
const ROWS = Number(flag > 0 ? process.argv[flag + 1] : process.env.BENCH_FLOW_ROWS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const batchFlag = process.argv.indexOf('--batch');
/** Rows per transaction while loading (`--batch N`): an import of a large file. */
const LOAD_BATCH = Number(batchFlag > 0 ? process.argv[batchFlag + 1] : process.env.BENCH_FLOW_BATCH ?? 100_000);
const POINTS = 2_000;
const MONTHS = Array.from({ length: 36 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const TRANSIT = ['PAN', 'CRI', 'NIC', 'HND', 'GTM', 'MEX', 'COL', 'ECU', 'PER', 'CHL', 'LBY', 'TUN', 'NER', 'MLI', 'TUR', 'GRC', 'SRB', 'HUN', 'YEM', 'DJI'];
const ORIGINS = ['VEN', 'HTI', 'CUB', 'ECU', 'COL', 'AFG', 'SYR', 'ERI', 'ETH', 'SOM', 'SDN', 'NGA', 'GIN', 'MLI', 'CIV', 'SEN', 'BGD', 'PAK', 'IRQ', 'IRN', 'CHN', 'IND', 'NPL', 'CMR', 'COD', 'MAR', 'DZA', 'EGY', 'TUR', 'UKR'];
const DESTINATIONS = ['USA', 'MEX', 'CAN', 'ESP', 'ITA', 'DEU', 'FRA', 'GBR', 'SAU', 'ZAF'];
const SEXES = ['f', 'm', 'total'];
const AGES = ['children', 'adults', 'elderly', 'total'];
const DIRECTIONS = ['entry', 'exit'];
const TOP_FROM = MONTHS[24]!;
const TOP_TO = MONTHS[35]!;
const TREND_ORIGIN = 'VEN';

const h = (i: number, salt: number) => {
  let x = (i * 2654435761 + salt * 40503) >>> 0;
  x ^= x >>> 15; x = Math.imul(x, 2246822519) >>> 0; x ^= x >>> 13;
  return x >>> 0;
};

interface Row { point: number; transit: string; month: string; direction: string; sex: string; age: string; origin: string; destination: string; value: number }

/**
 * The synthetic counts, point after point as an agency's files arrive: row i is at point ⌊i / (rows per
 * point)⌋, in month i mod 36, with a combination of dimensions unique at that point and month.
 */
export function* counts(): Generator<Row> {
  const perPoint = Math.ceil(ROWS / POINTS);
  for (let i = 0; i < ROWS; i++) {
    const point = Math.floor(i / perPoint);
    const j = i % perPoint;
    const d = Math.floor(j / MONTHS.length);
    const c = (d + point * 13) % 7200;
    yield {
      point, transit: TRANSIT[point % TRANSIT.length]!, month: MONTHS[j % MONTHS.length]!, origin: ORIGINS[c % 30]!,
      destination: DESTINATIONS[Math.floor(c / 30) % 10]!, sex: SEXES[Math.floor(c / 300) % 3]!, age: AGES[Math.floor(c / 900) % 4]!,
      direction: DIRECTIONS[Math.floor(c / 3600) % 2]!, value: 1 + (h(i, 1) % 60),
    };
  }
}

interface Timing { p50: number; p99: number }
/** `load`: the machine's load average over the last minute when the case ended (the machine may be shared). */
interface Result { loadSeconds: number; trend: Timing; top: Timing; top20: string[]; load: number }

async function time(fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) { const t = performance.now(); await fn(); times.push(performance.now() - t); }
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

async function tandemCase(engine: 'sqlite' | 'postgres', dir: string): Promise<Result> {
  const { database, drop } = await scratchDatabase(engine, dir, 'flows');
  try {
    await migrate(database);
    const app = createApp(database);
    const db = database.db;
    const iom = (await db.selectFrom('organisations').select('id').where('slug', '=', 'iom').executeTakeFirstOrThrow()).id;
    const t0 = performance.now();
    await db.insertInto('movement_points').values(Array.from({ length: POINTS }, (_, p) => ({
      id: `pt${p}`, org_id: iom, code: `P${p}`, name: `Point ${p}`, country: TRANSIT[p % TRANSIT.length]!, kind: 'border_crossing', lat: null, lon: null, created_by: 'bench', created_at: '2026-01-01',
    }))).execute();
    // Through the module's own write path (bulk merge, corridor totals kept by difference), a file of LOAD_BATCH rows per transaction.
    let batch: MovementCountTable[] = [];
    let n = 0;
    const flush = async () => {
      const rows = batch;
      batch = [];
      if (rows.length) await db.transaction().execute((trx) => movementsRepo.mergeCounts(trx, engine, rows));
    };
    for (const r of counts()) {
      const period = `${r.month}-01`;
      const nkey = [`pt${r.point}`, 'month', period, r.direction, 'crossings', r.sex, r.age, '', r.origin, r.destination, ''].join('|');
      batch.push({
        id: `c${n++}`, nkey, org_id: iom, point_id: `pt${r.point}`, transit: r.transit, grain: 'month', period_start: period, month: r.month, week: null, direction: r.direction,
        measure: 'crossings', sex: r.sex, age: r.age, nationality: '', origin: r.origin, destination: r.destination, transport: '', value: r.value, batch_id: 'bench',
        source_row: null, updated_at: '2026-01-01',
      });
      if (batch.length >= LOAD_BATCH) await flush();
    }
    await flush();
    await db.executeQuery(CompiledQuery.raw(engine === 'postgres' ? 'vacuum analyze' : 'analyze'));
    const loadSeconds = (performance.now() - t0) / 1000;
    const ctx: Ctx = { actor: { kind: 'user', label: 'bench', userId: 'bench', readOnly: false, memberships: [{ orgId: iom, orgSlug: 'iom', role: 'viewer' }] }, requestId: null };
    const trendQ = { grain: 'month' as const, measure: 'crossings' as const, origin: TREND_ORIGIN, limit: 5 };
    const topQ = { grain: 'month' as const, measure: 'crossings' as const, from: TOP_FROM, to: TOP_TO, limit: 20 };
    const trend = await time(() => app.flowTrends.trend(ctx, trendQ));
    const top = await time(() => app.flowTrends.topCorridors(ctx, topQ));
    const last = await app.flowTrends.topCorridors(ctx, topQ);
    return { loadSeconds, trend, top, top20: last.items.map((c) => `${c.origin}>${c.transit}>${c.destination}=${c.value}`), load: loadavg()[0]! };
  } finally {
    await database.close();
    await drop();
  }
}

/** The same two questions answered by DuckDB from the raw count rows (no corridor totals: an analyst's query). */
async function duckdbCase(dir: string): Promise<Result> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const file = join(dir, 'counts.csv');
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const w = createWriteStream(file);
    w.on('error', reject);
    w.write('point,transit,month,direction,measure,sex,age,origin,destination,value\n');
    let buf = '';
    const gen = counts();
    const pump = () => {
      for (;;) {
        const n = gen.next();
        if (n.done) { w.end(buf, () => resolve()); return; }
        const r = n.value;
        buf += `${r.point},${r.transit},${r.month},${r.direction},crossings,${r.sex},${r.age},${r.origin},${r.destination},${r.value}\n`;
        if (buf.length > 1 << 20) { const ok = w.write(buf); buf = ''; if (!ok) { w.once('drain', pump); return; } }
      }
    };
    pump();
  });
  // Every column's type given: at 10M rows the sample DuckDB guesses from holds one sex only (read as a boolean).
  const types = `{'point': 'INTEGER', 'transit': 'VARCHAR', 'month': 'VARCHAR', 'direction': 'VARCHAR', 'measure': 'VARCHAR', 'sex': 'VARCHAR', 'age': 'VARCHAR', 'origin': 'VARCHAR', 'destination': 'VARCHAR', 'value': 'BIGINT'}`;
  await c.run(`create table counts as select * from read_csv('${file}', header=true, columns=${types})`);
  const loadSeconds = (performance.now() - t0) / 1000;
  const trendSql = `with top as (select origin, transit, destination from counts where measure = 'crossings' and origin = '${TREND_ORIGIN}' group by all order by sum(value) desc, origin, transit, destination limit 5)
    select c.origin, c.transit, c.destination, c.month, sum(c.value) as value from counts c join top using (origin, transit, destination) where c.measure = 'crossings' group by all`;
  const topSql = `select origin, transit, destination, sum(value) as value from counts where measure = 'crossings' and month between '${TOP_FROM}' and '${TOP_TO}'
    group by all order by value desc, origin, transit, destination limit 20`;
  const trend = await time(async () => (await c.runAndReadAll(trendSql)).getRowObjects());
  const top = await time(async () => (await c.runAndReadAll(topSql)).getRowObjects());
  const rows = (await c.runAndReadAll(topSql)).getRowObjects();
  return { loadSeconds, trend, top, top20: rows.map((r) => `${String(r.origin)}>${String(r.transit)}>${String(r.destination)}=${Number(r.value)}`), load: loadavg()[0]! };
}

function runChild(name: string): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'case', name, '--rows', String(ROWS), '--batch', String(LOAD_BATCH)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

export async function benchMovements(engines: string[]): Promise<void> {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const duck = runChild('duckdb');
  console.log(`Movements: ${fmt(ROWS)} synthetic flow count rows over ${fmt(POINTS)} points and ${MONTHS.length} months, loaded ${fmt(LOAD_BATCH)} rows per transaction; p50/p99 of ${RUNS} reads`);
  console.log(`  duckdb (baseline, raw rows) loaded in ${duck.loadSeconds.toFixed(0)} s; trend p50 ${duck.trend.p50.toFixed(1)} ms, p99 ${duck.trend.p99.toFixed(1)} ms; top 20 p50 ${duck.top.p50.toFixed(1)} ms, p99 ${duck.top.p99.toFixed(1)} ms (load average ${duck.load.toFixed(1)})`);
  for (const engine of engines) {
    const r = runChild(engine);
    const same = r.top20.length === duck.top20.length && r.top20.every((x, i) => x === duck.top20[i]);
    console.log(`  ${engine.padEnd(8)} loaded in ${r.loadSeconds.toFixed(0)} s; trend p50 ${r.trend.p50.toFixed(1)} ms, p99 ${r.trend.p99.toFixed(1)} ms; top 20 p50 ${r.top.p50.toFixed(1)} ms, p99 ${r.top.p99.toFixed(1)} ms (goal p99 < 200; load average ${r.load.toFixed(1)})`);
    console.log(`  ${engine}: trend p99 ${(r.trend.p99 / duck.trend.p99).toFixed(2)}x DuckDB's, top 20 p99 ${(r.top.p99 / duck.top.p99).toFixed(2)}x (goal within 3x); top 20 ${same ? 'equal to DuckDB\'s' : 'DIFFERENT from DuckDB\'s'}`);
  }
}

if (process.argv[2] === 'case') {
  const name = process.argv[3]!;
  await printCase('tandem-bench-flows-', (dir) => (name === 'duckdb' ? duckdbCase(dir) : tandemCase(name as 'sqlite' | 'postgres', dir)));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchMovements(['sqlite', ...(await postgresUp() ? ['postgres'] : [])]);
}
