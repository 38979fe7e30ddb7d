/**
 * PostgreSQL restarted under traffic: Tandem runs in this process on a throwaway cluster, requests keep
 * coming from 127.0.0.1, and the cluster is restarted (fast) or crashed (immediate stop) and started again.
 * While it is down every request answers at once with 503 and a retry-after header, never 500, never a
 * hang; within 10 s of PostgreSQL being back the service answers 200 again, without a restart of Tandem.
 */
import http from 'node:http';
import { openDatabase, type Database } from '../../src/core/db.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDemoIfEmpty } from '../../src/demo/seed.js';
import { buildServer, type Server } from '../../src/http/server.js';
import { appWith, auditKeyFile, request, sleep, until, workDir, type Answer, type ScenarioResult } from './common.js';
import { createCluster, postgresBin, type Cluster } from './pg-cluster.js';

export interface RestartOptions {
  /** Restarts to make, alternating a fast restart and a crash (immediate stop, then start). */
  cycles?: number;
  /** How long PostgreSQL stays down after a crash, with traffic going on. */
  downMs?: number;
  log?: (line: string) => void;
}

const FAIL_FAST_MS = 3_000;
const RECOVER_WITHIN_MS = 10_000;
/** Reads that need the database on every request (no answer cache in front of them). */
const READS = ['/api/v1/situations', '/api/v1/figures?limit=20'];
const READERS = 4;

export type RestartResult = ScenarioResult & { skipped?: string };

/** Runs the scenario, or says why it cannot here (no initdb / pg_ctl) unless TANDEM_REQUIRE_PG=1 demands it. */
export async function pgRestartUnderTraffic(opts: RestartOptions = {}): Promise<RestartResult> {
  const name = 'PostgreSQL restarted under traffic';
  const bin = postgresBin();
  if (!bin) {
    const why = 'no PostgreSQL server programs (initdb, pg_ctl) under /usr/lib/postgresql or TANDEM_PG_BIN';
    if (process.env.TANDEM_REQUIRE_PG === '1') throw new Error(`${why}, and TANDEM_REQUIRE_PG=1`);
    return { name, runs: 0, survived: 0, lost: 0, problems: [], notes: [`skipped: ${why}`], skipped: why };
  }
  const log = opts.log ?? (() => undefined);
  const cycles = opts.cycles ?? 2;
  const dir = workDir('pg-restart');
  let cluster: Cluster | undefined;
  let database: Database | undefined;
  let server: Server | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: READERS });
  try {
    cluster = await createCluster(bin);
    database = openDatabase({ url: cluster.url });
    await migrate(database);
    const app = appWith(database, auditKeyFile(dir.path).key);
    await seedDemoIfEmpty(app);
    server = await buildServer(app, { logger: false });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const answers: Answer[] = [];
    let stop = false;
    const reader = async (n: number) => {
      for (let i = n; !stop; i++) {
        answers.push(await request(port, 'GET', READS[i % READS.length]!, { agent, timeoutMs: 15_000 }));
        await sleep(40);
      }
    };
    const traffic = Promise.all(Array.from({ length: READERS }, (_, n) => reader(n)));
    const since = (t: number) => answers.filter((a) => a.sentAt >= t);

    const problems: string[] = [];
    let lost = 0;
    let slowestFailure = 0;
    let slowestRecovery = 0;
    try {
      await sleep(1_000);
      const warm = answers.filter((a) => a.status !== 200);
      if (warm.length) problems.push(`before any restart, ${warm.length} requests were not answered 200 (${warm[0]!.status ?? warm[0]!.outcome})`);
      for (let c = 1; c <= cycles; c++) {
        const crash = c % 2 === 0;
        const cycleProblems: string[] = [];
        const began = Date.now();
        let down: { from: number; to: number } | null = null;
        if (crash) {
          await cluster.stopImmediately();
          const from = Date.now();
          await sleep(opts.downMs ?? 3_000);
          down = { from, to: Date.now() };
          await cluster.start();
        } else {
          await cluster.restart();
        }
        const back = Date.now();
        // Back: the first request sent from now on that is answered 200, within 10 s.
        const recovered = await until(() => since(back).some((a) => a.status === 200), RECOVER_WITHIN_MS + 2_000, 20);
        const first = since(back).find((a) => a.status === 200);
        if (!recovered || !first || first.settledAt - back > RECOVER_WITHIN_MS) {
          cycleProblems.push(`not answering 200 within ${RECOVER_WITHIN_MS / 1000} s of PostgreSQL being back${first ? ` (took ${first.settledAt - back} ms)` : ''}`);
        }
        await sleep(1_000);
        const steady = first ? since(first.settledAt).filter((a) => a.status !== 200) : [];
        if (steady.length) cycleProblems.push(`${steady.length} requests after recovery were not answered 200 (${steady[0]!.status ?? steady[0]!.outcome})`);

        const during = since(began).filter((a) => a.sentAt < back);
        for (const a of during) {
          const took = a.settledAt - a.sentAt;
          if (a.outcome !== 'answered') cycleProblems.push(`a request was ${a.outcome} (${a.error ?? ''}) after ${took} ms`);
          else if (a.status !== 200 && a.status !== 503) cycleProblems.push(`a request answered ${a.status}: ${a.body.slice(0, 200)}`);
          else if (a.status === 503 && !a.headers['retry-after']) cycleProblems.push('a 503 came without retry-after');
          if (a.status !== 200 && took > FAIL_FAST_MS) cycleProblems.push(`a failing request took ${took} ms (more than ${FAIL_FAST_MS} ms)`);
        }
        if (down) {
          const whileDown = answers.filter((a) => a.sentAt >= down.from && a.settledAt <= down.to);
          if (whileDown.length === 0) cycleProblems.push('no request was answered while PostgreSQL was down');
          const wrong = whileDown.filter((a) => a.status !== 503);
          if (wrong.length) cycleProblems.push(`${wrong.length} requests while PostgreSQL was down were not answered 503 (${wrong[0]!.status ?? wrong[0]!.outcome})`);
        }
        const failed = during.filter((a) => a.status !== 200);
        const slowest = Math.max(0, ...failed.map((a) => a.settledAt - a.sentAt));
        slowestFailure = Math.max(slowestFailure, slowest);
        slowestRecovery = Math.max(slowestRecovery, first ? first.settledAt - back : Infinity);
        log(`${crash ? 'crash (immediate stop, start)' : 'fast restart'} ${c}: ${during.length} requests, ${failed.length} × 503 (slowest ${slowest} ms), ` +
          `200 again ${first ? first.settledAt - back : '?'} ms after PostgreSQL was back${cycleProblems.length ? `: ${cycleProblems.join(' | ')}` : ''}`);
        if (cycleProblems.length) lost++;
        problems.push(...cycleProblems.map((p) => `${crash ? 'crash' : 'restart'} ${c}: ${p}`));
      }
    } finally {
      stop = true;
      await traffic;
    }
    const by = (s: number | null) => answers.filter((a) => a.status === s).length;
    const notes = [
      `${Math.ceil(cycles / 2)} fast restarts, ${Math.floor(cycles / 2)} crashes; ${answers.length} requests: ${by(200)} × 200, ` +
        `${by(503)} × 503 (slowest ${slowestFailure} ms), ${answers.length - by(200) - by(503)} other; 200 again within ${slowestRecovery} ms of PostgreSQL's return`,
    ];
    return { name, runs: cycles, survived: cycles - lost, lost, problems, notes };
  } finally {
    agent.destroy();
    await server?.close();
    await database?.close().catch(() => undefined);
    await cluster?.destroy();
    dir.remove();
  }
}
