/**
 * The resettlement pipeline's bottleneck view (issue 14) over BENCH_CASES (500,000) synthetic cases with their
 * stage history (about three million stage rows), each engine in its own process: the view through the
 * pipeline service (median days per stage by receiving country, cases in and stuck in each stage, drop-outs,
 * the slowest stage), p50 and p99 of RUNS reads (goal p99 < 100 ms), against DuckDB computing the same
 * figures from the same rows with `quantile_disc` in the same run (goal within 3x). The medians are
 * compared with DuckDB's, cell by cell.
 *
 *   node --import tsx bench/solutions.ts               every engine, printed
 *   node --import tsx bench/solutions.ts case ENGINE   one engine or duckdb (used by the above)
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledQuery } from 'kysely';
import { createApp } from '../src/app.js';
import type { Ctx } from '../src/core/actor.js';
import { migrate } from '../src/db/migrate.js';
import { dayNumber, STAGES } from '../src/solutions/index.js';
import { postgresUp, printCase, quantile, scratchDatabase } from './scratch.js';

const CASES = Number(process.env.BENCH_CASES ?? 500_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const COUNTRIES = ['AUS', 'BEL', 'BRA', 'CAN', 'CHE', 'DEU', 'DNK', 'ESP', 'FIN', 'FRA', 'GBR', 'IRL', 'ITA', 'JPN', 'NLD', 'NOR', 'NZL', 'PRT', 'SWE', 'USA'];
/** Typical days in each stage; the selection interview and decision are slow, as States' queues are. */
const BASE = [20, 45, 120, 60, 25, 15, 10, 2];
const REASONS = ['withdrew', 'not_selected', 'negative_decision', 'medical', 'unreachable'];

/** A cheap deterministic hash, so that every process generates the very same rows. */
const h = (i: number, salt: number) => {
  let x = (i * 2654435761 + salt * 40503) >>> 0;
  x ^= x >>> 15; x = Math.imul(x, 2246822519) >>> 0; x ^= x >>> 13;
  return x >>> 0;
};

interface CaseRow { id: string; country: string; stage: string; status: string; entered: string; reason: string | null }
interface StageRow { caseId: string; stage: string; entered: string; left: string | null; days: number | null; outcome: string | null }

/** The synthetic pipeline: each case walks the stages until it arrives, drops out, or reaches today. */
export function* pipeline(): Generator<{ c: CaseRow; stages: StageRow[] }> {
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < CASES; i++) {
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const factor = 0.6 + (COUNTRIES.indexOf(country) % 7) * 0.15;
    let t = NOW - (60 + (h(i, 1) % 1400)) * DAY;
    const dropAt = h(i, 2) % 100 < 12 ? h(i, 3) % 8 : -1;
    const stages: StageRow[] = [];
    let c: CaseRow | null = null;
    for (let s = 0; s < STAGES.length; s++) {
      const stage = STAGES[s]!;
      const days = Math.max(0, Math.round(BASE[s]! * factor * (0.3 + (h(i, 10 + s) % 1000) / 600)));
      const left = t + days * DAY + (h(i, 30 + s) % DAY);
      if (s === dropAt && left <= NOW) {
        stages.push({ caseId: `bc${i}`, stage, entered: iso(t), left: iso(left), days, outcome: 'dropped' });
        c = { id: `bc${i}`, country, stage, status: 'dropped', entered: iso(t), reason: REASONS[h(i, 4) % REASONS.length]! };
        break;
      }
      if (left > NOW) {
        stages.push({ caseId: `bc${i}`, stage, entered: iso(t), left: null, days: null, outcome: null });
        c = { id: `bc${i}`, country, stage, status: 'active', entered: iso(t), reason: null };
        break;
      }
      stages.push({ caseId: `bc${i}`, stage, entered: iso(t), left: iso(left), days, outcome: 'advanced' });
      t = left;
    }
    yield { c: c ?? { id: `bc${i}`, country, stage: 'arrival', status: 'arrived', entered: stages.at(-1)!.entered, reason: null }, stages };
  }
}

type Medians = Record<string, number | null>;
interface Result { loadSeconds: number; p50: number; p99: number; medians: Medians; stageRows: number; slowest: string | null; stuck: number; dropped: number }

async function tandemCase(engine: 'sqlite' | 'postgres', dir: string): Promise<Result> {
  const { database, drop } = await scratchDatabase(engine, dir, 'solutions');
  try {
    await migrate(database);
    const app = createApp(database, { solutions: { now: () => new Date(NOW) } });
    const db = database.db;
    const orgs = await db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', ['iom', 'unhcr']).execute();
    const unhcr = orgs.find((o) => o.slug === 'unhcr')!.id;
    const iom = orgs.find((o) => o.slug === 'iom')!.id;
    await db.insertInto('organisations').values({ id: 'bench-state', slug: 'bench-state', name: 'Synthetic receiving States', kind: 'government', refugee_led: 0, migrant_led: 0, created_at: '2025-01-01' }).execute();
    const t0 = performance.now();
    const caseCols = ['id', 'org_id', 'receiving_org_id', 'receiving_iso3', 'asylum_iso3', 'pathway', 'household_size', 'stage', 'status', 'stage_entered_at', 'drop_reason', 'created_by', 'created_at', 'updated_at'];
    const stageCols = ['case_id', 'stage', 'entered_at', 'left_at', 'days', 'outcome'];
    const ph = (cols: string[], n: number) => {
      let x = 0;
      return Array.from({ length: n }, () => `(${cols.map(() => (engine === 'postgres' ? `$${++x}` : '?')).join(',')})`).join(',');
    };
    // The running figures the service keeps as cases move, per receiving country and stage: built here as the
    // advance, drop and identify steps would have left them.
    const stats = new Map<string, { inStage: number; completed: number; histogram: number[]; drops: Record<string, number>; entered: Map<number, number> }>();
    const stat = (country: string, stage: string) => {
      const key = `${country}|${stage}`;
      let s = stats.get(key);
      if (!s) stats.set(key, (s = { inStage: 0, completed: 0, histogram: [], drops: {}, entered: new Map() }));
      return s;
    };
    let stageRows = 0;
    await db.transaction().execute(async (trx) => {
      let cases: unknown[][] = [];
      let stages: unknown[][] = [];
      const flushCases = async () => { if (cases.length) await trx.executeQuery(CompiledQuery.raw(`insert into resettlement_cases (${caseCols.join(',')}) values ${ph(caseCols, cases.length)}`, cases.flat())); cases = []; };
      const flushStages = async () => { if (stages.length) await trx.executeQuery(CompiledQuery.raw(`insert into resettlement_stages (${stageCols.join(',')}) values ${ph(stageCols, stages.length)}`, stages.flat())); stages = []; };
      for (const { c, stages: ss } of pipeline()) {
        cases.push([c.id, unhcr, 'bench-state', c.country, 'TZA', 'resettlement', 4, c.stage, c.status, c.entered, c.reason, 'bench', c.entered, c.entered]);
        for (const s of ss) {
          stages.push([s.caseId, s.stage, s.entered, s.left, s.days, s.outcome]);
          const st = stat(c.country, s.stage);
          if (s.outcome === 'advanced') { st.completed++; for (let d = st.histogram.length; d <= s.days!; d++) st.histogram[d] = 0; st.histogram[s.days!]! += 1; }
          else if (s.outcome === 'dropped') st.drops[c.reason!] = (st.drops[c.reason!] ?? 0) + 1;
          else { st.inStage++; const day = dayNumber(s.entered); st.entered.set(day, (st.entered.get(day) ?? 0) + 1); }
        }
        stageRows += ss.length;
        if (cases.length >= 1000) await flushCases();
        if (stages.length >= 5000) { await flushCases(); await flushStages(); }
      }
      await flushCases(); await flushStages();
      await trx.insertInto('resettlement_stage_stats').values([...stats].map(([k, v]) => {
        const [country, stage] = k.split('|');
        return { receiving_iso3: country!, stage: stage!, in_stage: v.inStage, completed: v.completed, histogram: JSON.stringify(v.histogram), drop_outs: JSON.stringify(v.drops), entered: JSON.stringify([...v.entered].sort((x, y) => x[0] - y[0]).flat()) };
      })).execute();
    });
    await db.executeQuery(CompiledQuery.raw(engine === 'postgres' ? 'vacuum analyze' : 'analyze'));
    const loadSeconds = (performance.now() - t0) / 1000;
    const ctx: Ctx = { actor: { kind: 'user', label: 'bench', userId: 'bench', readOnly: false, memberships: [{ orgId: iom, orgSlug: 'iom', role: 'coordinator' }] }, requestId: null };
    const view = () => app.pipeline.bottlenecks(ctx, { stuckAfterDays: 60 });
    for (let i = 0; i < 5; i++) await view();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) { const t = performance.now(); await view(); times.push(performance.now() - t); }
    const last = await view();
    const medians: Medians = {};
    for (const c of last.byCountry) for (const s of c.stages) medians[`${c.country}|${s.stage}`] = s.medianDays;
    const stuck = last.stages.reduce((n, s) => n + s.stuck, 0);
    const dropped = last.stages.reduce((n, s) => n + s.droppedOut, 0);
    return { loadSeconds, p50: quantile(times, 0.5), p99: quantile(times, 0.99), medians, stageRows, slowest: last.slowestStage, stuck, dropped };
  } finally {
    await database.close();
    await drop();
  }
}

/**
 * The same view computed by DuckDB from the same rows: quantile_disc over every stage row, and the counts over
 * the cases. Tandem reads its medians from the days-in-stage histogram its advance step keeps (bounded by the
 * distinct days, not the cases); DuckDB computes them from the raw rows, as an analyst would.
 */
async function duckdbCase(dir: string): Promise<Result> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const caseFile = join(dir, 'cases.csv');
  const stageFile = join(dir, 'stages.csv');
  const t0 = performance.now();
  let stageRows = 0;
  await new Promise<void>((resolve, reject) => {
    const wc = createWriteStream(caseFile);
    const ws = createWriteStream(stageFile);
    wc.write('id,receiving_iso3,stage,status,stage_entered_at,drop_reason\n');
    // The stage rows carry their case's receiving country: DuckDB's medians need no join (the strongest baseline).
    ws.write('case_id,receiving_iso3,stage,entered_at,left_at,days,outcome\n');
    for (const { c: k, stages } of pipeline()) {
      wc.write(`${k.id},${k.country},${k.stage},${k.status},${k.entered},${k.reason ?? ''}\n`);
      for (const s of stages) ws.write(`${s.caseId},${k.country},${s.stage},${s.entered},${s.left ?? ''},${s.days ?? ''},${s.outcome ?? ''}\n`);
      stageRows += stages.length;
    }
    let open = 2;
    const done = () => { if (--open === 0) resolve(); };
    wc.end(done); ws.end(done); wc.on('error', reject); ws.on('error', reject);
  });
  await c.run(`create table cases as select * from read_csv('${caseFile}', header=true, types={'stage_entered_at': 'VARCHAR', 'drop_reason': 'VARCHAR'})`);
  await c.run(`create table stages as select * from read_csv('${stageFile}', header=true, types={'entered_at': 'VARCHAR', 'left_at': 'VARCHAR', 'days': 'INTEGER', 'outcome': 'VARCHAR'})`);
  const loadSeconds = (performance.now() - t0) / 1000;
  // Stuck as Tandem counts it: entered the stage on a day before the cutoff day.
  const cutoff = new Date(NOW - 60 * DAY).toISOString().slice(0, 10);
  const queries = [
    `select receiving_iso3 as country, stage, quantile_disc(days, 0.5) as median, count(*) as n from stages where outcome = 'advanced' group by all`,
    `select stage, quantile_disc(days, 0.5) as median, count(*) as n from stages where outcome = 'advanced' group by all`,
    `select stage, count(*) as n, sum(case when stage_entered_at < '${cutoff}' then 1 else 0 end) as stuck, min(stage_entered_at) as oldest from cases where status = 'active' group by all`,
    `select stage, drop_reason, count(*) as n from cases where status = 'dropped' group by all`,
  ];
  const run = async () => Promise.all(queries.map(async (q) => (await c.runAndReadAll(q)).getRowObjects()));
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) { const t = performance.now(); await run(); times.push(performance.now() - t); }
  const [byCountry, overall, current, drops] = await run();
  const stuck = current!.reduce((n, r) => n + Number(r.stuck), 0);
  const dropped = drops!.reduce((n, r) => n + Number(r.n), 0);
  const medians: Medians = {};
  for (const r of byCountry!) medians[`${String(r.country)}|${String(r.stage)}`] = Number(r.median);
  const slowest = [...overall!].sort((a, b) => Number(b.median) - Number(a.median) || (STAGES as readonly string[]).indexOf(String(a.stage)) - (STAGES as readonly string[]).indexOf(String(b.stage)))[0];
  return { loadSeconds, p50: quantile(times, 0.5), p99: quantile(times, 0.99), medians, stageRows, slowest: slowest ? String(slowest.stage) : null, stuck, dropped };
}

function runChild(name: string): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'case', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

export async function benchSolutions(engines: string[]): Promise<void> {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const duck = runChild('duckdb');
  console.log(`Solutions: the resettlement pipeline's bottleneck view over ${fmt(CASES)} synthetic cases (${fmt(duck.stageRows)} stage rows, ${COUNTRIES.length} receiving countries), p50/p99 of ${RUNS} reads`);
  console.log(`  duckdb (baseline) p50 ${duck.p50.toFixed(1)} ms, p99 ${duck.p99.toFixed(1)} ms (quantile_disc over the stage rows); slowest stage ${duck.slowest}`);
  for (const engine of engines) {
    const r = runChild(engine);
    const keys = Object.keys(duck.medians);
    const differ = keys.filter((k) => r.medians[k] !== duck.medians[k]).length;
    console.log(`  ${engine.padEnd(8)} loaded in ${r.loadSeconds.toFixed(0)} s; view p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (goal p99 < 100); slowest stage ${r.slowest}`);
    console.log(`  ${engine}: p99 ${(r.p99 / duck.p99).toFixed(2)}x DuckDB's (goal within 3x); medians by country and stage: ${differ === 0 ? `all ${keys.length} equal to DuckDB's` : `${differ} of ${keys.length} DIFFERENT from DuckDB's`}; `
      + `stuck beyond 60 days ${fmt(r.stuck)} (DuckDB ${fmt(duck.stuck)}), drop-outs ${fmt(r.dropped)} (DuckDB ${fmt(duck.dropped)})`);
  }
}

if (process.argv[2] === 'case') {
  const name = process.argv[3]!;
  await printCase('tandem-bench-solutions-', (dir) => (name === 'duckdb' ? duckdbCase(dir) : tandemCase(name as 'sqlite' | 'postgres', dir)));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchSolutions(['sqlite', ...(await postgresUp() ? ['postgres'] : [])]);
}
