import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Ctx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { answerBeforeBody } from './helpers/raw.js';

const OPERATOR = { actor: { kind: 'operator', label: 'operator', userId: null, memberships: [], readOnly: false }, requestId: null } as Ctx;
const PLATFORM = 'gifmm-colombia-demo';

// The outside review's rows 1, 2, 3, 5, 9 and 10 (issue 12), on the demo platform: who may do what, and what each sees.
describeEachEngine('rights under attack', (engine) => {
  let t: TestDb;
  let server: Server;
  let planId: string;
  let activityOf: Record<string, string>;
  let partnerA: Session;
  let partnerB: Session;
  let ngoCoordinator: Session;
  let unhcrCoordinator: Session;

  const audited = async (resource: string) => Number((await t.database.db.selectFrom('audit_log').select((e) => e.fn.countAll().as('n'))
    .where('resource', '=', resource).where('outcome', '=', 'allowed').executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    planId = (await t.app.plans.platformPage(OPERATOR, PLATFORM)).plans[0]!.id;
    const acts = await t.app.plans.listActivities(OPERATOR, planId);
    activityOf = Object.fromEntries(acts.map((a) => [`${a.partner}|${a.indicator}`, a.id]));
    partnerA = await signIn(server, (await makeUser(t.app, [['demo-partner-a', 'partner_reporter']])).email);
    partnerB = await signIn(server, (await makeUser(t.app, [['demo-partner-b', 'partner_reporter']])).email);
    ngoCoordinator = await signIn(server, (await makeUser(t.app, [['demo-partner-a', 'coordinator']])).email);
    unhcrCoordinator = await signIn(server, (await makeUser(t.app, [['unhcr', 'coordinator']])).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('checks the plan and the partner before reading a byte of a report upload (row 1)', async () => {
    const headers = { cookie: partnerA.cookie, 'x-csrf-token': partnerA.csrf };
    const absent = await answerBeforeBody(server, '/api/v1/plans/nonexistent-plan/reports/upload?filename=x.json', headers);
    expect(absent.status).toBe(404);
    expect(JSON.parse(absent.body).message).toBe('plan was not found');
    // An NGO's coordinator whose organisation is no partner of anything may not report here at all.
    await t.app.accounts.createOrganisation(OPERATOR, { slug: 'ngo-elsewhere', name: 'An NGO elsewhere', kind: 'ngo' });
    const outsider = await signIn(server, (await makeUser(t.app, [['ngo-elsewhere', 'partner_reporter']])).email);
    const refused = await answerBeforeBody(server, `/api/v1/plans/${planId}/reports/upload?filename=x.json`, { cookie: outsider.cookie, 'x-csrf-token': outsider.csrf });
    expect(refused.status).toBe(403);
  });

  it('keeps situations and the shared registries to the agencies\' information-management staff and the administrator, audited (row 2)', async () => {
    const ngo = as(server, ngoCoordinator);
    expect((await ngo.post('/api/v1/situations', { name: 'Made up', origins: ['NIC'], hosts: ['CRI'] })).statusCode).toBe(403);
    expect((await ngo.post('/api/v1/indicators', { code: 'demo.prot.orientation', name: 'Orientation', unit: 'services' })).statusCode).toBe(403);
    expect((await ngo.post('/api/v1/admin-areas', { areas: [{ pcode: 'CO54', iso3: 'VEN', level: 1, name: 'Renamed' }] })).statusCode).toBe(403);
    const unhcrCoord = as(server, unhcrCoordinator);
    expect((await unhcrCoord.post('/api/v1/indicators', { code: 'demo.prot.orientation', name: 'Orientation', unit: 'services' })).statusCode).toBe(403);
    expect((await t.app.registries.indicator('demo.prot.orientation'))?.unit).toBe('people');

    const officer = as(server, await signIn(server, (await makeUser(t.app, [['iom', 'im_officer']])).email));
    const before = await audited('registry');
    const area = await officer.post('/api/v1/admin-areas', { areas: [{ pcode: 'CO25', iso3: 'COL', level: 1, name: 'Cundinamarca' }] });
    expect(area.statusCode, area.body).toBe(200);
    const indicator = await officer.post('/api/v1/indicators', { code: 'demo.rights.test', name: 'Rights test', unit: 'people' });
    expect(indicator.statusCode, indicator.body).toBeLessThan(300);
    expect(await audited('registry')).toBe(before + 2);
    // An NGO's information-management officer keeps its own data, not the shared registries.
    const ngoOfficer = as(server, await signIn(server, (await makeUser(t.app, [['demo-partner-c', 'im_officer']])).email));
    expect((await ngoOfficer.post('/api/v1/indicators', { code: 'demo.rights.ngo', name: 'NGO', unit: 'people' })).statusCode).toBe(403);
    const headers = { cookie: (await signIn(server, (await makeUser(t.app, [['demo-partner-c', 'im_officer']])).email)).cookie };
    expect((await answerBeforeBody(server, '/api/v1/countries/COL/boundaries?filename=b.geojson', { ...headers, 'x-csrf-token': 'x' })).status).toBe(403);
  });

  it('lets nobody validate their own organisation\'s report (row 3)', async () => {
    const activity = activityOf['demo-partner-a|demo.prot.orientation']!;
    const saved = await t.app.reports.saveReport(OPERATOR, activity, '2025-11', [{ group: 'in_destination', sex: 'female', age: '18-59', reached: 5, newReached: 5 }], true);
    // A UNHCR coordinator (UNHCR leads protection) who is also a reporter for partner A.
    const both = await signIn(server, (await makeUser(t.app, [['unhcr', 'coordinator'], ['demo-partner-a', 'partner_reporter']])).email);
    const seen = await as(server, both).get(`/api/v1/reports/${saved.report.id}`);
    expect(seen.json().can.validate).toBe(false);
    const own = await as(server, both).post(`/api/v1/reports/${saved.report.id}/review`, { decision: 'validate' });
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toContain('another organisation');
    expect((await as(server, unhcrCoordinator).get(`/api/v1/reports/${saved.report.id}`)).json().can.validate).toBe(true);
    expect((await as(server, unhcrCoordinator).post(`/api/v1/reports/${saved.report.id}/review`, { decision: 'validate' })).statusCode).toBe(200);
  });

  it('runs report uploads in the same queue as imports, one file at a time (row 5)', async () => {
    const order: string[] = [];
    const slow = t.app.writes.run(async () => { order.push('import started'); await new Promise((r) => setTimeout(r, 200)); order.push('import done'); });
    const file = `Activity,Month,Group,F adults,New F adults\n#activity+code,#date+month,#group+code,#reached+f+adults,#reached+x_new+f+adults\n${activityOf['demo-partner-a|demo.wash.hygiene-kits']},2025-10,in_destination,4,4\n`;
    const upload = as(server, partnerA).post(`/api/v1/plans/${planId}/reports/upload?filename=wash.csv`, file).then((r) => { order.push('upload answered'); return r; });
    expect(t.app.writes.pending()).toBeGreaterThan(0);
    const [, answer] = await Promise.all([slow, upload]);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(order).toEqual(['import started', 'import done', 'upload answered']);
  });

  it('answers another partner\'s activity with the same 404, naming no id, whether a report exists or not (row 9)', async () => {
    const activity = activityOf['demo-partner-a|demo.prot.orientation']!;
    await t.app.reports.saveReport(OPERATOR, activity, '2025-12', [{ group: 'in_destination', sex: 'male', age: '0-17', reached: 1, newReached: 1 }], false);
    const put = (month: string, id = activity) => as(server, partnerB).put(`/api/v1/activities/${id}/reports/${month}`, { rows: [{ group: 'in_destination', sex: 'male', age: '0-17', reached: 9, newReached: 9 }] });
    const shape = (r: { statusCode: number; json: () => Record<string, unknown> }) => ({ status: r.statusCode, ...r.json(), requestId: undefined });
    const exists = await put('2025-12');
    const none = await put('2025-08');
    const absent = await put('2025-12', '01900000-0000-7000-8000-000000000000');
    expect(shape(exists)).toEqual(shape(none));
    expect(shape(exists)).toEqual(shape(absent));
    expect(exists.statusCode).toBe(404);
    expect(exists.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('bounds every number, and shows unreviewed figures and per-partner sums only to co-leads and the partner itself (row 10)', async () => {
    const officer = as(server, unhcrCoordinator);
    const tooMany = await officer.post(`/api/v1/plans/${planId}/activities`, { partner: 'demo-partner-a', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO54', countsPin: true, description: 'x', targets: { in_destination: 1e20 } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().details[0].field).toBe('body.targets.in_destination');
    const tooRich = await officer.post(`/api/v1/plans/${planId}/activities`, { partner: 'demo-partner-a', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO54', countsPin: true, description: 'x', requirementsUsd: 1.7e308 });
    expect(tooRich.statusCode).toBe(400);
    expect(tooRich.json().details[0].field).toBe('body.requirementsUsd');
    const activity = activityOf['demo-partner-a|demo.prot.orientation']!;
    const huge = await as(server, partnerA).put(`/api/v1/activities/${activity}/reports/2025-09`, { rows: [{ group: 'in_destination', sex: 'male', age: '0-17', reached: 9e15, newReached: 1 }], submit: true });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().details[0].field).toBe('body.rows.0.reached');

    // A submitted (unreviewed) report of partner A.
    expect((await as(server, partnerA).put(`/api/v1/activities/${activity}/reports/2025-09`, { rows: [{ group: 'in_destination', sex: 'male', age: '0-17', reached: 70, newReached: 70 }], submit: true })).statusCode).toBe(200);
    const dash = (s: Session | null, q = '') => as(server, s).get(`/api/v1/plans/${planId}/dashboard${q}`);
    expect((await dash(null, '?include=submitted')).statusCode).toBe(401);
    expect((await dash(partnerB, '?include=submitted')).statusCode).toBe(403);
    expect((await dash(partnerA, '?include=submitted')).statusCode).toBe(403);
    const own = await dash(partnerA, '?include=submitted&partner=demo-partner-a');
    expect(own.statusCode).toBe(200);
    const coLead = await dash(unhcrCoordinator, '?include=submitted&partner=demo-partner-a');
    expect(own.json().peopleReached.interSector).toBe(coLead.json().peopleReached.interSector);
    expect((await as(server, null).get(`/api/v1/plans/${planId}/monthly?month=2025-09&include=submitted`)).statusCode).toBe(401);

    const partners = async (s: Session | null) => (await dash(s)).json().byPartner.map((b: { partner: string }) => b.partner);
    expect(await partners(null)).toEqual([]);
    expect(await partners(partnerB)).toEqual(['demo-partner-b']);
    expect(await partners(unhcrCoordinator)).toEqual(['demo-partner-a', 'demo-partner-b', 'demo-partner-c']);
    expect((await as(server, null).get(`/api/v1/plans/${planId}/dashboard?format=hxl`)).body).not.toContain('sum of the partner');
  });
});
