/**
 * What the fault scenarios share: the real `tandem` command as a child process (and the guarantee that no
 * child outlives the run), an audit key kept outside the database, slices of a real UNHCR file, databases
 * of either engine, and a few HTTP and timing helpers. Used by `test/faults.*.test.ts` and `npm run faults`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readlink } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/app.js';
import type { AuditKey } from '../../src/access/audit-key.js';
import type { Engine } from '../../src/core/db.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED_DATA = join(ROOT, '..', 'shared', 'data');
/** UNHCR's end-of-year stocks for 2024 and 2025 (12,490 rows), read in place from the shared data. */
export const UNHCR_2024_2025 = join(SHARED_DATA, 'unhcr/refugees-r-package/population_2024_2025.csv');
/** Where the shared test cluster is; the scenarios only ever create and drop their own schemas in it. */
export const PG_URL = process.env.TANDEM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What one scenario found: how many runs, how many ended as they must, and what went wrong in the others. */
export interface ScenarioResult {
  name: string;
  runs: number;
  survived: number;
  /** Runs that lost something: a partial import, a broken database or audit chain, a request in flight unanswered. */
  lost: number;
  /** One line per problem, naming the run: empty when every run survived. */
  problems: string[];
  /** Figures worth printing beside the counts (how the kills fell, how requests were answered). */
  notes: string[];
}

export function summaryLine(r: ScenarioResult): string {
  return `${r.name}: ${r.runs} runs, ${r.survived} survived, ${r.lost} lost${r.notes.length ? ` (${r.notes.join('; ')})` : ''}`;
}

// ---- child processes -----------------------------------------------------------------------------

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts `tandem <args>` from the sources, as an operator would, with only the given database and audit
 * key in its environment. Every child is remembered until it exits, so that `killChildren` (and, at the
 * latest, this process's exit) stops whatever a failing scenario left running.
 */
export function spawnTandem(args: string[], env: Record<string, string>): ChildProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killChildren);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', TANDEM_PG_SCHEMA: '', TANDEM_DB: '', TANDEM_AUDIT_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills (SIGKILL) every child this process started that is still running. */
export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** How a child ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

export function exited(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode, at: Date.now() });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
}

/** Collects a child's output (for messages when it fails). */
export function output(child: ChildProcess): { text(): string } {
  let text = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => { text += d; });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => { text += d; });
  return { text: () => text };
}

/** Resolves with the first line of the child's standard output that matches, or rejects when it exits first or time runs out. */
export function lineMatching(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const done = (f: () => void) => {
      clearTimeout(timer);
      lines.close();
      child.stdout!.resume(); // closing readline pauses the stream: keep draining it, or the child blocks on a full pipe
      child.off('exit', onExit);
      f();
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`the child exited (${code}) before printing ${pattern}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`))), timeoutMs);
    lines.on('line', (line) => {
      const m = line.match(pattern);
      if (m) done(() => resolve(m));
    });
    child.once('exit', onExit);
  });
}

/**
 * Watches a process's open files (Linux /proc) for one whose path ends with `name`: when a child opens
 * its input file, its import has begun. Where /proc does not exist the file is never seen.
 */
export function watchOpen(pid: number, name: string, everyMs = 2): { openedAt(): number | null; stop(): void } {
  let openedAt: number | null = null;
  let stopped = false;
  const poll = async () => {
    if (stopped || openedAt !== null) return;
    try {
      const fds = await readdir(`/proc/${pid}/fd`);
      for (const fd of fds) {
        const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        if (target.endsWith(`/${name}`)) {
          openedAt = Date.now();
          return;
        }
      }
    } catch {
      return; // the process has gone, or there is no /proc: nothing more to see
    }
    if (!stopped) setTimeout(() => void poll(), everyMs);
  };
  void poll();
  return { openedAt: () => openedAt, stop: () => { stopped = true; } };
}

export const canWatchOpenFiles = (): Promise<boolean> => readdir(`/proc/${process.pid}/fd`).then(() => true, () => false);

// ---- files, keys, databases ----------------------------------------------------------------------

/** A temporary directory, removed by `remove` (a scenario's `finally`), or at the latest when this process exits. */
export function workDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `tandem-${prefix}-`));
  const remove = () => rmSync(path, { recursive: true, force: true });
  process.once('exit', remove);
  return { path, remove: () => { remove(); process.off('exit', remove); } };
}

/** A fresh audit key in a file of its own (mode 0600), for a child (`TANDEM_AUDIT_KEY_FILE`) and for this process. */
export function auditKeyFile(dir: string): { file: string; key: AuditKey } {
  const file = join(dir, 'audit.key');
  const hex = randomBytes(32).toString('hex');
  writeFileSync(file, `${hex}\n`, { mode: 0o600 });
  return { file, key: { key: Buffer.from(hex, 'hex'), source: file } };
}

/** The app over an open database, keyed with the scenario's audit key (the one its children use). */
export function appWith(database: Parameters<typeof createApp>[0], key: AuditKey): App {
  return createApp(database, { auditKey: key });
}

/**
 * Writes rows [from, from + count) of a UNHCR population file (header kept) to `dir/name`: a real file,
 * cut to the size a scenario can import many times. Distinct slices hold distinct figures.
 */
export async function unhcrSlice(dir: string, name: string, from: number, count: number, source = UNHCR_2024_2025): Promise<string> {
  const lines: string[] = [];
  let n = -1;
  for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
    if (n === -1 || (n >= from && n < from + count)) lines.push(line);
    n++;
    if (n >= from + count) break;
  }
  if (lines.length !== count + 1) throw new Error(`${source} has fewer than ${from + count} rows`);
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** The environment that points a child at a database: a SQLite file, or a PostgreSQL schema. */
export function databaseEnv(engine: Engine, where: { file?: string; url?: string; schema?: string }): Record<string, string> {
  return engine === 'sqlite' ? { TANDEM_DB: where.file! } : { DATABASE_URL: where.url!, TANDEM_PG_SCHEMA: where.schema ?? '' };
}

// ---- HTTP ----------------------------------------------------------------------------------------

/** How one request ended: an answer, a connection refused or closed before any answer, a cut answer, or no answer in time. */
export interface Answer {
  status: number | null;
  outcome: 'answered' | 'refused' | 'cut' | 'timeout';
  body: string;
  headers: http.IncomingHttpHeaders;
  sentAt: number;
  settledAt: number;
  error?: string;
}

/** One HTTP request to 127.0.0.1, bounded in time: it always settles, never hangs. */
export function request(
  port: number, method: string, path: string,
  opts: { agent?: http.Agent; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<Answer> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    let gotHeaders = false;
    const finish = (a: Omit<Answer, 'sentAt' | 'settledAt'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...a, sentAt, settledAt: Date.now() });
    };
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: opts.agent ?? false, headers: opts.headers }, (res) => {
      gotHeaders = true;
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => { body += d; });
      res.on('end', () => finish({ status: res.statusCode ?? null, outcome: 'answered', body, headers: res.headers }));
      res.on('error', (e) => finish({ status: res.statusCode ?? null, outcome: 'cut', body, headers: res.headers, error: e.message }));
    });
    const timer = setTimeout(() => {
      finish({ status: null, outcome: 'timeout', body: '', headers: {} });
      req.destroy();
    }, opts.timeoutMs ?? 20_000);
    req.on('error', (e: NodeJS.ErrnoException) => {
      // Before any answer, a refused connection and one closed unanswered (an idle keep-alive connection
      // the server closed as it stopped) both mean "not handled": the client may try again.
      finish({ status: null, outcome: gotHeaders ? 'cut' : 'refused', body: '', headers: {}, error: e.code ?? e.message });
    });
    req.end(opts.body);
  });
}

/** Signs in through the API; the session's cookies and CSRF token, for writes. */
export async function signInOver(port: number, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const a = await request(port, 'POST', '/api/v1/auth/sign-in', {
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  if (a.status !== 200) throw new Error(`sign-in failed: ${a.status} ${a.error ?? a.body}`);
  const cookie = [a.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: (JSON.parse(a.body) as { csrfToken: string }).csrfToken };
}

// ---- timing --------------------------------------------------------------------------------------

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds or `timeoutMs` passes; whether it held. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await sleep(everyMs);
  }
}

/** `n` points spread over [0, span): one uniformly at random in each of n equal strata, shuffled. */
export function spreadPoints(n: number, span: number, random = Math.random): number[] {
  const points = Array.from({ length: n }, (_, i) => ((i + random()) / n) * span);
  for (let i = points.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [points[i], points[j]] = [points[j]!, points[i]!];
  }
  return points;
}
