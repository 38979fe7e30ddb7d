/**
 * API fuzzing generated from the server's own OpenAPI document: every route, as anonymous and as one account
 * per role, with requests fast-check derives from the route's path, query and body schemas (see
 * helpers/fuzz.ts). For every request: no 5xx, every error in the documented shape, and a refusal (4xx)
 * writes nothing but its audit entry. After every route the server still answers.
 *
 * Reproducible by default; FUZZ_SEED=<n> varies the requests, FUZZ_RUNS=<n> sets the cases per route and
 * actor (30 by default: 270 a route).
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { newSecret, sha256 } from '../src/access/secrets.js';
import { operatorCtx, type Ctx } from '../src/core/actor.js';
import { openDatabase } from '../src/core/db.js';
import { ROLES, type Role } from '../src/core/permissions.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { SESSION_COOKIE } from '../src/http/cookies.js';
import { buildServer, type Server } from '../src/http/server.js';
import { R4V_5W_COLUMNS } from '../src/response/r4v.layout.js';
import { makeUser, PASSWORD, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { apiRoutes, draftsFor, errorShapeProblem, preview, watchChanges, type ApiRoute, type ChangeWatch, type Draft, type Hints } from './helpers/fuzz.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_250_612);
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 30));

/** The routes, read once (to name one test each) from the document of a server over an empty database. */
const ROUTES: ApiRoute[] = await (async () => {
  const database = openDatabase({ file: ':memory:' });
  await migrate(database);
  const server = await buildServer(createApp(database));
  await server.ready();
  const routes = apiRoutes(server.swagger());
  await server.close();
  await database.close();
  return routes;
})();

type ActorName = Role | 'anonymous';
const ACTORS: readonly ActorName[] = ['anonymous', ...ROLES];
/** Each role in an organisation of the demo where it reaches the most: the co-leads, a partner with activities. */
const HOME: Record<Role, string> = {
  platform_admin: 'platform', agency_representative: 'iom', coordinator: 'unhcr', im_officer: 'iom',
  partner_reporter: 'demo-partner-a', case_worker: 'demo-partner-a', protection_focal_point: 'unhcr', viewer: 'demo-partner-b', cos_liaison: 'unhcr',
};

/**
 * Product bugs this suite found that are not fixed yet. An answer matching one is counted and reported in
 * the summary instead of failing, so that it does not hide other faults behind it; FUZZ_STRICT=1 fails on
 * them too. Remove an entry once its bug is fixed.
 */
const KNOWN_BUGS: ReadonlyArray<{ bug: string; matches: (status: number, body: string, sent: { actor: ActorName; draft: Draft }) => boolean }> = process.env.FUZZ_STRICT === '1' ? [] : [];

const fnv = (s: string) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619), 2_166_136_261);
const clip = (s: string, max = 300) => (s.length > max ? `${s.slice(0, max)}… (${s.length.toLocaleString('en-US')} characters)` : s);

/** A workbook of one sheet (headers, then rows by header), as base64 for the hints. */
async function workbook(sheet: string, headers: readonly string[], rows: ReadonlyArray<Record<string, string | number>>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow([...headers]);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** The values of one column of a table, as text (a few of them). */
async function column(app: App, table: string, col: string, limit = 6): Promise<string[]> {
  const r = await sql<{ v: unknown }>`select ${sql.ref(col)} as v from ${sql.table(table)} order by 1 limit ${limit}`.execute(app.database.db);
  return r.rows.map((x) => String(x.v));
}

interface World { hints: Hints; users: Record<Role, string>; sessions: Map<ActorName, Session | null> }

/**
 * One signed-in account per role, objects to act on (invitations, proposals awaiting signature, a spare
 * account with memberships, tokens, a delegation), and the ids of existing objects by path segment and field.
 */
async function buildWorld(t: TestDb, server: Server): Promise<World> {
  const { app } = t;
  const op = operatorCtx();
  const users = {} as Record<Role, string>;
  const sessions = new Map<ActorName, Session | null>([['anonymous', null]]);
  const emails: string[] = [];
  for (const [i, role] of ROLES.entries()) {
    const u = await makeUser(app, [[HOME[role], role]]);
    users[role] = u.id;
    emails.push(u.email);
    const s = await signIn(server, u.email, PASSWORD, `10.250.0.${i + 1}`);
    sessions.set(role, s);
    await server.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'fuzz', scope: 'read' }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  }
  await makeUser(app, [['demo-partner-c', 'viewer'], ['unhcr', 'protection_focal_point']], { email: 'spare@fuzz.invalid' });
  const orgs = await app.accounts.organisations();
  const orgId = (slug: string) => orgs.find((o) => o.slug === slug)!.id;
  await app.delegations.grant(op, { from: 'demo-partner-b', to: 'iom', note: 'fuzz' });
  const platformId = (await app.platforms.byRef('gifmm-colombia-demo')).id;
  const nobody = { actor: { kind: 'user', label: 'nobody', userId: null, memberships: [], readOnly: false }, requestId: null } as Ctx;
  for (const [org, sector] of [['demo-partner-a', 'wash'], ['unhcr', 'health'], ['demo-partner-b', 'gbv']] as const) {
    const sectorId = (await app.platforms.sectorByCode(platformId, sector))!.id;
    await app.database.db.transaction().execute((q) => app.invitations.place(nobody, q, platformId, orgId(org), { role: 'sector_lead', sectorId }));
  }
  const rep = { actor: { kind: 'user', label: users.agency_representative, userId: users.agency_representative, readOnly: false, memberships: [{ orgId: orgId('iom'), orgSlug: 'iom', role: 'agency_representative' }] }, requestId: null } as Ctx;
  for (const arrangement of ['unhcr-led', 'iom-led', 'co-led-platform'] as const) await app.decisions.propose(rep, 'ukraine-poland', { arrangement, year: 2024, rationale: 'fuzz fixture: a proposal awaiting signature' });

  // Public reports: a draft, and one published twice (versions 1 and 2), for the routes of one report and its public address.
  const item = { kind: 'figures' as const, view: 'table' as const, figures: { origin: 'NIC', host: 'CRI' } };
  await app.publications.create(op, { organisation: 'demo-partner-a', title: { en: 'Fuzz draft report' }, items: [item] });
  const published = await app.publications.create(op, { organisation: 'iom', platform: 'gifmm-colombia-demo', title: { en: 'Fuzz published report' }, items: [item] });
  await app.publications.publish(op, published.id);
  await app.publications.publish(op, published.id);

  // Workbooks the XLSX routes read: R4V 5W files (a partner's row as it should be, one with a number that is not), R4V's proportions.
  const admin1 = (await app.registries.adminArea('CO11'))!.name;
  const indicator = (await app.registries.indicator('demo.prot.orientation'))!.name;
  const fiveW = (org: string, total: string | number) => ({
    Country: 'Colombia', Admin1: admin1, Appealing_org: org, Month: '2025-03', Subsector: 'protection', Indicator: indicator, Activity_Name: `Fuzz activity of ${org}`,
    RMRPActivity: 'Yes', CVA: 'No', Total_monthly: total, New_beneficiaries: 2, IN_DESTINATION: 2, Women: 1, Men: 1,
  });
  const fiveWHeaders = R4V_5W_COLUMNS.map(([h]) => h);
  const shares = ['Dest', 'Transit', 'HC', 'Pendular', 'Returnees'].flatMap((g) => ['Girls', 'Boys', 'Women', 'Men'].map((x) => `${g}_${(g === 'Dest' || g === 'Transit') && x === 'Girls' ? 'GIrls' : x}`));
  const workbooks = [
    await workbook('5W', fiveWHeaders, [fiveW('demo-partner-a', 4), fiveW('iom', 7)]),
    await workbook('5W', fiveWHeaders, [fiveW('demo-partner-a', 'many')]),
    await workbook('pinproportions', ['Country', 'Admin1', 'Subsector', ...shares], [{ Country: 'Colombia', Admin1: admin1, Subsector: 'Protection', ...Object.fromEntries(shares.map((h) => [h, 0.05])) }]),
  ];

  // Durable solutions: an IOM-led return of migrants with its register and an AVRR case (the demo holds a UNHCR-led one, a strategy and cases).
  const avrr = await app.returns.open(op, { name: 'Fuzz AVRR return', origin: 'HND', host: 'MEX', caseload: { MIG: 3 } });
  await app.returns.declare(op, avrr.id, { declarations: [{ unit: 'household', reference: 'FUZZ-H1', people: 3, free: true, informed: true, express: true, declaredOn: '2025-01-10' }] });
  await app.avrr.open(op, avrr.id, { reference: 'FUZZ-IOM-1', people: 3 });
  // Flow monitoring: a flows mapping and a figures mapping saved by IOM and by UNHCR (where the officers and coordinators are).
  for (const asOrg of ['iom', 'unhcr']) {
    await app.importMappings.save(op, {
      name: 'fuzz-flows', target: 'flows', flows: { period: 'month' }, asOrg,
      read: {
        columns: [{ header: 't', tag: '#date' }, { header: 'nat', tag: '#country+code+nationality' }, { header: 'n', tag: '#affected' }],
        constants: [{ tag: '#loc+name', value: 'Fuzz point' }, { tag: '#country+code', value: 'PAN' }, { tag: '#indicator+direction', value: 'entry' }],
      },
    });
    await app.importMappings.save(op, {
      name: 'fuzz-figures', target: 'figures', figures: { dataset: 'fuzz-planning', date: '2025-06-30' }, asOrg,
      read: { columns: [{ header: 'country', tag: '#country+code' }, { header: 'mig', tag: '#affected+mig+current' }] },
    });
  }

  const actorIds = new Set(Object.values(users));
  const mine = new Set((await app.database.db.selectFrom('memberships').select('id').where('user_id', 'in', [...actorIds]).execute()).map((m) => m.id));
  const byPath: Hints = {
    users: (await column(app, 'users', 'id', 50)).filter((id) => !actorIds.has(id)),
    memberships: (await column(app, 'memberships', 'id', 50)).filter((id) => !mine.has(id)),
    tokens: await column(app, 'api_tokens', 'id'), figures: await column(app, 'figures', 'id', 4),
    imports: await column(app, 'import_batches', 'id'), recommendations: await column(app, 'recommendation_snapshots', 'id', 4),
    decisions: await column(app, 'decisions', 'id'), invitations: await column(app, 'platform_invitations', 'id'),
    plans: await column(app, 'plans', 'id'), activities: await column(app, 'activities', 'id'), reports: await column(app, 'reports', 'id', 12),
    delegations: await column(app, 'assertion_delegations', 'id'),
    publications: await column(app, 'publications', 'id'),
    returns: await column(app, 'return_operations', 'id'), 'avrr-cases': await column(app, 'avrr_cases', 'id'),
    strategies: await column(app, 'solutions_strategies', 'id'), cases: await column(app, 'resettlement_cases', 'id'),
    surveys: await column(app, 'movement_survey_responses', 'id'),
  };
  const anyId = Object.values(byPath).flat();
  const slugs = orgs.map((o) => o.slug);
  const situations = await column(app, 'situations', 'slug', 4);
  const platforms = [...await column(app, 'platforms', 'slug'), platformId];
  const indicators = await column(app, 'indicators', 'code');
  const sectors = await column(app, 'sectors', 'code');
  const pcodes = await column(app, 'admin_areas', 'pcode');
  const iso3 = ['COL', 'col', 'VEN', 'UKR', 'POL', 'NIC', 'CRI', 'XXX'];
  const months = ['2025-01', '2025-02', '2025-03', '2025-12', '2026-01', '2024-13'];
  const hints: Hints = {
    ...byPath, anyId,
    organisations: [...slugs, orgs[0]!.id], situations: [...situations, ...(await column(app, 'situations', 'id', 2))],
    platforms, policies: await column(app, 'policies', 'version'), countries: iso3, iso3, month: months,
    organisation: slugs, partner: slugs, from: slugs, to: slugs, coLeads: slugs, leads: slugs, asOrg: [...slugs, 'no-such-org'], source: slugs,
    indicator: indicators, sector: sectors, code: [...sectors, ...indicators, 'fuzz.new'], parent: [...sectors, ...pcodes, ...platforms],
    pcode: pcodes, area: pcodes, country: iso3, origins: iso3, hosts: iso3, origin: iso3, host: iso3,
    startMonth: months, endMonth: months, until: months, decidedOn: ['2024-06-30', '2025-02-29', '1900-01-01'], effectiveFrom: ['2019-01-01', '2026-01-01'],
    situation: situations, activity: byPath.activities!, batch: byPath.imports!, objectId: anyId, version: ['2019.1', 'fuzz.1'],
    // Public reports: their public names and version numbers; an item's dashboard names a plan.
    n: ['1', '2', '3'], plan: byPath.plans!, platform: platforms,
    // R4V's way of counting: the indicator types that count, countries without admin 1, sectors as its files name them.
    countTypes: ['Direct Assistance', 'PiN', 'Capacity Building'], noAdmin1: ['Mexico', 'Panama', 'Colombia'],
    sectors: ['Shelter', 'WASH', 'Protection (General)', 'Health', 'Education'],
    workbooks,
    // Durable solutions: a declaration's or an AVRR case's reference, a strategy, a receiving State (a government); flow monitoring: mapping names.
    reference: [...await column(app, 'return_declarations', 'reference'), 'FUZZ-IOM-1', 'no-such-ref'], strategy: byPath.strategies!, receivingState: slugs,
    mapping: ['fuzz-flows', 'fuzz-figures', 'dtm-flow-monitoring', 'no-such-mapping'], point: [...await column(app, 'movement_points', 'id'), 'no-such-point'],
    email: [...emails, 'iom.rep.a@demo.tandem.invalid', 'spare@fuzz.invalid'], password: [PASSWORD, 'not the password'], slug: [...slugs, ...situations, ...await column(app, 'publications', 'slug')],
    filename: ['report.csv', 'figures.json', 'areas.geojson', 'book.xlsx', 'x.csv.gz', '../../etc/passwd', 'a\\b.csv'],
    headers: [
      'Activity,Month,Group,F adults,New F adults\n#activity+code,#date+month,#group+code,#reached+f+adults,#reached+x_new+f+adults',
      '#date,#country+code+origin,#country+code,#affected+migrants,#meta+source',
      't,nat,n', 'country,mig', 'year,coo_iso,coa_iso,returned_refugees,resettlement,naturalisation,returned_idps',
      'Year,Country of origin (ISO),Country of asylum (ISO),Refugees under UNHCR\'s mandate',
      // A return's voluntariness register, as its template lays it out.
      'Reference,Unit,People,Free,Informed,Express,Declared on\n#beneficiary+code,#beneficiary+type,#beneficiary+num,#status+free,#status+informed,#status+express,#date+declared',
    ],
    cells: [...byPath.activities!, ...months, 'in_destination', 'pendular', 'female', '18-59', '2001', 'NIC', 'CRI', 'iom', ...slugs, '9', '-4', '1e308', '2025-01-15', '2023', 'SYR', 'TUR', 'VEN', 'person', 'household', 'yes', 'no'],
  };
  return { hints, users, sessions };
}

interface Tally { requests: number; serverMs: number; routeMs: Map<string, number>; known: Map<string, number>; serverErrors: number; changedRefusals: number; statuses: Map<number, number>; slowest: { ms: number; what: string } }

describeEachEngine('API fuzzing from the OpenAPI document: no 5xx, documented errors, refusals change nothing', (engine) => {
  let t: TestDb;
  let server: Server;
  let world: World;
  let watch: ChangeWatch;
  /** Where the change log stood after the last request (one query a request: the mark after is the next one's before). */
  let logAt: number | null = null;
  let address = 0;
  let started = 0;
  const tally: Tally = { requests: 0, serverMs: 0, routeMs: new Map(), known: new Map(), serverErrors: 0, changedRefusals: 0, statuses: new Map(), slowest: { ms: 0, what: '' } };

  beforeAll(async () => {
    started = performance.now();
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    await server.ready();
    world = await buildWorld(t, server);
    // Refusals may write on purpose: their audit entry (appended, with the chain's head), a failed sign-in's
    // throttle count, and the last use of a session or token. Anything else counts as a change.
    watch = await watchChanges(t.database, {
      exemptTables: ['audit_head', 'auth_throttle'], appendOnly: ['audit_log'],
      exemptColumns: { sessions: ['last_seen_at'], api_tokens: ['last_used_at'] },
    });
  });
  afterAll(async () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const statuses = [...tally.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`fuzz [${engine}]: ${tally.requests.toLocaleString('en-US')} requests over ${ROUTES.length} routes × ${ACTORS.length} actors (seed ${SEED}, ${RUNS} per route and actor) in ${seconds} s (${(tally.serverMs / 1000).toFixed(1)} s answering), `
      + `${tally.serverErrors} server errors, ${tally.changedRefusals} refusals that changed the database; statuses ${statuses}; slowest ${tally.slowest.ms.toFixed(0)} ms: ${tally.slowest.what}`
      + `\n  most answering time: ${[...tally.routeMs].sort(([, a], [, b]) => b - a).slice(0, 5).map(([r, ms]) => `${r} ${(ms / 1000).toFixed(1)} s`).join(', ')}`
      + [...tally.known].map(([bug, n]) => `\n  known bug, not failing (TODO): ${bug} ×${n}`).join(''));
    await server?.close();
    await t?.dispose();
  });

  /** A fresh session for an account whose session a fuzzed sign-out ended (without another argon2 sign-in). */
  async function replaceSession(role: Role): Promise<void> {
    const token = newSecret();
    const csrf = newSecret();
    const now = new Date();
    await t.database.db.insertInto('sessions').values({
      id_hash: sha256(token), user_id: world.users[role], csrf_token: csrf, created_at: now.toISOString(), last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
    }).execute();
    world.sessions.set(role, { cookie: `${SESSION_COOKIE}=${token}`, csrf });
  }

  async function send(actor: ActorName, d: Draft) {
    const s = world.sessions.get(actor) ?? null;
    const headers: Record<string, string> = {};
    if (d.contentType) headers['content-type'] = d.contentType;
    if (s && d.auth !== 'bad-bearer' && d.auth !== 'bad-cookie') headers.cookie = s.cookie;
    if (s && d.auth === 'proper' && d.method !== 'GET') headers['x-csrf-token'] = s.csrf;
    if (d.auth === 'wrong-csrf') headers['x-csrf-token'] = 'not-the-token';
    if (d.auth === 'bad-bearer') headers.authorization = 'Bearer tdm_not-a-token';
    if (d.auth === 'bad-cookie') headers.cookie = `${SESSION_COOKIE}=forged`;
    // Every request from its own address: the throttle on anonymous writes is not what is under test.
    const n = ++address;
    const remoteAddress = `10.${engine === 'sqlite' ? 1 : 2}${(n >> 16) & 7}.${(n >> 8) & 255}.${n & 255}`;
    return server.inject({ method: d.method, url: d.url, headers, remoteAddress, ...(d.payload === null ? {} : { payload: d.payload }) });
  }

  /** Sends one generated request and throws, with everything needed to replay it, when it breaks a rule. */
  async function check(route: ApiRoute, actor: ActorName, d: Draft): Promise<void> {
    const before = logAt ?? await watch.mark();
    const t0 = performance.now();
    const res = await send(actor, d);
    const ms = performance.now() - t0;
    logAt = await watch.mark();
    const what = `${actor} ${d.method} ${clip(d.url)}\n  content-type: ${d.contentType ?? '(none)'}; credentials: ${d.auth}; body: ${preview(d.payload)}\n  → ${res.statusCode} ${clip(res.body, 600)}`;
    tally.requests++;
    tally.serverMs += ms;
    tally.routeMs.set(`${route.method} ${route.path}`, (tally.routeMs.get(`${route.method} ${route.path}`) ?? 0) + ms);
    tally.statuses.set(res.statusCode, (tally.statuses.get(res.statusCode) ?? 0) + 1);
    if (ms > tally.slowest.ms) tally.slowest = { ms, what: `${actor} ${d.method} ${clip(d.url, 120)} → ${res.statusCode}` };
    const shape = res.statusCode >= 500 ? `server error ${res.statusCode}` : errorShapeProblem(res.statusCode, res.headers['content-type']?.toString(), res.body);
    const known = shape ? KNOWN_BUGS.find((k) => k.matches(res.statusCode, res.body, { actor, draft: d })) : undefined;
    if (known) tally.known.set(known.bug, (tally.known.get(known.bug) ?? 0) + 1);
    else if (res.statusCode >= 500) {
      tally.serverErrors++;
      throw new Error(`server error ${res.statusCode} for ${what}`);
    } else if (shape) throw new Error(`${shape}: ${what}`);
    if (res.statusCode >= 400 && logAt !== before) {
      const changes = await watch.since(before);
      if (changes.length) {
        tally.changedRefusals++;
        throw new Error(`a refused request changed the database (${changes.join(', ')}): ${what}`);
      }
    }
    if (route.path.endsWith('/auth/sign-out') && res.statusCode < 300 && actor !== 'anonymous') {
      await replaceSession(actor);
      logAt = null;
    }
  }

  it('notices any write to the database, and not what a refusal may write on purpose', async () => {
    const db = t.database.db;
    const m = await watch.mark();
    const one = await db.selectFrom('situations').select(['id', 'name']).orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('situations').set({ name: one.name }).where('id', '=', one.id).execute();
    await db.updateTable('sessions').set({ last_seen_at: new Date().toISOString() }).execute();
    const denied = await server.inject({ method: 'POST', url: '/api/v1/situations', payload: { name: 'x', origins: ['NIC'], hosts: ['CRI'] }, remoteAddress: '10.99.0.1' });
    expect(denied.statusCode).toBe(401);
    expect(await watch.since(m)).toEqual([]);
    await db.updateTable('situations').set({ name: `${one.name}!` }).where('id', '=', one.id).execute();
    await db.updateTable('situations').set({ name: one.name }).where('id', '=', one.id).execute();
    expect(await watch.since(m)).toEqual(['situations update ×2']);
  });

  it('fuzzes every API route the server registered, as read from its OpenAPI document', () => {
    const registered = (server as unknown as { registeredRoutes: Array<{ method: string; url: string }> }).registeredRoutes
      .filter((r) => r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort();
    expect(apiRoutes(server.swagger()).map((r) => `${r.method} ${r.path}`).sort()).toEqual(registered);
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(registered);
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: as every actor, no 5xx, documented errors, refusals change nothing', async (_name, route) => {
    const failures: string[] = [];
    for (const actor of ACTORS) {
      logAt = null;
      const drafts = draftsFor(route, world.hints).map((d) => Object.assign(d, { [fc.toStringMethod]: () => `${actor} ${d.method} ${clip(d.url, 200)} body ${preview(d.payload, 200)}` }));
      try {
        await fc.assert(fc.asyncProperty(drafts, (d) => check(route, actor, d)), { seed: SEED ^ fnv(`${route.method} ${route.path} ${actor}`), numRuns: RUNS });
      } catch (e) {
        // fast-check keeps the property's own error (what was sent, what came back) as the cause.
        const cause = (e as Error).cause instanceof Error ? `\n${((e as Error).cause as Error).message}` : '';
        failures.push(`${actor} (FUZZ_SEED=${SEED}): ${(e as Error).message}${cause}`);
      }
    }
    // Still answering, and nothing leaked onto Object.prototype (`__proto__` and `constructor` keys were sent).
    expect((await server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await server.inject({ method: 'GET', url: '/api/v1/situations?limit=1', remoteAddress: '10.99.0.2' })).statusCode).toBe(200);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(failures).toEqual([]);
  });
});
