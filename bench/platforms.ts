/**
 * 5W dashboard benchmark (issue "5W"): a synthetic plan with 200 partners and about 1,000,000 monthly
 * report rows; the full set of dashboard figures (people reached consolidated by sector, area and group,
 * inter-sector, targets, each month's figures) computed by Tandem on SQLite and PostgreSQL, beside the same
 * aggregation done by DuckDB over the same rows in the same run (a development-only baseline).
 * Each case runs in its own process so that its peak RSS is its own.
 *
 *   node --import tsx bench/platforms.ts            all cases, printed with ratios
 *   node --import tsx bench/platforms.ts case NAME  one case (used by the above)
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { openDatabase, type Database } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { PG_URL } from './cases.js';

export const PARTNERS = 200;
const ACTIVITIES_PER_PARTNER = 14;
const SECTORS = ['protection', 'health', 'wash', 'education', 'food', 'shelter', 'integration', 'cash', 'nutrition', 'transport'];
const AREAS = 50;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
const GROUPS = ['in_destination', 'in_transit', 'pendular', 'returnees', 'host_community'];
const SEXES = ['female', 'male'];
const AGES = ['0-17', '18-59', '60+'];
const RUNS = 3;

/** Deterministic pseudo-random numbers: the same data in every engine and every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % n; };
}

interface Activity { id: string; partner: number; sector: string; area: string; pin: number }
function activities(): Activity[] {
  const r = prng(1);
  const out: Activity[] = [];
  for (let p = 0; p < PARTNERS; p++) {
    for (let k = 0; k < ACTIVITIES_PER_PARTNER; k++) {
      out.push({ id: `a${p}-${k}`, partner: p, sector: SECTORS[r(SECTORS.length)]!, area: `XA${String(r(AREAS)).padStart(3, '0')}`, pin: r(10) < 9 ? 1 : 0 });
    }
  }
  return out;
}

/** Every report row, in order: activity x month x group x sex x age (30 cells a report). */
function* reportRows(acts: Activity[]) {
  const r = prng(2);
  for (const a of acts) {
    for (const month of MONTHS) {
      const reportId = `${a.id}-${month}`;
      const status = r(20) === 0 ? 'submitted' : 'validated';
      for (const group of GROUPS) for (const sex of SEXES) for (const age of AGES) {
        const reached = r(400);
        yield { reportId, activityId: a.id, month, status, group, sex, age, reached, fresh: r(reached + 1) };
      }
    }
  }
}
export const ROWS = PARTNERS * ACTIVITIES_PER_PARTNER * MONTHS.length * GROUPS.length * SEXES.length * AGES.length;

/** Loads the plan into a Tandem database directly (multi-row inserts): the load is not what is measured. */
async function load(database: Database): Promise<string> {
  await migrate(database);
  const app = createApp(database);
  const ctx = operatorCtx();
  const db = database.db;
  await app.registries.upsertAdminAreas(ctx, Array.from({ length: AREAS }, (_, i) => ({ pcode: `XA${String(i).padStart(3, '0')}`, iso3: 'COL', level: 1, name: `Synthetic area ${i}` })));
  await app.registries.upsertIndicator(ctx, { code: 'bench.people', name: 'Synthetic', unit: 'people' });
  await app.platforms.create(ctx, { name: 'Benchmark platform (synthetic)', slug: 'bench', tier: 'national', country: 'COL', coLeads: ['iom', 'unhcr'] });
  for (const s of SECTORS) await app.platforms.addSector(ctx, 'bench', { code: s, name: s, leads: [] });
  const sectorId = new Map((await db.selectFrom('sectors').select(['id', 'code']).execute()).map((s) => [s.code, s.id]));
  const orgRows = Array.from({ length: PARTNERS }, (_, p) => ({ id: `org${p}`, slug: `bench-partner-${p}`, name: `Synthetic partner ${p}`, kind: 'ngo', refugee_led: 0, migrant_led: 0, created_at: '2025-01-01' }));
  for (let i = 0; i < orgRows.length; i += 100) await db.insertInto('organisations').values(orgRows.slice(i, i + 100)).execute();
  const platform = await db.selectFrom('platforms').select('id').where('slug', '=', 'bench').executeTakeFirstOrThrow();
  await db.insertInto('platform_orgs').values(orgRows.map((o) => ({ platform_id: platform.id, org_id: o.id, role: 'partner', appealing: 1, partner_type: 'national_ngo' }))).execute();
  const plan = await app.plans.createPlan(ctx, 'bench', { name: 'Synthetic plan', startMonth: '2025-01', endMonth: '2025-12' });
  const acts = activities();
  const actRows = acts.map((a) => ({
    id: a.id, plan_id: plan.id, partner_org_id: `org${a.partner}`, sector_id: sectorId.get(a.sector)!, indicator_code: 'bench.people', pcode: a.area,
    counts_pin: a.pin, description: 'synthetic', requirements_usd: 1000, funding_usd: 500, created_at: '2025-01-01',
  }));
  for (let i = 0; i < actRows.length; i += 500) await db.insertInto('activities').values(actRows.slice(i, i + 500)).execute();
  const targets = acts.flatMap((a, i) => GROUPS.map((g, j) => ({ activity_id: a.id, pop_group: g, target: 100 + ((i * 7 + j * 13) % 900) })));
  for (let i = 0; i < targets.length; i += 1000) await db.insertInto('activity_targets').values(targets.slice(i, i + 1000)).execute();

  const ph = (n: number, k: number, start = 1) => Array.from({ length: n }, (_, i) => `(${Array.from({ length: k }, (_, j) => (database.engine === 'postgres' ? `$${start + i * k + j}` : '?')).join(',')})`).join(',');
  await db.transaction().execute(async (trx) => {
    let reports: unknown[][] = [];
    let rows: unknown[][] = [];
    let lastReport = '';
    const flush = async () => {
      if (reports.length) await trx.executeQuery(CompiledQuery.raw(`insert into reports (id, activity_id, month, status, reviewer_note, updated_at, updated_by, reviewed_at, reviewed_by) values ${ph(reports.length, 9)}`, reports.flat()));
      if (rows.length) await trx.executeQuery(CompiledQuery.raw(`insert into report_rows (report_id, pop_group, sex, age, reached, new_reached, services, converted) values ${ph(rows.length, 8)}`, rows.flat()));
      reports = []; rows = [];
    };
    for (const r of reportRows(acts)) {
      if (r.reportId !== lastReport) {
        reports.push([r.reportId, r.activityId, r.month, r.status, null, '2025-01-01', 'bench', null, null]);
        lastReport = r.reportId;
      }
      rows.push([r.reportId, r.group, r.sex, r.age, r.reached, r.fresh, null, 0]);
      if (rows.length >= 1000) await flush();
    }
    await flush();
    // What the write path keeps with every report: its people per group, summed over sex and age.
    await trx.executeQuery(CompiledQuery.raw(`insert into report_totals (report_id, activity_id, month, status, pop_group, reached, new_reached)
      select rr.report_id, r.activity_id, r.month, r.status, rr.pop_group, sum(rr.reached), sum(rr.new_reached)
      from report_rows rr join reports r on r.id = rr.report_id group by rr.report_id, r.activity_id, r.month, r.status, rr.pop_group`));
  });
  await db.executeQuery(CompiledQuery.raw('analyze'));
  return plan.id;
}

/** The same figures in DuckDB, over the same rows, in SQL. */
async function duckdbCase(dir: string) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const acts = activities();
  const actFile = join(dir, 'activities.csv');
  const rowFile = join(dir, 'rows.csv');
  await new Promise<void>((resolve, reject) => {
    const w = createWriteStream(actFile);
    w.write('id,partner,sector,area,pin\n');
    for (const a of acts) w.write(`${a.id},${a.partner},${a.sector},${a.area},${a.pin}\n`);
    w.end(resolve); w.on('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    const w = createWriteStream(rowFile);
    w.write('report_id,activity_id,month,status,grp,sex,age,reached,new_reached\n');
    for (const r of reportRows(acts)) w.write(`${r.reportId},${r.activityId},${r.month},${r.status},${r.group},${r.sex},${r.age},${r.reached},${r.fresh}\n`);
    w.end(resolve); w.on('error', reject);
  });
  await c.run(`create table activities as select * from read_csv('${actFile}', header=true)`);
  await c.run(`create table rows as select * from read_csv('${rowFile}', header=true)`);
  await c.run(`create table reports as select distinct report_id as id, activity_id, month, status from rows`);
  await c.run(`create table report_rows as select report_id, grp, sex, age, reached, new_reached from rows`);
  await c.run('drop table rows');
  await c.run(`create table targets as select a.id as activity_id, g.grp, 100 + ((a.rn * 7 + g.j * 13) % 900) as target
    from (select id, sector, area, pin, row_number() over () - 1 as rn from activities) a
    cross join (select unnest(['in_destination','in_transit','pendular','returnees','host_community']) as grp, generate_subscripts(['in_destination','in_transit','pendular','returnees','host_community'], 1) - 1 as j) g`);
  const query = `
    with act as (
      select a.id, a.sector, a.area, rr.grp, sum(rr.new_reached) as v
      from report_rows rr join reports r on r.id = rr.report_id join activities a on a.id = r.activity_id
      where a.pin = 1 and r.status = 'validated' and r.month <= '2025-12'
      group by all),
    cell as (select sector, area, grp, max(v) as v from act group by all),
    inter as (select area, grp, max(v) as v from cell group by all),
    tact as (select a.id, a.sector, a.area, t.grp, t.target as v from targets t join activities a on a.id = t.activity_id where a.pin = 1),
    tcell as (select sector, area, grp, max(v) as v from tact group by all),
    tinter as (select area, grp, max(v) as v from tcell group by all),
    mact as (
      select a.id, a.sector, a.area, rr.grp, r.month, sum(rr.reached) as v
      from report_rows rr join reports r on r.id = rr.report_id join activities a on a.id = r.activity_id
      where a.pin = 1 and r.status = 'validated'
      group by all),
    mcell as (select month, sector, area, grp, max(v) as v from mact group by all),
    minter as (select month, area, grp, max(v) as v from mcell group by all)
    select 'sector' as d, sector as k, sum(v) as v from cell group by all
    union all select 'area', area, sum(v) from inter group by all
    union all select 'group', grp, sum(v) from inter group by all
    union all select 'all', 'all', sum(v) from inter
    union all select 'target-all', 'all', sum(v) from tinter
    union all select 'month', month, sum(v) from minter group by all`;
  const times: number[] = [];
  let interSector = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const rows = (await c.runAndReadAll(query)).getRowObjects();
    times.push((performance.now() - t0) / 1000);
    interSector = Number(rows.find((r) => r.d === 'all')!.v);
  }
  return { seconds: median(times), interSector };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function tandemCase(engine: 'sqlite' | 'postgres', dir: string) {
  let database: Database;
  let schema = '';
  if (engine === 'sqlite') database = openDatabase({ file: join(dir, 'bench.db') });
  else {
    schema = `bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    database = openDatabase({ url: PG_URL, schema });
  }
  try {
    const t0 = performance.now();
    const planId = await load(database);
    const loadSeconds = (performance.now() - t0) / 1000;
    const rssBefore = process.memoryUsage().rss;
    const app = createApp(database);
    const times: number[] = [];
    let interSector = 0;
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      const d = await app.dashboards.dashboard(planId, {});
      times.push((performance.now() - s) / 1000);
      interSector = d.peopleReached.interSector;
    }
    return { seconds: median(times), interSector, loadSeconds, rssBeforeMb: rssBefore / 1048576 };
  } finally {
    await database.close();
    if (schema) {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
}

interface Result { name: string; seconds: number; interSector: number; peakRssMb: number; loadSeconds?: number }

function runChild(name: string): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'case', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

/** Runs DuckDB, then Tandem on each engine, and prints the figures and ratios. */
export async function benchPlatforms(engines: string[]): Promise<void> {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`5W dashboard: ${PARTNERS} partners, ${fmt(PARTNERS * ACTIVITIES_PER_PARTNER)} activities, ${fmt(ROWS)} monthly report rows (synthetic); median of ${RUNS} runs`);
  const duck = runChild('duckdb');
  console.log(`  duckdb (baseline)  ${(duck.seconds * 1000).toFixed(0)} ms, peak RSS ${duck.peakRssMb.toFixed(0)} MB, inter-sector ${fmt(duck.interSector)}`);
  for (const engine of engines) {
    const r = runChild(engine);
    const same = r.interSector === duck.interSector ? 'same figures as DuckDB' : `DIFFERENT from DuckDB (${fmt(duck.interSector)})`;
    console.log(`  tandem ${engine.padEnd(10)}  ${(r.seconds * 1000).toFixed(0)} ms (load ${r.loadSeconds!.toFixed(0)} s, not measured), peak RSS ${r.peakRssMb.toFixed(0)} MB, inter-sector ${fmt(r.interSector)}: ${same}`);
    console.log(`  ${engine}: ${(r.seconds / duck.seconds).toFixed(1)}x DuckDB's time (goal within 3x); peak RSS ${r.peakRssMb.toFixed(0)} MB (goal < 500)`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, name] = process.argv.slice(2);
  if (mode === 'case' && name) {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-5w-'));
    try {
      const r = name === 'duckdb' ? await duckdbCase(dir) : await tandemCase(name as 'sqlite' | 'postgres', dir);
      console.log(JSON.stringify({ name, ...r, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    console.error('run through npm run bench (-- --no-auth --5w-only for this part)');
    process.exit(2);
  }
}
