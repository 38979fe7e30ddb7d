/**
 * SIGTERM under load: the real `tandem serve` (SQLite) gets sustained traffic from 127.0.0.1, imports
 * uploaded among it, and is told to stop while an upload is being handled. Requests in flight get their
 * normal answer, later ones a 503 or a refused connection (never a hang), the process exits 0 within 10 s,
 * and the database holds every answered import whole and nothing of the others.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { operatorCtx } from '../../src/core/actor.js';
import { openDatabase } from '../../src/core/db.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDemoIfEmpty } from '../../src/demo/seed.js';
import {
  appWith, auditKeyFile, exited, lineMatching, output, request, signInOver, sleep, spawnTandem, unhcrSlice, until, watchOpen,
  workDir, type Answer, type ScenarioResult,
} from './common.js';
import { databaseProblems, figuresState } from './database.js';

export interface ShutdownOptions {
  runs?: number;
  /** GET requests per run, at most (the traffic is bounded in count as well as in time). */
  requests?: number;
  log?: (line: string) => void;
}

const EXIT_WITHIN_MS = 10_000;
/** Requests answered before the signal at least, so that the signal falls into sustained traffic. */
const WARM_ANSWERS = 150;
/** A GET sent this long before the signal and still unanswered was certainly being handled by then. */
const SURELY_IN_FLIGHT_MS = 2_000;
const UPLOADS = 6;
const UPLOAD_ROWS = 1_500;
const READS = ['/api/v1/overview', '/api/v1/situations', '/api/v1/figures?limit=50', '/health'];
const PASSWORD = 'a long fault-suite password';

interface Sent extends Answer {
  what: string;
  /** The normal answer's status. */
  normal: number;
  /** An upload the server was seen handling (its file open) when the signal was sent. */
  inFlightAtSignal?: boolean;
  upload?: string;
}

export async function sigtermUnderLoad(opts: ShutdownOptions = {}): Promise<ScenarioResult> {
  const runs = opts.runs ?? 1;
  const log = opts.log ?? (() => undefined);
  const problems: string[] = [];
  const all: Tally = { requests: 0, normal: 0, unavailable: 0, refused: 0, inFlightImported: 0, slowestExitMs: 0 };
  let lost = 0;
  for (let run = 1; run <= runs; run++) {
    const r = await shutdownOnce(opts.requests ?? 400, log);
    problems.push(...r.problems.map((p) => `run ${run}: ${p}`));
    if (r.problems.length) lost++;
    for (const k of ['requests', 'normal', 'unavailable', 'refused', 'inFlightImported'] as const) all[k] += r.tally[k];
    all.slowestExitMs = Math.max(all.slowestExitMs, r.tally.slowestExitMs);
    log(`SIGTERM run ${run}: ${describeTally(r.tally)}${r.problems.length ? `: ${r.problems.join(' | ')}` : ''}`);
  }
  return { name: 'SIGTERM under load (sqlite)', runs, survived: runs - lost, lost, problems, notes: [describeTally(all)] };
}

/** How the requests of one run or of all runs were answered. */
interface Tally {
  requests: number;
  normal: number;
  unavailable: number;
  refused: number;
  /** Uploads in flight at the signal that were imported and answered 201. */
  inFlightImported: number;
  slowestExitMs: number;
}

const describeTally = (t: Tally) => `${t.requests} requests: ${t.normal} answered normally, ${t.unavailable} × 503, ${t.refused} refused; ` +
  `${t.inFlightImported} upload${t.inFlightImported === 1 ? '' : 's'} in flight at the signal imported; exit 0 within ${t.slowestExitMs} ms`;

async function shutdownOnce(budget: number, log: (line: string) => void): Promise<{ problems: string[]; tally: Tally }> {
  const problems: string[] = [];
  const dir = workDir('sigterm');
  const { file: keyFile, key } = auditKeyFile(dir.path);
  const file = join(dir.path, 'tandem.db');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let server: ReturnType<typeof spawnTandem> | undefined;
  try {
    // The database, its demo situations and an information-management officer, made beforehand.
    const email = 'im.officer@fault.test';
    const setup = openDatabase({ file });
    try {
      await migrate(setup);
      const app = appWith(setup, key);
      await seedDemoIfEmpty(app);
      const user = await app.accounts.createUser(operatorCtx(), { email, displayName: 'IM officer', password: PASSWORD });
      await app.accounts.addMembership(operatorCtx(), { userId: user.id, organisation: 'unhcr', role: 'im_officer' });
    } finally {
      await setup.close();
    }
    const before = await withState(file, key, async (state) => state);
    const slices = await Promise.all(Array.from({ length: UPLOADS }, (_, i) => unhcrSlice(dir.path, `sigterm-upload-${i + 1}.csv`, i * UPLOAD_ROWS, UPLOAD_ROWS)));

    server = spawnTandem(['serve', '--port', '0', '--demo'], { TANDEM_DB: file, TANDEM_AUDIT_KEY_FILE: keyFile });
    const out = output(server);
    const exit = exited(server);
    const port = Number((await lineMatching(server, /API\s+http:\/\/127\.0\.0\.1:(\d+)\//, 120_000))[1]);
    const session = await signInOver(port, email, PASSWORD);

    const sent: Sent[] = [];
    let signalAt: number | null = null;
    let answeredBeforeSignal = 0;
    const record = (s: Sent) => {
      sent.push(s);
      if (signalAt === null && s.outcome === 'answered') answeredBeforeSignal++;
      return s;
    };

    // Readers: bounded in count; after the signal each sends until refused or answered 503, three at most.
    let budgetLeft = budget;
    const reader = async (n: number) => {
      let afterSignal = 0;
      for (let i = n; budgetLeft > 0; i++) {
        if (signalAt !== null && afterSignal++ >= 3) return;
        budgetLeft--;
        const path = READS[i % READS.length]!;
        const a = record({ ...(await request(port, 'GET', path, { agent })), what: `GET ${path}`, normal: 200 });
        if (signalAt !== null && a.status !== 200) return;
      }
    };

    // Uploads one after another, each a distinct slice; the signal goes while the server handles one.
    let inFlight: Sent | undefined;
    const uploader = async () => {
      for (const [i, slice] of slices.entries()) {
        const name = `sigterm-upload-${i + 1}.csv`;
        const watch = watchOpen(server!.pid!, name);
        const pending = request(port, 'POST', `/api/v1/imports?kind=unhcr-population&filename=${name}`, {
          headers: { 'content-type': 'application/octet-stream', cookie: session.cookie, 'x-csrf-token': session.csrf },
          body: await readFile(slice), timeoutMs: 30_000,
        });
        let answered = false;
        void pending.then(() => { answered = true; });
        const signalled = signalAt === null
          ? until(() => answered || (watch.openedAt() !== null && answeredBeforeSignal >= WARM_ANSWERS), 30_000, 2).then(() => {
            if (!answered && watch.openedAt() !== null && signalAt === null && server!.exitCode === null) {
              signalAt = Date.now();
              server!.kill('SIGTERM');
              // A second signal while stopping must not cut the shutdown short.
              setTimeout(() => server!.kill('SIGTERM'), 150);
              return true;
            }
            return false;
          })
          : Promise.resolve(false);
        const [a, mine] = await Promise.all([pending, signalled]);
        watch.stop();
        const s = record({ ...a, what: `upload ${name}`, normal: 201, upload: name, inFlightAtSignal: mine });
        if (mine) inFlight = s;
        if (signalAt !== null && a.status !== 201 && !mine) return;
      }
    };

    await Promise.all([uploader(), ...Array.from({ length: 6 }, (_, n) => reader(n))]);
    if (signalAt === null) {
      problems.push('the signal could not be sent while an upload was being handled (no upload was seen in flight)');
      signalAt = Date.now();
      server.kill('SIGTERM');
    }
    const signalled: number = signalAt;
    const ended = await Promise.race([exit, sleep(15_000).then(() => null)]);
    if (!ended) problems.push('the server had not exited 15 s after SIGTERM');
    else {
      if (ended.code !== 0) problems.push(`the server exited with ${ended.code ?? ended.signal}, not 0: ${out.text().slice(-500)}`);
      if (ended.at - signalled > EXIT_WITHIN_MS) problems.push(`the server took ${ended.at - signalled} ms to exit`);
    }
    const probe = await request(port, 'GET', '/health', { timeoutMs: 5_000 });
    if (probe.outcome !== 'refused') problems.push(`after the exit a request was ${probe.outcome} (${probe.status}), not refused`);

    // Every request settled, none cut or unanswered; in flight at the signal means its normal answer.
    for (const s of sent) {
      const label = `${s.what} (sent ${s.sentAt - signalled} ms from the signal)`;
      if (s.outcome === 'timeout') problems.push(`${label} hung`);
      else if (s.outcome === 'cut') problems.push(`${label} was cut mid-answer: ${s.error}`);
      else if (s.outcome === 'answered' && s.status !== s.normal && s.status !== 503) problems.push(`${label} answered ${s.status}: ${s.body.slice(0, 200)}`);
      const surelyInFlight = s.inFlightAtSignal || s.settledAt < signalled || (s.sentAt <= signalled - SURELY_IN_FLIGHT_MS);
      if (surelyInFlight && s.status !== s.normal) {
        problems.push(`${label}, in flight at the signal or before it, was ${s.outcome} ${s.status ?? ''} instead of ${s.normal}`);
      }
    }
    if (inFlight && inFlight.status !== 201) problems.push(`the upload in flight at the signal was not imported (${inFlight.outcome} ${inFlight.status})`);
    const afterSignal = sent.filter((s) => s.sentAt > signalled);
    if (!afterSignal.some((s) => s.status === 503 || s.outcome === 'refused')) problems.push('no request after the signal was answered 503 or refused');

    // Nothing lost: each answered upload whole, nothing of the others; the database and audit chain sound.
    const uploads = sent.filter((s) => s.upload);
    await withState(file, key, async (state, database, app) => {
      problems.push(...await databaseProblems(database, app, state));
      const batches = await database.db.selectFrom('import_batches').select(['file_name', 'inserted']).execute();
      let expected = before.figures;
      for (const u of uploads) {
        const batch = batches.find((b) => b.file_name === u.upload);
        if (u.status === 201) {
          const inserted = (JSON.parse(u.body) as { inserted: number }).inserted;
          expected += inserted;
          if (!batch || Number(batch.inserted) !== inserted) problems.push(`${u.upload} was answered 201 (${inserted} figures) but its batch holds ${batch?.inserted ?? 'nothing'}`);
        } else if (batch) problems.push(`${u.upload} was not answered 201 (${u.outcome} ${u.status}) yet its batch is there`);
      }
      if (state.figures !== expected) problems.push(`${state.figures} figures, expected ${expected}`);
      return state;
    });

    const count = (f: (s: Sent) => boolean) => sent.filter(f).length;
    const tally: Tally = {
      requests: sent.length, normal: count((s) => s.status === s.normal), unavailable: count((s) => s.status === 503),
      refused: count((s) => s.outcome === 'refused'), inFlightImported: inFlight?.status === 201 ? 1 : 0,
      slowestExitMs: ended ? ended.at - signalled : EXIT_WITHIN_MS * 1.5,
    };
    log(`SIGTERM: the server said: ${out.text().trim().split('\n').slice(-2).join(' / ')}`);
    return { problems, tally };
  } catch (e) {
    problems.push(`the run failed: ${e instanceof Error ? e.message : String(e)}`);
    return { problems, tally: { requests: 0, normal: 0, unavailable: 0, refused: 0, inFlightImported: 0, slowestExitMs: 0 } };
  } finally {
    agent.destroy();
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited(server);
    }
    dir.remove();
  }
}

async function withState<T>(
  file: string, key: Parameters<typeof appWith>[1],
  fn: (state: Awaited<ReturnType<typeof figuresState>>, database: ReturnType<typeof openDatabase>, app: ReturnType<typeof appWith>) => Promise<T>,
): Promise<T> {
  const database = openDatabase({ file });
  try {
    return await fn(await figuresState(database.db), database, appWith(database, key));
  } finally {
    await database.close();
  }
}
