/**
 * `npm run faults`: the fault scenarios of `npm test` at a larger scale: 100 kill -9 during imports (half on
 * SQLite, half on PostgreSQL when it is reachable), SIGTERM under load, PostgreSQL restarted under traffic.
 * Prints one line per scenario (runs, survived, lost) and exits 1 when anything was lost.
 */
import pg from 'pg';
import { killChildren, PG_URL, summaryLine, type ScenarioResult } from './faults/common.js';
import { killDuringImport } from './faults/kill-import.js';
import { pgRestartUnderTraffic } from './faults/pg-restart.js';
import { sigtermUnderLoad } from './faults/shutdown.js';

const KILLS = 100;
const verbose = process.argv.includes('--verbose');
const log = (line: string) => { if (verbose) console.log(`  ${line}`); };

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const results: ScenarioResult[] = [];
const report = (r: ScenarioResult) => {
  results.push(r);
  console.log(summaryLine(r));
  for (const p of r.problems) console.log(`  lost: ${p}`);
};

try {
  const engines = (await postgresReachable()) ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
  if (engines.length === 1) console.log(`PostgreSQL not reachable at ${PG_URL}: all ${KILLS} kills on SQLite`);
  for (const [i, engine] of engines.entries()) {
    const runs = Math.floor(KILLS / engines.length) + (i < KILLS % engines.length ? 1 : 0);
    report(await killDuringImport({ engine, runs, log }));
  }
  report(await sigtermUnderLoad({ runs: 5, log }));
  report(await pgRestartUnderTraffic({ cycles: 6, log }));
} finally {
  killChildren();
}
process.exitCode = results.some((r) => r.lost > 0 || r.problems.length > 0) ? 1 : 0;
