import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { CaseResult } from './cases.js';
import { HXL_ROWS, PG_URL } from './cases.js';
import { benchHxl } from './hxl.js';
import { benchAuthorizedRead } from './auth.js';
import { benchDisclosure } from './disclosure.js';
import { benchLists } from './lists.js';
import { benchLoad } from './load.js';
import { benchMovements } from './movements.js';
import { benchPlatforms } from './platforms.js';
import { benchR4v } from './r4v.js';
import { benchReferrals } from './referrals.js';
import { benchSolutions } from './solutions.js';
import { benchWeb } from './web.js';

/**
 * `npm run bench`: imports the full UNHCR population file into SQLite (and PostgreSQL when reachable),
 * through Tandem and through the engine's bare bulk path (COPY on PostgreSQL, a multi-row insert on SQLite, into
 * an unindexed table) measured in the same run, and prints the ratio.
 * Goals (issues 2 and 17): Tandem >= 0.5x the bare bulk path's throughput; peak RSS under 300 MB.
 */
const here = dirname(fileURLToPath(import.meta.url));
// The UNHCR import alone (issue 17: Tandem against the engines' bare bulk path): `--import-only`.
if (process.argv.includes('--import-only')) {
  process.argv.push(...['disclosure', 'r4v', 'auth', 'load', 'lists', 'referrals', 'solutions', 'movements', '5w', 'hxl', 'export'].map((s) => `--no-${s}`));
}
// The web interface on a throttled "Slow 3G" link (issue 18): needs neither the UNHCR file nor PostgreSQL.
if (process.argv.includes('--web-only')) {
  await benchWeb();
  process.exit(0);
}
// HXL against libhxl-js (issue 17): needs neither the UNHCR file nor a database.
if (process.argv.includes('--hxl-only')) {
  await benchHxl(HXL_ROWS);
  process.exit(0);
}
// Disclosure control on a published table (issue 16): pure, needs neither the UNHCR file nor a database.
if (!process.argv.includes('--no-disclosure')) benchDisclosure();
if (process.argv.includes('--disclosure-only')) process.exit(0);
// R4V's consolidation models (issue 19): pure, against DuckDB in memory; needs neither the UNHCR file nor a database.
if (!process.argv.includes('--no-r4v')) await benchR4v();
if (process.argv.includes('--r4v-only')) process.exit(0);
const file = process.env.BENCH_UNHCR_FILE ?? join(here, '..', '..', 'shared', 'data', 'unhcr', 'refugees-r-package', 'population.csv.gz');
if (!existsSync(file)) {
  console.error(`benchmark data not found: ${file} (set BENCH_UNHCR_FILE)`);
  process.exit(2);
}

function runCase(name: string, input = file): CaseResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'case.ts'), name, input], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!) as CaseResult;
}

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try { await c.connect(); return true; } catch { return false; } finally { await c.end().catch(() => undefined); }
}

const engines = ['sqlite', ...((await pgReachable()) ? ['postgres'] : [])];
if (!engines.includes('postgres')) console.log(`PostgreSQL not reachable at ${PG_URL}: PostgreSQL cases skipped`);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// The resettlement pipeline's bottleneck view against DuckDB (issue 14): `--solutions-only` runs it alone.
if (process.argv.includes('--solutions-only')) {
  await benchSolutions(engines);
  process.exit(0);
}
// Flow counts by corridor against DuckDB (issue 17): `--movements-only` runs it alone (`--rows N`, default 10,000,000).
if (process.argv.includes('--movements-only')) {
  await benchMovements(engines);
  process.exit(0);
}

if (!process.argv.includes('--no-auth')) {
  const { authorized, bypassed } = await benchAuthorizedRead();
  console.log('Authorized read of a situation (HTTP, SQLite, signed-in session) vs the same server without its access layer');
  console.log(`  authorized ${fmt(authorized)} req/s, bypassed ${fmt(bypassed)} req/s: ratio ${(authorized / bypassed).toFixed(2)} (goal >= 0.80)`);
}
if (process.argv.includes('--auth-only')) process.exit(0);

if (!process.argv.includes('--no-load')) await benchLoad();
if (process.argv.includes('--load-only')) process.exit(0);

if (!process.argv.includes('--no-lists')) await benchLists(engines);
if (process.argv.includes('--lists-only')) process.exit(0);

if (!process.argv.includes('--no-referrals')) await benchReferrals(engines);
if (process.argv.includes('--referrals-only')) process.exit(0);

if (!process.argv.includes('--no-solutions')) await benchSolutions(engines);
if (!process.argv.includes('--no-movements')) await benchMovements(engines);

if (!process.argv.includes('--no-5w')) await benchPlatforms(engines);
if (process.argv.includes('--5w-only')) process.exit(0);

// HXL select + count + CSV out against libhxl-js (issue 17), each in its own process: `--hxl-only` runs it alone.
if (!process.argv.includes('--no-hxl')) await benchHxl(HXL_ROWS);
if (!process.argv.includes('--no-export')) {
  const r = runCase('export-hxl', 'none');
  console.log(`Export of ${fmt(r.figures)} figures as HXL CSV through the API (GET /api/v1/figures?format=hxl, streamed over a socket)`);
  console.log(`  ${r.seconds.toFixed(1)} s to the last byte = ${fmt(r.figures / r.seconds)} figures/s; peak RSS of the process ${r.peakRssMb.toFixed(0)} MB (includes generating the figures)`);
}

// Each case runs IMPORT_RUNS times, baseline and Tandem in turn so that a busy moment of the machine falls on
// both; the median time is compared (one run of each varied by a fifth between runs on an idle machine).
const IMPORT_RUNS = Math.max(1, Number(process.env.BENCH_IMPORT_RUNS ?? 3));
const median = (rs: CaseResult[]): CaseResult => {
  const sorted = [...rs].sort((a, b) => a.seconds - b.seconds);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, peakRssMb: Math.max(...rs.map((r) => r.peakRssMb)) };
};
console.log(`UNHCR population import (${file.split('/').slice(-1)[0]}), median of ${IMPORT_RUNS} run${IMPORT_RUNS === 1 ? '' : 's'} each (BENCH_IMPORT_RUNS), highest peak RSS`);
for (const engine of engines) {
  const runs: Record<'base' | 'tandem', CaseResult[]> = { base: [], tandem: [] };
  for (let i = 0; i < IMPORT_RUNS; i++) {
    runs.base.push(runCase(`${engine}-baseline`));
    runs.tandem.push(runCase(`${engine}-tandem`));
  }
  const base = median(runs.base);
  const tandem = median(runs.tandem);
  const rate = (r: CaseResult) => r.figures / r.seconds;
  for (const [r, all] of [[base, runs.base], [tandem, runs.tandem]] as const) {
    const spread = all.length > 1 ? ` (runs ${all.map((x) => x.seconds.toFixed(1)).join(', ')} s)` : '';
    console.log(`  ${r.name.padEnd(18)} ${fmt(r.rows)} rows, ${fmt(r.figures)} figures in ${r.seconds.toFixed(1)} s = ${fmt(rate(r))} figures/s, peak RSS ${r.peakRssMb.toFixed(0)} MB${spread}`);
  }
  const ratio = rate(tandem) / rate(base);
  console.log(`  ${engine}: tandem/bare bulk throughput ratio ${ratio.toFixed(2)} (goal >= 0.50); ${tandem.seconds.toFixed(1)} s against ${base.seconds.toFixed(1)} s; peak RSS ${tandem.peakRssMb.toFixed(0)} MB (goal < 300)`);
}
