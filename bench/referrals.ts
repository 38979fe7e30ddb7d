/**
 * Protection benchmarks (issue 13), each engine in its own process:
 *   - the inbox of an organisation in a database of 1,000,000 synthetic referrals: first page, the overdue
 *     page and an emergency-priority page, through the referral service (authorization, query, presentation),
 *     p50 and p99 of RUNS reads each (goal p99 < 50 ms);
 *   - creating a person and a referral and reading the referral back, with field encryption, against the
 *     same service with a plaintext cipher in its place, in the same run (goal >= 0.5x the throughput).
 *
 *   node --import tsx bench/referrals.ts               every engine, printed
 *   node --import tsx bench/referrals.ts case ENGINE   one engine (used by the above)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledQuery } from 'kysely';
import { createApp, type App } from '../src/app.js';
import { operatorCtx, type Ctx } from '../src/core/actor.js';
import type { Database } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { boxOrder } from '../src/protection/referral.rules.js';
import type { CipherFactory } from '../src/protection/vault.js';
import { quantile, scratchDatabase } from './scratch.js';

const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 1_000_000);
const ORGS = 20;
const RUNS = 200;
const CREATES = 300;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const PRIORITIES = ['emergency', 'urgent', 'normal'] as const;
const HOURS = { emergency: 24, urgent: 72, normal: 336 };
const PATHWAYS = ['asylum_and_protection', 'child_protection', 'counter_trafficking', 'medical_referral', 'avrr', 'regular_migration'];

/** A cipher that stores values as they are: the baseline the encryption is measured against, never used by Tandem. */
const plaintext: CipherFactory = () => ({ seal: (_c, _r, v) => (v === null || v === undefined ? null : v), open: (_c, _r, v) => v });


async function times(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  for (let i = 0; i < 5; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * Twenty organisations; UNHCR receives 40% of the referrals (the largest inbox), the others the rest. Sent over
 * the two years before NOW; nine in ten answered and closed, the rest still awaiting an answer, some overdue.
 */
async function load(database: Database): Promise<void> {
  const db = database.db;
  const orgs = Array.from({ length: ORGS - 2 }, (_, i) => ({ id: `borg${i}`, slug: `bench-org-${i}`, name: `Synthetic organisation ${i}`, kind: 'ngo', refugee_led: 0, migrant_led: 0, created_at: '2025-01-01' }));
  await db.insertInto('organisations').values(orgs).execute();
  const ids = await db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', ['iom', 'unhcr']).execute();
  const unhcr = ids.find((o) => o.slug === 'unhcr')!.id;
  const iom = ids.find((o) => o.slug === 'iom')!.id;
  const others = [iom, ...orgs.map((o) => o.id)];
  const cols = ['id', 'from_org_id', 'to_org_id', 'pathway', 'priority', 'status', 'country', 'consent_fields', 'consent_given_at', 'consent_method', 'consent_given_by',
    'created_at', 'created_by', 'updated_at', 'sent_at', 'due_at', 'acknowledged_at', 'answered_at', 'closed_at', 'box_order'];
  const ph = (n: number) => {
    let x = 0;
    return Array.from({ length: n }, () => `(${cols.map(() => (database.engine === 'postgres' ? `$${++x}` : '?')).join(',')})`).join(',');
  };
  const sql = (n: number) => `insert into protection_referrals (${cols.join(',')}) values ${ph(n)}`;
  const BATCH = database.engine === 'postgres' ? 2_000 : 1_000;
  await db.transaction().execute(async (trx) => {
    let rows: unknown[][] = [];
    for (let i = 0; i < REFERRALS; i++) {
      const to = i % 5 < 2 ? unhcr : others[i % others.length]!;
      const from = to === unhcr ? others[(i * 7) % others.length]! : unhcr;
      const priority = PRIORITIES[i % 10 === 0 ? 0 : i % 10 < 4 ? 1 : 2];
      const sent = NOW - ((i * 7919) % (730 * 24)) * 3_600_000;
      const due = sent + HOURS[priority] * 3_600_000;
      // Open: those sent in the last 30 days, and one in a hundred older ones, forgotten (overdue).
      const open = (i % 10 === 1 || i % 10 === 5) && (NOW - sent < 30 * 86_400_000 || i % 100 === 1);
      const iso = (ms: number) => new Date(ms).toISOString();
      const status = open ? (i % 20 < 10 ? 'sent' : 'acknowledged') : 'closed';
      rows.push([`bref${i}`, from, to, PATHWAYS[i % PATHWAYS.length], priority, status, i % 2 ? 'COL' : 'PER',
        '["givenName"]', iso(sent), 'verbal', 'person', iso(sent), 'bench', iso(sent), iso(sent), iso(due),
        open ? null : iso(sent + 3_600_000), open ? null : iso(sent + 7_200_000), open ? null : iso(sent + 86_400_000),
        boxOrder({ status, dueAt: iso(due), sentAt: iso(sent), createdAt: iso(sent) })]);
      if (rows.length === BATCH) { await trx.executeQuery(CompiledQuery.raw(sql(rows.length), rows.flat())); rows = []; }
    }
    if (rows.length) await trx.executeQuery(CompiledQuery.raw(sql(rows.length), rows.flat()));
  });
  // PostgreSQL: vacuumed as autovacuum would have done by then, so that counts read the index alone.
  await db.executeQuery(CompiledQuery.raw(database.engine === 'postgres' ? 'vacuum analyze protection_referrals' : 'analyze'));
}

async function inbox(engine: 'sqlite' | 'postgres', dir: string) {
  const { database, drop } = await scratchDatabase(engine, dir, 'inbox');
  try {
    await migrate(database);
    const app = createApp(database, { protection: { now: () => new Date(NOW) } });
    const t0 = performance.now();
    await load(database);
    const loadSeconds = (performance.now() - t0) / 1000;
    const unhcr = (await database.db.selectFrom('organisations').select('id').where('slug', '=', 'unhcr').executeTakeFirstOrThrow()).id;
    const focal: Ctx = { actor: { kind: 'user', label: 'bench', userId: 'bench', readOnly: false, memberships: [{ orgId: unhcr, orgSlug: 'unhcr', role: 'protection_focal_point' }] }, requestId: null };
    const cases = {
      first: { box: 'inbox', limit: 50, offset: 0 },
      overdue: { box: 'inbox', overdue: true, limit: 50, offset: 0 },
      emergency: { box: 'inbox', priority: 'emergency', limit: 50, offset: 0 },
    } as const;
    const out: Record<string, { p50: number; p99: number; total: string; overdue: string }> = {};
    for (const [name, q] of Object.entries(cases)) {
      const page = await app.referrals.list(focal, q);
      if (page.items.length === 0) throw new Error(`the ${name} page is empty`);
      const ts = await times(() => app.referrals.list(focal, q), RUNS);
      const n = (v: number, capped: boolean) => `${v.toLocaleString('en-US')}${capped ? '+' : ''}`;
      out[name] = { p50: quantile(ts, 0.5), p99: quantile(ts, 0.99), total: n(page.total, page.totalCapped), overdue: n(page.overdue, page.overdueCapped) };
    }
    return { loadSeconds, cases: out };
  } finally {
    await database.close();
    await drop();
  }
}

/** People and referrals created and read through the services: encrypted, then with the plaintext cipher. */
async function encryption(engine: 'sqlite' | 'postgres', dir: string) {
  const run = async (name: string, cipher?: CipherFactory) => {
    const { database, drop } = await scratchDatabase(engine, dir, name);
    try {
      await migrate(database);
      const app: App = createApp(database, { protection: { ...(cipher ? { cipher } : {}) } });
      const ctx = operatorCtx();
      const one = async (i: number) => {
        const p = await app.protectionPeople.create(ctx, {
          givenName: `SYNTHETIC Given${i}`, familyName: `Bench-${i}`, birthDate: '1990-01-01', sex: 'female', nationality: 'VEN', contact: '+57 300 000 0000',
          purpose: 'protection_referral', legalBasis: 'consent', retainUntil: '2030-01-01', organisation: 'iom',
        });
        const r = await app.referrals.create(ctx, {
          person: p.id, to: 'unhcr', pathway: 'asylum_and_protection', priority: 'urgent', country: 'COL', send: true, narrative: 'SYNTHETIC narrative for the benchmark',
          consent: { fields: ['givenName', 'familyName', 'nationality', 'narrative'], purpose: 'SYNTHETIC purpose', givenAt: '2026-01-01T00:00:00Z', method: 'verbal', givenBy: 'person' },
        });
        const back = await app.referrals.get(ctx, r.id);
        if (back.narrative !== 'SYNTHETIC narrative for the benchmark') throw new Error('the referral did not read back');
      };
      for (let i = 0; i < 20; i++) await one(-i - 1);
      const t0 = performance.now();
      for (let i = 0; i < CREATES; i++) await one(i);
      return CREATES / ((performance.now() - t0) / 1000);
    } finally {
      await database.close();
      await drop();
    }
  };
  // Alternated, so that neither side gets the warmer machine.
  const enc: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < 2; i++) { plain.push(await run(`plain${i}`, plaintext)); enc.push(await run(`enc${i}`)); }
  return { encryptedPerSecond: Math.max(...enc), plaintextPerSecond: Math.max(...plain) };
}

type Result = { inbox: Awaited<ReturnType<typeof inbox>>; encryption: Awaited<ReturnType<typeof encryption>> };

function runChild(engine: string): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'case', engine], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

export async function benchReferrals(engines: string[]): Promise<void> {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`Protection: UNHCR's inbox among ${fmt(REFERRALS)} synthetic referrals (20 organisations; p50/p99 of ${RUNS} reads through the referral service)`);
  for (const engine of engines) {
    const r = runChild(engine);
    console.log(`  ${engine.padEnd(8)} loaded in ${r.inbox.loadSeconds.toFixed(0)} s`);
    for (const [name, c] of Object.entries(r.inbox.cases)) {
      console.log(`  ${engine.padEnd(8)} ${name.padEnd(9)} page: p50 ${c.p50.toFixed(1)} ms, p99 ${c.p99.toFixed(1)} ms (goal p99 < 50) — box of ${c.total}, ${c.overdue} overdue`);
    }
    const e = r.encryption;
    console.log(`  ${engine.padEnd(8)} create person + send referral + read it: encrypted ${e.encryptedPerSecond.toFixed(0)}/s, plaintext cipher ${e.plaintextPerSecond.toFixed(0)}/s: ratio ${(e.encryptedPerSecond / e.plaintextPerSecond).toFixed(2)} (goal >= 0.50)`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, engine] = process.argv.slice(2);
  if (mode === 'case' && (engine === 'sqlite' || engine === 'postgres')) {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-referrals-'));
    try {
      const result: Result = { inbox: await inbox(engine, dir), encryption: await encryption(engine, dir) };
      console.log(JSON.stringify(result));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    await benchReferrals(['sqlite', 'postgres']);
  }
}
