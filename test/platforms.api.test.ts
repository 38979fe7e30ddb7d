import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { consolidateActivities, countPeople, type PopGroup, type ReportedRow } from '../src/response/counting.rules.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

describeEachEngine('coordination platforms and 5W reporting through the API', (engine) => {
  let t: TestDb;
  let server: Server;
  let coordinator: Session; // IOM coordinator: IOM co-leads the platform
  let outsider: Session; // coordinator of an organisation that leads nothing here
  let partnerA: Session;
  let partnerB: Session;
  let reviewer: Session; // UNHCR coordinator: UNHCR leads the protection sector
  let planId: string;
  let activityA: string;
  const dir = mkdtempSync(join(tmpdir(), 'tandem-5w-'));

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    const op = operatorCtx();
    await t.app.accounts.createOrganisation(op, { slug: 'pa', name: 'Partner A (test)', kind: 'ngo' });
    await t.app.accounts.createOrganisation(op, { slug: 'pb', name: 'Partner B (test)', kind: 'ngo', refugeeLed: true });
    await t.app.accounts.createOrganisation(op, { slug: 'other', name: 'Other (test)', kind: 'ngo' });
    coordinator = await signIn(server, (await makeUser(t.app, [['iom', 'coordinator']])).email);
    reviewer = await signIn(server, (await makeUser(t.app, [['unhcr', 'coordinator']])).email);
    outsider = await signIn(server, (await makeUser(t.app, [['other', 'coordinator']])).email);
    partnerA = await signIn(server, (await makeUser(t.app, [['pa', 'partner_reporter']])).email);
    partnerB = await signIn(server, (await makeUser(t.app, [['pb', 'partner_reporter']])).email);
    for (const org of ['pa', 'pb']) partnerCoordinators[org] = await signIn(server, (await makeUser(t.app, [[org, 'coordinator']])).email);
  });
  const partnerCoordinators: Record<string, Session> = {};
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('sets up a national platform co-led by IOM and UNHCR because its situation\'s arrangement is a co-led platform; named organisations accept first', async () => {
    const c = as(server, coordinator);
    const created = await c.post('/api/v1/platforms', { name: 'Test national platform', slug: 'test-national', tier: 'national', parent: 'r4v-demo', situation: 'venezuela-colombia', country: 'COL' });
    expect(created.statusCode, created.body).toBe(201);
    // IOM's coordinator places IOM at once; UNHCR is invited and co-leads once it accepts.
    expect(created.json().coLeads.map((o: { slug: string }) => o.slug)).toEqual(['iom']);
    expect(created.json().invitations.map((i: { organisation: { slug: string }; role: string }) => [i.organisation.slug, i.role])).toEqual([['unhcr', 'co_lead']]);
    const bad = await c.post('/api/v1/platforms', { name: 'Orphan', tier: 'subnational', country: 'COL', coLeads: ['iom'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toContain('parent');
    const noLeads = await c.post('/api/v1/platforms', { name: 'No leads', tier: 'national', situation: 'haiti-dominican-republic', country: 'DOM' });
    expect(noLeads.json().details.map((d: { field: string }) => d.field)).toContain('coLeads');

    expect((await c.post('/api/v1/platforms/test-national/sectors', { code: 'protection', name: 'Protection', leads: ['unhcr'] })).statusCode).toBe(201);
    expect((await c.post('/api/v1/platforms/test-national/sectors', { code: 'gbv', name: 'GBV', parent: 'protection', leads: ['unhcr'] })).statusCode).toBe(201);
    expect((await c.post('/api/v1/platforms/test-national/sectors', { code: 'health', name: 'Health', leads: ['iom'] })).statusCode).toBe(201);
    for (const org of ['pa', 'pb']) expect((await c.post('/api/v1/platforms/test-national/partners', { organisation: org, appealing: true, partnerType: 'national_ngo' })).statusCode).toBe(201);
    // Nothing joined yet but IOM: the invitations wait for their organisations.
    let platform = (await server.inject({ url: '/api/v1/platforms/test-national' })).json();
    expect(platform.partners).toEqual([]);
    expect(platform.invitations).toEqual([]); // not shown to the public
    expect((await c.get('/api/v1/platforms/test-national')).json().invitations).toHaveLength(5);

    // Each invited organisation sees only its own invitations; another cannot answer them (not found), nor the inviter.
    const unhcrOpen = (await as(server, reviewer).get('/api/v1/invitations?open=true')).json();
    expect(unhcrOpen.map((i: { role: string; sector: string | null }) => `${i.role}:${i.sector ?? ''}`).sort()).toEqual(['co_lead:', 'sector_lead:gbv', 'sector_lead:protection']);
    expect((await as(server, outsider).get('/api/v1/invitations')).json()).toEqual([]);
    expect((await as(server, outsider).post(`/api/v1/invitations/${unhcrOpen[0].id}/accept`, {})).statusCode).toBe(404);
    expect((await as(server, partnerA).post(`/api/v1/invitations/${unhcrOpen[0].id}/accept`, {})).statusCode).toBe(404);
    for (const i of unhcrOpen) expect((await as(server, reviewer).post(`/api/v1/invitations/${i.id}/accept`, {})).json().answer).toBe('accepted');
    expect((await as(server, reviewer).post(`/api/v1/invitations/${unhcrOpen[0].id}/decline`, {})).statusCode).toBe(409);
    for (const org of ['pa', 'pb']) {
      const [inv] = (await as(server, partnerCoordinators[org]!).get('/api/v1/invitations?open=true')).json();
      expect(inv).toMatchObject({ organisation: { slug: org }, role: 'partner', platform: { slug: 'test-national' } });
      expect((await as(server, partnerCoordinators[org]!).post(`/api/v1/invitations/${inv.id}/accept`, {})).statusCode).toBe(200);
    }

    platform = (await server.inject({ url: '/api/v1/platforms/test-national' })).json();
    expect(platform.coLeads.map((o: { slug: string }) => o.slug)).toEqual(['iom', 'unhcr']);
    expect(platform.sectors.find((s: { code: string }) => s.code === 'protection').leads).toEqual(['unhcr']);
    expect(platform.partners.map((p: { slug: string }) => p.slug)).toEqual(['pa', 'pb']);
    const denied = await as(server, outsider).post('/api/v1/platforms/test-national/sectors', { code: 'wash', name: 'WASH', leads: [] });
    expect(denied.statusCode).toBe(403);
    const plan = await c.post('/api/v1/platforms/test-national/plans', { name: 'Plan 2025', startMonth: '2025-01', endMonth: '2025-12' });
    expect(plan.statusCode).toBe(201);
    planId = plan.json().id;
    const tooLong = await c.post('/api/v1/platforms/test-national/plans', { name: 'Too long', startMonth: '2025-01', endMonth: '2027-06' });
    expect(tooLong.json().details[0].field).toBe('endMonth');
    expect(platform.sectors.find((s: { code: string }) => s.code === 'gbv').parent).toBe('protection');
    expect(platform.partners.find((p: { slug: string }) => p.slug === 'pb').refugeeLed).toBe(true);
  });

  it('lets a partner plan its own activities only, with targets, PiN flag and money', async () => {
    const a = as(server, partnerA);
    const mine = await a.post(`/api/v1/plans/${planId}/activities`, {
      partner: 'pa', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO54', countsPin: true,
      description: 'Legal orientation (test)', targets: { in_destination: 1000, pendular: 300 }, requirementsUsd: 50000, fundingUsd: 20000,
    });
    expect(mine.statusCode, mine.body).toBe(201);
    activityA = mine.json().id;
    const forOther = await a.post(`/api/v1/plans/${planId}/activities`, { partner: 'pb', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO54', countsPin: true, description: 'x' });
    expect(forOther.statusCode).toBe(403);
    const badArea = await as(server, partnerB).post(`/api/v1/plans/${planId}/activities`, { partner: 'pb', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'XX99', countsPin: true, description: 'x' });
    expect(badArea.statusCode).toBe(400);
    expect(badArea.json().details.map((d: { field: string }) => d.field)).toEqual(['pcode']);
    // The shape is checked before the meaning: an unknown population group is refused with the field named.
    const badGroup = await as(server, partnerB).post(`/api/v1/plans/${planId}/activities`, { partner: 'pb', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO54', countsPin: true, description: 'x', targets: { nowhere: 5 } });
    expect(badGroup.statusCode).toBe(400);
    expect(badGroup.json().details.map((d: { field: string }) => d.field)).toEqual(['body.targets.nowhere']);
    const b = await as(server, partnerB).post(`/api/v1/plans/${planId}/activities`, { partner: 'pb', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO54', countsPin: true, description: 'Orientation B (test)', targets: { in_destination: 800 } });
    expect(b.statusCode).toBe(201);
    expect((await a.get(`/api/v1/plans/${planId}/activities`)).json().map((x: { partner: string }) => x.partner)).toEqual(['pa']);
    expect((await as(server, reviewer).get(`/api/v1/plans/${planId}/activities`)).json()).toHaveLength(2);
  });

  const cellsOf = (group: PopGroup, reached: number, fresh: number) => [
    { group, sex: 'female', age: '18-59', reached: reached - Math.floor(reached / 2), newReached: fresh - Math.floor(fresh / 2) },
    { group, sex: 'male', age: '18-59', reached: Math.floor(reached / 2), newReached: Math.floor(fresh / 2) },
  ];

  it('takes a report from draft to submitted, returned with a reviewer-only note, and validated; partners see only their own', async () => {
    const a = as(server, partnerA);
    const draft = await server.inject({ method: 'PUT', url: `/api/v1/activities/${activityA}/reports/2025-03`, payload: { rows: cellsOf('in_destination', 100, 100) }, headers: { cookie: partnerA.cookie, 'x-csrf-token': partnerA.csrf } });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json().report.status).toBe('draft');
    const reportId = draft.json().report.id;
    const tooMany = await server.inject({ method: 'PUT', url: `/api/v1/activities/${activityA}/reports/2025-03`, payload: { rows: [{ group: 'in_destination', sex: 'female', age: '0-17', reached: 5, newReached: 9 }] }, headers: { cookie: partnerA.cookie, 'x-csrf-token': partnerA.csrf } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().details[0]).toMatchObject({ field: 'rows[0].newReached' });
    const submitted = await server.inject({ method: 'PUT', url: `/api/v1/activities/${activityA}/reports/2025-03`, payload: { rows: cellsOf('in_destination', 100, 100), submit: true }, headers: { cookie: partnerA.cookie, 'x-csrf-token': partnerA.csrf } });
    expect(submitted.json().report.status).toBe('submitted');

    expect((await as(server, partnerB).get(`/api/v1/reports/${reportId}`)).statusCode).toBe(404);
    expect((await as(server, partnerB).get(`/api/v1/plans/${planId}/reports`)).json().items).toEqual([]);
    expect([403, 404]).toContain((await as(server, partnerA).post(`/api/v1/reports/${reportId}/review`, { decision: 'validate' })).statusCode);
    const queue = (await as(server, reviewer).get(`/api/v1/plans/${planId}/reports?status=submitted`)).json();
    expect(queue.items.map((r: { id: string }) => r.id)).toEqual([reportId]);

    const noNote = await as(server, reviewer).post(`/api/v1/reports/${reportId}/review`, { decision: 'return' });
    expect(noNote.json().details[0].field).toBe('note');
    const returned = await as(server, reviewer).post(`/api/v1/reports/${reportId}/review`, { decision: 'return', note: 'Reviewer only: check the pendular figures' });
    expect(returned.json()).toMatchObject({ status: 'returned', reviewerNote: 'Reviewer only: check the pendular figures' });
    const partnerView = (await a.get(`/api/v1/reports/${reportId}`)).json();
    expect(partnerView.status).toBe('returned');
    expect(JSON.stringify(partnerView)).not.toContain('Reviewer only');

    await server.inject({ method: 'PUT', url: `/api/v1/activities/${activityA}/reports/2025-03`, payload: { rows: [...cellsOf('in_destination', 100, 100), ...cellsOf('pendular', 40, 40)], submit: true }, headers: { cookie: partnerA.cookie, 'x-csrf-token': partnerA.csrf } });
    const validated = await as(server, reviewer).post(`/api/v1/reports/${reportId}/review`, { decision: 'validate' });
    expect(validated.json().status).toBe('validated');
    const frozen = await server.inject({ method: 'PUT', url: `/api/v1/activities/${activityA}/reports/2025-03`, payload: { rows: cellsOf('in_destination', 1, 1) }, headers: { cookie: partnerA.cookie, 'x-csrf-token': partnerA.csrf } });
    expect(frozen.statusCode).toBe(400);
    expect(frozen.json().details[0].message).toContain('validated');
  });

  it('counts people reached by the rules: new people over months, highest activity per area, transit apart; monthly totals never summed', async () => {
    const put = (month: string, rows: unknown[]) => server.inject({ method: 'PUT', url: `/api/v1/activities/${activityA}/reports/${month}`, payload: { rows, submit: true }, headers: { cookie: partnerA.cookie, 'x-csrf-token': partnerA.csrf } });
    const r = await put('2025-04', cellsOf('in_destination', 150, 30));
    await as(server, reviewer).post(`/api/v1/reports/${r.json().report.id}/review`, { decision: 'validate' });
    const dash = (await server.inject({ url: `/api/v1/plans/${planId}/dashboard` })).json();
    // March new 100 + April new 30 = 130 in destination; pendular 40.
    expect(dash.peopleReached.byGroup).toEqual({ in_destination: 130, pendular: 40 });
    expect(dash.peopleReached.interSector).toBe(170);
    expect(dash.byMonth.map((m: { month: string; people: number }) => [m.month, m.people])).toEqual([['2025-03', 140], ['2025-04', 150]]);
    expect(dash.targets.bySector.protection).toBe(1300); // max(1000, 800) in destination + 300 pendular
    const monthly = await server.inject({ url: `/api/v1/plans/${planId}/monthly` });
    expect(monthly.statusCode).toBe(400);
    expect(monthly.json().message).toContain('never summed across months');
    expect((await server.inject({ url: `/api/v1/plans/${planId}/monthly?month=2025-04` })).json().people).toBe(150);
    const hxl = await server.inject({ url: `/api/v1/plans/${planId}/dashboard?format=hxl` });
    expect(hxl.body.split(/\r?\n/)[1]).toBe('#indicator+name,#meta+dimension,#meta+key,#meta+key+name,#value');
    expect(hxl.body).toContain('people reached,inter-sector,all,all,170');
  });

  it('closes a month: reports of that month can no longer change or be reviewed', async () => {
    const open = await server.inject({ method: 'PUT', url: `/api/v1/activities/${activityA}/reports/2025-05`, payload: { rows: cellsOf('in_destination', 10, 10), submit: true }, headers: { cookie: partnerA.cookie, 'x-csrf-token': partnerA.csrf } });
    expect((await as(server, outsider).post('/api/v1/platforms/test-national/locks', { month: '2025-05' })).statusCode).toBe(403);
    expect((await as(server, coordinator).post('/api/v1/platforms/test-national/locks', { month: '2025-05' })).statusCode).toBe(201);
    const write = await server.inject({ method: 'PUT', url: `/api/v1/activities/${activityA}/reports/2025-05`, payload: { rows: cellsOf('in_destination', 11, 11) }, headers: { cookie: partnerA.cookie, 'x-csrf-token': partnerA.csrf } });
    expect(write.statusCode).toBe(400);
    expect(write.json().details[0].message).toContain('closed');
    expect((await as(server, reviewer).post(`/api/v1/reports/${open.json().report.id}/review`, { decision: 'validate' })).statusCode).toBe(409);
  });

  it('round-trips the reporting template: XLSX with drop-down lists, HXL filled in and uploaded all or nothing, twice without change', async () => {
    const xlsx = await server.inject({ url: `/api/v1/plans/${planId}/template?month=2025-06&format=xlsx`, headers: { cookie: partnerA.cookie } });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const sheet = wb.getWorksheet('Report')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('#activity+code');
    expect(sheet.getRow(3).getCell(1).value).toBe(activityA);
    expect(sheet.getCell('C3').dataValidation).toMatchObject({ type: 'list', formulae: [expect.stringContaining('Lists!')] });
    expect(sheet.getCell('E3').dataValidation.type).toBe('list');
    const lists = wb.getWorksheet('Lists')!;
    expect(lists.state).toBe('hidden');
    expect(lists.getColumn(3).values).toContain('CO54');

    const hxl = (await server.inject({ url: `/api/v1/plans/${planId}/template?month=2025-06&format=hxl`, headers: { cookie: partnerA.cookie } })).body;
    const lines = hxl.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2 + 2); // in destination and pendular, the groups partner A targets
    const tags = lines[1]!.split(',');
    const fill = (line: string, values: Record<string, string>) => line.split(',').map((v, i) => values[tags[i]!] ?? v).join(',');
    const filled = [lines[0], lines[1],
      fill(lines[2]!, { '#reached+f+adults': '60', '#reached+m+adults': '40', '#reached+x_new+f+adults': '20', '#reached+x_new+m+adults': '10' }),
      fill(lines[3]!, { '#reached+f+children': '7' })].join('\n');
    const upload = (name: string, body: string | Buffer, s: Session = partnerA) => server.inject({
      method: 'POST', url: `/api/v1/plans/${planId}/reports/upload?filename=${name}&submit=true`, payload: body,
      headers: { 'content-type': 'application/octet-stream', cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    const bad = filled.replace(',60,', ',sixty,');
    const refused = await upload('june.csv', bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details[0]).toMatchObject({ file: 'june.csv', row: 3, column: '#reached+f+adults' });
    expect((await as(server, partnerA).get(`/api/v1/plans/${planId}/reports?month=2025-06`)).json().items).toEqual([]);
    const tooManyNew = await upload('june.csv', filled.replace(',20,', ',90,'));
    expect(tooManyNew.statusCode).toBe(422);
    expect(tooManyNew.json().details[0]).toMatchObject({ row: 3, column: '#reached+x_new+f+adults' });

    const first = await upload('june.csv', filled);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ reports: 1, changed: 1 });
    const again = await upload('june.csv', filled);
    expect(again.json()).toMatchObject({ reports: 1, changed: 0, unchanged: 1 });
    const june = (await as(server, partnerA).get(`/api/v1/plans/${planId}/reports?month=2025-06`)).json().items[0];
    expect(june.status).toBe('submitted');
    const total = june.rows.reduce((s: number, r: { reached: number }) => s + r.reached, 0);
    expect(total).toBe(107);

    const path = join(dir, 'june.xlsx');
    writeFileSync(path, xlsx.rawPayload);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(path);
    const s2 = wb2.getWorksheet('Report')!;
    const col = (tag: string) => (s2.getRow(2).values as unknown[]).indexOf(tag);
    s2.getRow(3).getCell(col('#reached+f+elderly')).value = 5;
    s2.getRow(3).getCell(col('#reached+x_new+f+elderly')).value = 5;
    await wb2.xlsx.writeFile(path);
    const fromXlsx = await upload('june.xlsx', readFileSync(path));
    expect(fromXlsx.statusCode, fromXlsx.body).toBe(200);
    expect(fromXlsx.json().changed).toBe(1);

    const foreign = await upload('june.csv', filled, partnerB);
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().details[0].message).toContain('not one of your activities');
  });

  it('converts services to people only through the partner\'s declared formula, and flags them', async () => {
    const c = as(server, coordinator);
    const act = await c.post(`/api/v1/plans/${planId}/activities`, { partner: 'iom', sector: 'health', indicator: 'demo.health.consultations', pcode: 'CO44', countsPin: true, description: 'Consultations (test)' });
    expect(act.statusCode, act.body).toBe(201);
    const im = await signIn(server, (await makeUser(t.app, [['iom', 'im_officer']])).email);
    const put = () => server.inject({ method: 'PUT', url: `/api/v1/activities/${act.json().id}/reports/2025-03`, payload: { rows: [{ group: 'in_destination', sex: 'female', age: '18-59', reached: 0, newReached: 0, services: 100 }] }, headers: { cookie: im.cookie, 'x-csrf-token': im.csrf } });
    const without = await put();
    expect(without.statusCode).toBe(400);
    expect(without.json().details[0].message).toContain('formula');
    // IOM declares its own formula: it waits for a co-lead of another organisation (UNHCR) to approve it.
    const declared = await c.post('/api/v1/platforms/test-national/formulas', { organisation: 'iom', indicator: 'demo.health.consultations', peoplePerService: 0.5 });
    expect(declared.statusCode, declared.body).toBe(201);
    expect(declared.json()).toMatchObject({ peoplePerService: 0.5, inForce: null, status: 'awaiting_approval', can: { approve: false } });
    expect((await put()).statusCode).toBe(400);
    const selfApproval = await c.post('/api/v1/platforms/test-national/formulas/approve', { organisation: 'iom', indicator: 'demo.health.consultations' });
    expect(selfApproval.statusCode).toBe(403);
    expect((await as(server, reviewer).get('/api/v1/platforms/test-national/formulas')).json()).toEqual([expect.objectContaining({ organisation: 'iom', status: 'awaiting_approval', can: { approve: true } })]);
    const approved = await as(server, reviewer).post('/api/v1/platforms/test-national/formulas/approve', { organisation: 'iom', indicator: 'demo.health.consultations' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ inForce: 0.5, status: 'approved' });
    const withFormula = await put();
    expect(withFormula.json().report.rows[0]).toMatchObject({ services: 100, reached: 50, converted: true });
    // A new declaration (1 service = 1,000 people) does not apply until it is approved: the approved 0.5 stays in force.
    expect((await c.post('/api/v1/platforms/test-national/formulas', { organisation: 'iom', indicator: 'demo.health.consultations', peoplePerService: 1000 })).json())
      .toMatchObject({ peoplePerService: 1000, inForce: 0.5, status: 'awaiting_approval' });
    const again = await server.inject({ method: 'PUT', url: `/api/v1/activities/${act.json().id}/reports/2025-03`, payload: { rows: [{ group: 'in_destination', sex: 'female', age: '18-59', reached: 0, newReached: 0, services: 80 }] }, headers: { cookie: im.cookie, 'x-csrf-token': im.csrf } });
    expect(again.json().report.rows[0]).toMatchObject({ services: 80, reached: 40, converted: true });
    // Anonymous readers and outsiders see no formulas.
    expect((await server.inject({ url: '/api/v1/platforms/test-national/formulas' })).statusCode).toBe(401);
    expect((await as(server, outsider).get('/api/v1/platforms/test-national/formulas')).json()).toEqual([]);
  });

  it('computes the consolidated figures in the database exactly as the pure rules do', async () => {
    const { plans, reports, dashboards } = t.app;
    const op = operatorCtx();
    const plan = await plans.createPlan(op, 'test-national', { name: 'Property plan', startMonth: '2025-01', endMonth: '2025-06' });
    const specs = [['pa', 'protection', 'CO54', true], ['pb', 'protection', 'CO54', true], ['pa', 'health', 'CO54', true], ['pb', 'health', 'CO11', false], ['pa', 'gbv', 'CO11', true]] as const;
    const acts = [];
    for (const [partner, sector, pcode, pin] of specs) acts.push(await plans.addActivity(op, plan.id, { partner, sector, indicator: 'demo.prot.orientation', pcode, countsPin: pin, description: 'x' }));
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const raw: ReportedRow[] = [];
    const groups: PopGroup[] = ['in_destination', 'in_transit', 'pendular', 'host_community'];
    for (const [i, a] of acts.entries()) {
      for (const month of ['2025-01', '2025-02', '2025-03', '2025-04']) {
        const rows = groups.map((group) => { const reached = rnd(500); return { group, sex: 'female' as const, age: '18-59' as const, reached, newReached: rnd(reached + 1) }; });
        const { report } = await reports.saveReport(op, a.id, month, rows, true);
        if (month !== '2025-04') await reports.review(op, report.id, { decision: 'validate' });
        if (month !== '2025-04') for (const r of rows) raw.push({ activityId: a.id, sectorId: a.sectorId, area: specs[i]![2], group: r.group, month, reached: r.reached, newReached: r.newReached, pin: specs[i]![3] });
      }
    }
    for (const until of ['2025-02', '2025-06']) {
      const fromDb = await dashboards.consolidated(plan.id, until, 'validated', 'persons');
      const expected = consolidateActivities(raw, until, 'persons');
      const key = (f: { activityId: string; group: string }) => `${f.activityId}|${f.group}`;
      expect(fromDb.map((f) => [key(f), f.value]).sort()).toEqual(expected.map((f) => [key(f), f.value]).sort());
      const dash = await dashboards.dashboard(plan.id, { until });
      expect(dash.peopleReached.interSector).toBe(countPeople(expected, 'max', 'persons').interSector);
    }
  });

  it('publishes people reached under disclosure control: small counts and their complements hidden alike in JSON and HXL; the co-leads see every value', async () => {
    const { plans, reports } = t.app;
    const op = operatorCtx();
    const plan = await plans.createPlan(op, 'test-national', { name: 'Disclosure plan', startMonth: '2025-01', endMonth: '2025-06' });
    const act = await plans.addActivity(op, plan.id, { partner: 'pa', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO54', countsPin: true, description: 'x' });
    const { report } = await reports.saveReport(op, act.id, '2025-02', [
      { group: 'in_destination', sex: 'female', age: '18-59', reached: 60, newReached: 60 },
      { group: 'pendular', sex: 'female', age: '18-59', reached: 9, newReached: 9 },
      { group: 'returnees', sex: 'female', age: '18-59', reached: 3, newReached: 3 },
    ], true);
    await reports.review(op, report.id, { decision: 'validate' });

    const pub = (await server.inject({ url: `/api/v1/plans/${plan.id}/dashboard` })).json();
    // 3 returnees are below k = 5; the 9 pendular would be 72 - 60 - 3 unless hidden too.
    expect(pub.peopleReached.byGroup).toEqual({ in_destination: 60, pendular: null, returnees: null });
    expect(pub.peopleReached.interSector).toBe(72);
    expect(pub.disclosure).toMatchObject({ k: 5, applied: true });
    expect(pub.disclosure.hidden).toBeGreaterThanOrEqual(4);
    const hidden = pub.peopleReached.cells.filter((c: { value: number | null }) => c.value === null).map((c: { group: string }) => c.group).sort();
    expect(hidden).toEqual(['pendular', 'returnees']);
    const hxl = (await server.inject({ url: `/api/v1/plans/${plan.id}/dashboard?format=hxl` })).body;
    expect(hxl).toMatch(/people reached,group,returnees,returnees,\r?\n/);
    expect(hxl).not.toMatch(/people reached,group,returnees,returnees,3/);
    expect(hxl).not.toMatch(/people reached,group,pendular,pendular,9/);
    const month = (await server.inject({ url: `/api/v1/plans/${plan.id}/monthly?month=2025-02` })).json();
    expect(month.byGroup).toEqual({ in_destination: 60, pendular: null, returnees: null });

    const lead = (await as(server, coordinator).get(`/api/v1/plans/${plan.id}/dashboard`)).json();
    expect(lead.peopleReached.byGroup).toEqual({ in_destination: 60, pendular: 9, returnees: 3 });
    expect(lead.disclosure).toEqual({ k: 5, hidden: 0, applied: false });
    expect((await as(server, outsider).get(`/api/v1/plans/${plan.id}/dashboard`)).json().peopleReached.byGroup.returnees).toBeNull();

    // The co-lead's export carries every value: it is registered as a transfer of the partner's figures to IOM.
    const exported = await as(server, coordinator).get(`/api/v1/plans/${plan.id}/dashboard?format=hxl`);
    expect(exported.body).toMatch(/people reached,group,returnees,returnees,3/);
    const received = (await as(server, coordinator).get('/api/v1/sharing/transfers?direction=in&kind=5w_reports')).json();
    expect(received.items[0]).toMatchObject({ from: { slug: 'pa' }, to: { slug: 'iom' }, legalBasis: 'platform_contribution', actor: 'event' });
    expect(received.items[0].purpose).toContain('dashboard export (hxl)');
  });
});

