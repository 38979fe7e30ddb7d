/**
 * List authorization benchmark (issue 10): a partner lists its monthly reports in a plan holding the reports
 * of 200 partners. The list is authorized in SQL (the policy's scope is a `where` clause). Printed beside it,
 * measured in the same process on the same rows:
 *   - the same page read with the access layer bypassed: the partner's reports selected by a plain query;
 *   - the same page authorized in memory, as lists were before (every report of the plan read, then filtered);
 *   - the authorized page again after the other partners' reports have grown tenfold (it must not grow).
 *
 *   node --import tsx bench/lists.ts               every engine, printed with ratios
 *   node --import tsx bench/lists.ts case ENGINE   one engine (used by the above)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { createApp, type App } from '../src/app.js';
import { operatorCtx, type Ctx } from '../src/core/actor.js';
import { openDatabase, type Database } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { PG_URL } from './cases.js';

const PARTNERS = 200;
const ACTIVITIES_PER_PARTNER = 42;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
const SECTORS = ['protection', 'health', 'wash', 'education', 'food'];
const RUNS = 30;
const PAGE = { limit: 50, offset: 0 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** The plan's platform, partners and activities, and `partners` partners' reports (others' grow, partner 0's stay). */
async function load(database: Database, app: App, reportingPartners: number): Promise<string> {
  const ctx = operatorCtx();
  const db = database.db;
  await app.registries.upsertAdminAreas(ctx, [{ pcode: 'XB001', iso3: 'COL', level: 1, name: 'Synthetic area' }]);
  await app.registries.upsertIndicator(ctx, { code: 'bench.people', name: 'Synthetic', unit: 'people' });
  await app.platforms.create(ctx, { name: 'List benchmark (synthetic)', slug: 'lists', tier: 'national', country: 'COL', coLeads: ['iom', 'unhcr'] });
  for (const s of SECTORS) await app.platforms.addSector(ctx, 'lists', { code: s, name: s, leads: [] });
  const sectors = (await db.selectFrom('sectors').select('id').execute()).map((s) => s.id);
  const orgs = Array.from({ length: PARTNERS }, (_, p) => ({ id: `org${p}`, slug: `list-partner-${p}`, name: `Synthetic partner ${p}`, kind: 'ngo', refugee_led: 0, migrant_led: 0, created_at: '2025-01-01' }));
  for (let i = 0; i < orgs.length; i += 100) await db.insertInto('organisations').values(orgs.slice(i, i + 100)).execute();
  const platform = await db.selectFrom('platforms').select('id').where('slug', '=', 'lists').executeTakeFirstOrThrow();
  await db.insertInto('platform_orgs').values(orgs.map((o) => ({ platform_id: platform.id, org_id: o.id, role: 'partner', appealing: 1, partner_type: 'national_ngo' }))).execute();
  const plan = await app.plans.createPlan(ctx, 'lists', { name: 'Synthetic plan', startMonth: '2025-01', endMonth: '2025-12' });
  const acts = Array.from({ length: PARTNERS * ACTIVITIES_PER_PARTNER }, (_, i) => ({
    id: `a${i}`, plan_id: plan.id, partner_org_id: `org${i % PARTNERS}`, sector_id: sectors[i % sectors.length]!, indicator_code: 'bench.people', pcode: 'XB001',
    counts_pin: 1, description: 'synthetic', requirements_usd: 0, funding_usd: 0, created_at: '2025-01-01',
  }));
  for (let i = 0; i < acts.length; i += 500) await db.insertInto('activities').values(acts.slice(i, i + 500)).execute();
  const ph = (n: number, k: number) => {
    let x = 0;
    return Array.from({ length: n }, () => `(${Array.from({ length: k }, () => (database.engine === 'postgres' ? `$${++x}` : '?')).join(',')})`).join(',');
  };
  await db.transaction().execute(async (trx) => {
    let reports: unknown[][] = [];
    let rows: unknown[][] = [];
    const flush = async () => {
      if (reports.length) await trx.executeQuery(CompiledQuery.raw(`insert into reports (id, activity_id, month, status, reviewer_note, updated_at, updated_by, reviewed_at, reviewed_by) values ${ph(reports.length, 9)}`, reports.flat()));
      if (rows.length) await trx.executeQuery(CompiledQuery.raw(`insert into report_rows (report_id, pop_group, sex, age, reached, new_reached, services, converted) values ${ph(rows.length, 8)}`, rows.flat()));
      reports = []; rows = [];
    };
    for (const a of acts) {
      if (Number(a.partner_org_id.slice(3)) >= reportingPartners) continue;
      for (const month of MONTHS) {
        const id = `${a.id}-${month}`;
        reports.push([id, a.id, month, 'submitted', null, `2025-02-01T00:00:${String(Number(a.id.slice(1)) % 60).padStart(2, '0')}Z`, 'bench', null, null]);
        for (const [sex, age] of [['female', '0-17'], ['female', '18-59'], ['female', '60+'], ['male', '0-17'], ['male', '18-59'], ['male', '60+']] as const) {
          rows.push([id, 'in_destination', sex, age, 10, 5, null, 0]);
        }
        if (rows.length >= 900) await flush();
      }
    }
    await flush();
  });
  await db.executeQuery(CompiledQuery.raw('analyze'));
  return plan.id;
}

/** The partner's page of reports with the access layer bypassed: a plain query for its reports and their cells. */
async function bypassed(database: Database, planId: string) {
  const items = await database.db.selectFrom('reports').innerJoin('activities', 'activities.id', 'reports.activity_id')
    .innerJoin('organisations', 'organisations.id', 'activities.partner_org_id').innerJoin('sectors', 'sectors.id', 'activities.sector_id')
    .innerJoin('admin_areas', 'admin_areas.pcode', 'activities.pcode')
    .selectAll('reports').select(['organisations.slug', 'sectors.code', 'admin_areas.name'])
    .where('activities.plan_id', '=', planId).where('activities.partner_org_id', '=', 'org0')
    .orderBy('reports.month', 'desc').orderBy('reports.updated_at', 'desc').orderBy('reports.id').limit(PAGE.limit).offset(PAGE.offset).execute();
  const rows = await database.db.selectFrom('report_rows').selectAll().where('report_id', 'in', items.map((r) => r.id)).execute();
  return { items, rows };
}

/** How lists were authorized before: every activity and report of the plan read, decided one by one, then sliced. */
async function inMemory(app: App, database: Database, ctx: Ctx, planId: string) {
  const acts = await database.db.selectFrom('activities').select(['id', 'partner_org_id', 'sector_id']).where('plan_id', '=', planId).execute();
  const leads = await app.platforms.leads((await database.db.selectFrom('plans').select('platform_id').where('id', '=', planId).executeTakeFirstOrThrow()).platform_id);
  const visible = new Set(acts.filter((a) => app.access.can(ctx, 'report', 'read', { orgIds: [a.partner_org_id], coLeadOrgIds: [...leads.platform, ...(leads.bySector.get(a.sector_id) ?? [])] })).map((a) => a.id));
  const all = await database.db.selectFrom('reports').selectAll().where('activity_id', 'in', [...visible]).orderBy('month', 'desc').orderBy('updated_at', 'desc').execute();
  const page = all.slice(PAGE.offset, PAGE.offset + PAGE.limit);
  return database.db.selectFrom('report_rows').selectAll().where('report_id', 'in', page.map((r) => r.id)).execute();
}

async function engineCase(engine: 'sqlite' | 'postgres', dir: string, reportingPartners: number) {
  let database: Database;
  let schema = '';
  if (engine === 'sqlite') database = openDatabase({ file: join(dir, `lists-${reportingPartners}.db`) });
  else {
    schema = `bench_lists_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    database = openDatabase({ url: PG_URL, schema });
  }
  try {
    await migrate(database);
    const app = createApp(database);
    const planId = await load(database, app, reportingPartners);
    const reports = Number((await database.db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const partner: Ctx = { actor: { kind: 'user', label: 'bench', userId: 'bench', readOnly: false, memberships: [{ orgId: 'org0', orgSlug: 'list-partner-0', role: 'partner_reporter' }] }, requestId: null };
    const page = await app.reports.listReports(partner, planId, PAGE);
    const base = await bypassed(database, planId);
    if (page.items.length !== base.items.length || page.items.some((r, i) => r.id !== base.items[i]?.id)) throw new Error('the authorized page and the bypassed page differ');
    return {
      reports, partnerReports: page.total,
      authorizedMs: await timed(() => app.reports.listReports(partner, planId, PAGE)),
      bypassedMs: await timed(() => bypassed(database, planId)),
      inMemoryMs: await timed(() => inMemory(app, database, partner, planId)),
    };
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

type Result = Awaited<ReturnType<typeof engineCase>>;

function runChild(engine: string, partners: number): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'case', engine, String(partners)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

/** Runs each engine at two sizes of the other partners' data and prints times and ratios. */
export async function benchLists(engines: string[]): Promise<void> {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`Authorized list: a partner's first page (${PAGE.limit}) of its reports in a plan of ${PARTNERS} partners; median of ${RUNS} runs`);
  for (const engine of engines) {
    const small = runChild(engine, 20);
    const big = runChild(engine, PARTNERS);
    for (const r of [small, big]) {
      console.log(`  ${engine.padEnd(8)} ${fmt(r.reports).padStart(7)} reports (${fmt(r.partnerReports)} the partner's): authorized in SQL ${r.authorizedMs.toFixed(2)} ms, access layer bypassed ${r.bypassedMs.toFixed(2)} ms, authorized in memory (before) ${r.inMemoryMs.toFixed(1)} ms`);
    }
    console.log(`  ${engine}: authorized/bypassed ${(big.authorizedMs / big.bypassedMs).toFixed(2)}x (goal within 2x); ${fmt(big.reports)} vs ${fmt(small.reports)} reports in the plan: ${(big.authorizedMs / small.authorizedMs).toFixed(2)}x the time (flat is 1); in memory was ${(big.inMemoryMs / big.authorizedMs).toFixed(0)}x slower`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, engine, partners] = process.argv.slice(2);
  if (mode === 'case' && (engine === 'sqlite' || engine === 'postgres')) {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-lists-'));
    try {
      console.log(JSON.stringify(await engineCase(engine, dir, Number(partners ?? PARTNERS))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    await benchLists(['sqlite', 'postgres']);
  }
}
