import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const DAY = 86_400_000;
interface Cell { area: string | null; indicator: string | null; reached: number | null; status: string }

/**
 * The policy's `shared` relation: a receiving party reads 5W data an agreement in force covers, coarsened to
 * the agreed granularity, under disclosure control, every read in the transfer register; nothing after expiry.
 */
describeEachEngine('5W data read under a data-sharing agreement (R6, the shared relation)', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let time = Date.parse('2026-03-01T12:00:00Z');
  const sessions: Record<string, Session> = {};
  let agreementId = '';

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    app = createApp(t.database, { sharing: { now: () => new Date(time) } });
    server = await buildServer(app);
    const op = operatorCtx();
    // Partner A also reports at admin 2 (Cúcuta, in Norte de Santander), with a small count there.
    await app.registries.upsertAdminAreas(op, [{ pcode: 'CO54001', iso3: 'COL', level: 2, name: 'Cúcuta (test)', parent: 'CO54' }]);
    const planId = (await app.plans.platformPage(op, 'gifmm-colombia-demo')).plans[0]!.id;
    const activity = await app.plans.addActivity(op, planId, { partner: 'demo-partner-a', sector: 'child_protection', indicator: 'demo.cp.case-management', pcode: 'CO54001', countsPin: true, description: 'test' });
    const { report } = await app.reports.saveReport(op, activity.id, '2025-01', [{ group: 'in_destination', sex: 'female', age: '0-17', reached: 3, newReached: 3 }], true);
    await app.reports.review(op, report.id, { decision: 'validate' });
    for (const [name, org, role] of [['aCoordinator', 'demo-partner-a', 'coordinator'], ['cCoordinator', 'demo-partner-c', 'coordinator'], ['cIm', 'demo-partner-c', 'im_officer'], ['bIm', 'demo-partner-b', 'im_officer']] as const) {
      const u = await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-shared-${engine}@test.invalid` });
      sessions[name] = await signIn(server, u.email);
    }
    const drafted = await as(server, sessions.aCoordinator!).post('/api/v1/sharing/agreements', {
      title: 'Partner A 5W to partner C (test)', purpose: 'Referral planning (test).',
      parties: [{ organisation: 'demo-partner-a', role: 'provider' }, { organisation: 'demo-partner-c', role: 'recipient' }],
      kinds: ['5w_reports'], granularity: 'admin1', fields: ['admin1', 'indicator', 'reached'], startsOn: '2026-03-01', expiresOn: '2026-03-31', documentRef: 'DSA-test-5W',
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    agreementId = drafted.json<{ id: string }>().id;
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const read = (name: string) => as(server, sessions[name]!).get(`/api/v1/sharing/agreements/${agreementId}/5w?month=2025-01`);

  it('gives the recipient nothing before every party approved', async () => {
    expect((await read('cIm')).statusCode).toBe(404);
    for (const name of ['aCoordinator', 'cCoordinator']) expect((await as(server, sessions[name]!).post(`/api/v1/sharing/agreements/${agreementId}/approve`, {})).statusCode).toBe(200);
  });

  it('lets the recipient read the provider\'s admin-2 data at admin 1, suppressed, and registers the read', async () => {
    const res = await read('cIm');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ cells: Cell[]; transfers: string[]; k: number }>();
    const areas = new Set(body.cells.map((c) => c.area));
    expect(areas.has('CO54001')).toBe(false);
    expect([...areas].sort()).toEqual(['CO44', 'CO54', null].sort());
    // The small admin-2 count, folded into Norte de Santander, is still below k: hidden, with what would give it away.
    const small = body.cells.find((c) => c.area === 'CO54' && c.indicator === 'demo.cp.case-management')!;
    expect(small).toMatchObject({ reached: null, status: 'primary' });
    for (const c of body.cells) if (c.reached !== null) expect(c.reached === 0 || c.reached >= body.k).toBe(true);
    expect(body.cells.filter((c) => c.status === 'secondary').length).toBeGreaterThan(0);
    // Only partner A's data: partner B's reports in Norte de Santander are not part of it.
    expect(body.cells.find((c) => c.area === 'CO54' && c.indicator === null)?.reached).toBe(833);

    expect(body.transfers).toHaveLength(1);
    const register = (await as(server, sessions.cIm!).get('/api/v1/sharing/transfers?direction=in')).json<{ items: Array<{ id: string; from: { slug: string }; agreementId: string; fields: string[] }> }>();
    expect(register.items.find((x) => x.id === body.transfers[0])).toMatchObject({ from: { slug: 'demo-partner-a' }, agreementId, fields: ['admin1', 'indicator', 'reached'] });
    // The same table gives the same cells on every read (hidden ones now hidden as carried from the first release).
    const shown = (cells: Cell[]) => cells.map((c) => [c.area, c.indicator, c.reached]);
    expect(shown((await read('cIm')).json<{ cells: Cell[] }>().cells)).toEqual(shown(body.cells));
    // A later report lifts the small cell above k: the next release still hides it, so the two cannot be differenced.
    const op = operatorCtx();
    const planId = (await app.plans.platformPage(op, 'gifmm-colombia-demo')).plans[0]!.id;
    const more = await app.plans.addActivity(op, planId, { partner: 'demo-partner-a', sector: 'child_protection', indicator: 'demo.cp.case-management', pcode: 'CO54', countsPin: true, description: 'test, later' });
    const { report } = await app.reports.saveReport(op, more.id, '2025-01', [{ group: 'in_destination', sex: 'male', age: '0-17', reached: 40, newReached: 40 }], true);
    await app.reports.review(op, report.id, { decision: 'validate' });
    const next = (await read('cIm')).json<{ cells: Cell[] }>().cells;
    expect(next.find((c) => c.area === 'CO54' && c.indicator === 'demo.cp.case-management')).toMatchObject({ reached: null, status: 'carried' });
    expect(next.filter((c) => c.reached === null).map((c) => [c.area, c.indicator])).toEqual(body.cells.filter((c) => c.reached === null).map((c) => [c.area, c.indicator]));
  });

  it('gives a provider, and any other organisation, no read through the agreement', async () => {
    expect((await read('bIm')).statusCode).toBe(404);
    expect((await read('aCoordinator')).statusCode).toBe(404);
  });

  it('gives the recipient nothing after the agreement\'s expiry day', async () => {
    time += 31 * DAY; // 2026-04-01
    expect((await read('cIm')).statusCode).toBe(404);
  });
});
