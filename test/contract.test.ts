import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { operatorCtx } from '../src/core/actor.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; required?: string[] };
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema }> }; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const says = (s: Schema | undefined): boolean => !!s && (s.properties !== undefined || s.items !== undefined || (s.anyOf?.every(says) ?? false));
const isNumber = (s: Schema) => s.type === 'integer' || s.type === 'number' || (s.anyOf?.some((x) => x.type === 'integer' || x.type === 'number') ?? false);

describeEachEngine('the module contract as the API shows it', (engine) => {
  let t: TestDb;
  let server: Server;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    doc = (await server.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('documents what every successful answer holds: each 2xx has a schema with properties or items (204 has no body)', () => {
    const vague: string[] = [];
    let count = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, r] of Object.entries(op.responses ?? {})) {
          if (!status.startsWith('2') || status === '204') continue;
          count++;
          if (!says(r.content?.['application/json']?.schema)) vague.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(count).toBeGreaterThan(50);
    expect(vague).toEqual([]);
  });

  it('refuses to register an API route whose success answer has no schema, as it refuses one without a policy entry', async () => {
    const s = await buildServer(t.app);
    await expect(s.register(async (api) => {
      api.get('/api/v1/vague', { config: { public: true }, schema: { response: { 200: {} } } }, async () => ({}));
    })).rejects.toThrow(/no response schema/);
    await s.close();
  });

  it('never coerces a JSON body: null, "" or "12" for a number are refused with the field named, on every route that takes one', async () => {
    const everyone = await signIn(server, (await makeUser(t.app, [['platform', 'platform_admin'], ['iom', 'agency_representative'], ['iom', 'coordinator'], ['iom', 'im_officer'], ['unhcr', 'case_worker']])).email);
    const cases: Array<{ method: string; url: string; field: string; body: Record<string, unknown> }> = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (!schema?.properties) continue;
        const url = path.replace('{month}', '2025-03').replace('{safeguard}', 'safety_and_dignity_assessed').replace(/\{[^}]+\}/g, 'gifmm-colombia-demo');
        // A valid-looking body: every required property present, so the number is the only thing wrong.
        const filler = (s: Schema): unknown => (s.type === 'string' ? 'x' : s.type === 'boolean' ? true : s.type === 'array' ? [] : isNumber(s) ? 1 : {});
        const base = Object.fromEntries((schema.required ?? []).map((k) => [k, filler(schema.properties![k]!)]));
        for (const [name, prop] of Object.entries(schema.properties)) {
          if (!isNumber(prop)) continue;
          for (const bad of [null, '', '12']) cases.push({ method: method.toUpperCase(), url, field: name, body: { ...base, [name]: bad } });
        }
      }
    }
    expect(cases.length).toBeGreaterThanOrEqual(9);
    for (const c of cases) {
      const res = await server.inject({ method: c.method as 'POST', url: c.url, payload: c.body, headers: { cookie: everyone.cookie, 'x-csrf-token': everyone.csrf } });
      const what = `${c.method} ${c.url} ${c.field}=${JSON.stringify(c.body[c.field])}`;
      expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field), what).toContain(`body.${c.field}`);
    }
  });
});

describeEachEngine('allowed actions travel with the objects, from the one policy', (engine) => {
  let t: TestDb;
  let server: Server;
  let coLead: Session;
  let otherCoordinator: Session;
  let partner: Session;
  let planId: string;

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    await t.app.accounts.createOrganisation(operatorCtx(), { slug: 'elsewhere', name: 'An NGO that leads nothing (test)', kind: 'ngo' });
    coLead = await signIn(server, (await makeUser(t.app, [['iom', 'coordinator']])).email);
    otherCoordinator = await signIn(server, (await makeUser(t.app, [['elsewhere', 'coordinator']])).email);
    partner = await signIn(server, (await makeUser(t.app, [['demo-partner-a', 'partner_reporter']])).email);
    planId = (await t.app.plans.platformPage(operatorCtx(), 'gifmm-colombia-demo')).plans[0]!.id;
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('offers review of a plan to its co-leads only, and reporting to its partners', async () => {
    const can = async (s: Session | null) => (await as(server, s).get(`/api/v1/plans/${planId}`)).json().can;
    expect(await can(coLead)).toEqual({ report: false, review: true, addActivity: true });
    expect(await can(otherCoordinator)).toEqual({ report: false, review: false, addActivity: false });
    expect(await can(partner)).toEqual({ report: true, review: false, addActivity: true });
    expect(await can(null)).toEqual({ report: false, review: false, addActivity: false });
    expect((await as(server, coLead).get('/api/v1/platforms/gifmm-colombia-demo')).json().can).toEqual({ update: true });
    expect((await as(server, otherCoordinator).get('/api/v1/platforms/gifmm-colombia-demo')).json().can).toEqual({ update: false });
  });

  it('says on each report whether it can be changed or validated now, by whom', async () => {
    const queue = (await as(server, coLead).get(`/api/v1/plans/${planId}/reports?status=submitted`)).json().items;
    expect(queue.length).toBeGreaterThan(0);
    expect(queue.every((r: { can: { validate: boolean } }) => r.can.validate)).toBe(true);
    const mine = (await as(server, partner).get(`/api/v1/plans/${planId}/reports`)).json().items;
    expect(mine.every((r: { can: { validate: boolean } }) => !r.can.validate)).toBe(true);
    expect(mine.filter((r: { status: string }) => r.status === 'validated').every((r: { can: { update: boolean } }) => !r.can.update)).toBe(true);
    expect(mine.filter((r: { status: string }) => r.status === 'submitted').every((r: { can: { update: boolean } }) => r.can.update)).toBe(true);
    const reviewed = await as(server, coLead).post(`/api/v1/reports/${queue[0].id}/review`, { decision: 'validate' });
    expect(reviewed.json().can).toEqual({ update: false, validate: false });
  });

  it('lets the other agency\'s representative, and only them, countersign a proposal', async () => {
    const iom = await signIn(server, (await makeUser(t.app, [['iom', 'agency_representative']])).email);
    const unhcr = await signIn(server, (await makeUser(t.app, [['unhcr', 'agency_representative']])).email);
    const proposed = await as(server, iom).post('/api/v1/situations/haiti-dominican-republic/decisions', { arrangement: 'iom-led' });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const sign = async (s: Session | null) => (await as(server, s).get('/api/v1/situations/haiti-dominican-republic/decisions')).json()[0].can.sign;
    expect(await sign(unhcr)).toBe(true);
    expect(await sign(iom)).toBe(false);
    expect(await sign(coLead)).toBe(false);
    expect(await sign(null)).toBe(false);
  });

  it('tells the signed-in account what it may do anywhere, for the menus', async () => {
    expect((await as(server, partner).get('/api/v1/auth/me')).json().can).toEqual({ importFigures: false, administer: false, defineSituations: false, setUpPlatforms: false, handleCases: false, supportStates: false, requestSupport: false, offerSupport: false, shareData: false, draftAgreements: false, composeReports: false, followReturns: false, planReturns: false, handleResettlement: false, readSolutions: false, monitorFlows: true, importFlows: false, consolidateR4V: true });
    // Situations are defined by the agencies' information management officers, not by a platform's coordinator.
    expect((await as(server, coLead).get('/api/v1/auth/me')).json().can).toEqual({ importFigures: false, administer: false, defineSituations: false, setUpPlatforms: true, handleCases: false, supportStates: true, requestSupport: true, offerSupport: true, shareData: true, draftAgreements: true, composeReports: true, followReturns: true, planReturns: true, handleResettlement: true, readSolutions: true, monitorFlows: true, importFlows: true, consolidateR4V: true });
    const officer = await signIn(server, (await makeUser(t.app, [['iom', 'im_officer']])).email);
    expect((await as(server, officer).get('/api/v1/auth/me')).json().can).toMatchObject({ importFigures: true, defineSituations: true, handleCases: false });
    // The Cases menu: those who handle referrals, and no one else (administrators included).
    const worker = await signIn(server, (await makeUser(t.app, [['iom', 'case_worker']])).email);
    expect((await as(server, worker).get('/api/v1/auth/me')).json().can).toMatchObject({ handleCases: true, administer: false });
  });
});

