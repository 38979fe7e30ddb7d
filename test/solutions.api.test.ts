import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { on } from '../src/core/events.js';
import type { Role } from '../src/core/permissions.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, SHARED_DATA, type TestDb } from './helpers/engines.js';

const SOLUTIONS_FILE = join(SHARED_DATA, 'unhcr/refugees-r-package/solutions.csv');

const DAY = 86_400_000;

interface ReturnJson {
  id: string; status: string; programme: string; lead: { slug: string }; support: { slug: string } | null; approvalBlockers: string[];
  voluntariness: { verified: number; missing: number }; safeguards: Array<{ safeguard: string; holds: boolean; required: boolean; verifiedBy: string | null }>;
  can: Record<'update' | 'approve' | 'countersign' | 'recordMovement' | 'object', boolean>;
  completion: { figuresBatchId: string | null } | null; moved: number; monitoring: unknown[];
}

describeEachEngine('solutions (R5, R10) through the API', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let time = Date.parse('2026-03-02T09:00:00.000Z');
  const events: Array<{ name: string; payload: unknown }> = [];
  const users: Record<string, { id: string; session: Session }> = {};
  const client = (name: string | null) => as(server, name ? users[name]!.session : null);

  beforeAll(async () => {
    t = await freshDb(engine);
    await t.app.accounts.createOrganisation(operatorCtx(), { slug: 'test-state', name: 'Receiving State (test government)', kind: 'government' });
    await t.app.accounts.createOrganisation(operatorCtx(), { slug: 'test-ngo', name: 'A partner (test)', kind: 'ngo' });
    app = createApp(t.database, { solutions: { now: () => new Date(time) } });
    for (const e of ['solutions.return_approved', 'solutions.return_approved_over_objection', 'solutions.return_completed', 'solutions.case_moved'] as const) {
      app.events.subscribe(on(e, 'after-commit', 'test: solutions events', async (payload) => { events.push({ name: e, payload }); }));
    }
    server = await buildServer(app);
    const people: Array<[string, string, Role]> = [
      ['unhcrCoord', 'unhcr', 'coordinator'], ['unhcrRep', 'unhcr', 'agency_representative'], ['unhcrCase', 'unhcr', 'case_worker'], ['unhcrViewer', 'unhcr', 'viewer'],
      ['unhcrIm', 'unhcr', 'im_officer'],
      ['iomCoord', 'iom', 'coordinator'], ['iomRep', 'iom', 'agency_representative'], ['iomCase', 'iom', 'case_worker'],
      ['stateCase', 'test-state', 'case_worker'], ['ngo', 'test-ngo', 'coordinator'],
    ];
    for (const [name, org, role] of people) {
      const u = await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-${engine}@solutions.test.invalid` });
      users[name] = { id: u.id, session: await signIn(server, u.email) };
    }
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const framework = { kind: 'tripartite agreement', parties: ['Government of Burundi', 'Government of Tanzania', 'UNHCR'], signedOn: '2026-01-15', document: 'TRIPARTITE-2026-01 (test)' };
  const everySafeguard = async (id: string, except?: string) => {
    const bodies: Record<string, object> = {
      country_of_origin_information_given: { evidence: 'Go-and-see visit and information sessions (test)' },
      safety_and_dignity_assessed: { evidence: 'Protection assessment of return areas (test)' },
      legal_framework_in_place: { evidence: 'Signed agreement (test)', framework },
      continued_asylum_for_those_who_stay: { evidence: 'Host government letter (test)', staying: 40 },
      returnee_monitoring_planned: { evidence: 'Monitoring plan (test)', monitoringPlan: 'Visits at 3, 6 and 12 months (test)' },
    };
    for (const [s, body] of Object.entries(bodies)) {
      if (s === except) continue;
      const r = await client('unhcrCoord').put(`/api/v1/returns/${id}/safeguards/${s}`, body);
      expect(r.statusCode, r.body).toBe(200);
    }
  };

  describe('return operations (R5)', () => {
    it('puts UNHCR in the lead of a return including refugees and refuses approval until every person\'s voluntariness and every safeguard hold', async () => {
      // IOM may not open a return that includes refugees: UNHCR leads it.
      const byIom = await client('iomCoord').post('/api/v1/returns', { name: 'Return to Burundi (test)', origin: 'BDI', host: 'TZA', caseload: { REF: 4, MIG: 1 } });
      expect(byIom.statusCode).toBe(403);
      expect(byIom.json().message).toMatch(/led by UNHCR/);

      const opened = await client('unhcrCoord').post('/api/v1/returns', { name: 'Return to Burundi (test)', origin: 'BDI', host: 'TZA', caseload: { REF: 4, MIG: 1 } });
      expect(opened.statusCode, opened.body).toBe(201);
      const op = opened.json<ReturnJson>();
      expect(op).toMatchObject({ status: 'planning', programme: 'voluntary-repatriation', lead: { slug: 'unhcr' }, support: { slug: 'iom' } });
      expect(op.safeguards.every((s) => s.required && !s.holds)).toBe(true);

      // Partners see nothing of it; UNHCR's viewer reads but may not change it; IOM supports and reads it.
      expect((await client('ngo').get(`/api/v1/returns/${op.id}`)).statusCode).toBe(404);
      expect((await client('ngo').get('/api/v1/returns')).json().items.map((r: ReturnJson) => r.id)).not.toContain(op.id);
      expect((await client('unhcrViewer').get(`/api/v1/returns/${op.id}`)).statusCode).toBe(200);
      // A role that may never change a return is stopped at the route, and the route answers as for an object it cannot see.
      expect((await client('unhcrViewer').put(`/api/v1/returns/${op.id}/safeguards/safety_and_dignity_assessed`, { evidence: 'x' })).statusCode).toBe(404);
      expect((await client('unhcrViewer').post(`/api/v1/returns/${op.id}/steps`, { step: 'review' })).statusCode).toBe(403);
      const seenByIom = await client('iomCoord').get(`/api/v1/returns/${op.id}`);
      expect(seenByIom.json<ReturnJson>().can).toMatchObject({ update: false, approve: false, object: true });
      expect((await client('iomCoord').put(`/api/v1/returns/${op.id}/safeguards/safety_and_dignity_assessed`, { evidence: 'x' })).statusCode).toBe(403);

      // A legal framework without its agreement is refused, naming the field.
      const noFramework = await client('unhcrCoord').put(`/api/v1/returns/${op.id}/safeguards/legal_framework_in_place`, { evidence: 'x' });
      expect(noFramework.statusCode).toBe(400);
      expect(noFramework.json().details).toEqual([{ field: 'framework', message: expect.any(String) }]);

      await everySafeguard(op.id, 'returnee_monitoring_planned');
      // Four of five people declare; one household's declaration is not informed.
      const declared = await client('unhcrCase').post(`/api/v1/returns/${op.id}/declarations`, { declarations: [
        { unit: 'household', reference: 'HH-001', people: 3, free: true, informed: true, express: true, declaredOn: '2026-02-20' },
        { unit: 'person', reference: 'P-009', people: 1, free: true, informed: false, express: true, declaredOn: '2026-02-21' },
      ] });
      expect(declared.statusCode, declared.body).toBe(200);
      expect(declared.json<ReturnJson>().voluntariness).toMatchObject({ verified: 3, missing: 2 });
      const dup = await client('unhcrCase').post(`/api/v1/returns/${op.id}/declarations`, { declarations: [{ unit: 'person', reference: 'HH-001', people: 1, free: true, informed: true, express: true, declaredOn: '2026-02-20' }] });
      expect(dup.statusCode).toBe(400);
      expect(dup.json().details[0]).toMatchObject({ field: 'declarations[0].reference', message: expect.stringContaining('already in the register') });

      expect((await client('unhcrCoord').post(`/api/v1/returns/${op.id}/steps`, { step: 'review' })).statusCode).toBe(200);
      // IOM objects before approval.
      expect((await client('iomCoord').post(`/api/v1/returns/${op.id}/objections`, { reason: 'Return areas not yet assessed for IOM transport (test)' })).statusCode).toBe(200);

      const refused = await client('unhcrRep').post(`/api/v1/returns/${op.id}/steps`, { step: 'approve' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toMatch(/cannot be approved: 2 safeguards do not hold/);
      expect(refused.json().details).toEqual([
        { field: 'safeguards.voluntariness_verified', message: expect.stringContaining('3 of 5 people') },
        { field: 'safeguards.returnee_monitoring_planned', message: expect.stringContaining('not recorded') },
      ]);

      await client('unhcrCoord').put(`/api/v1/returns/${op.id}/safeguards/returnee_monitoring_planned`, { evidence: 'Monitoring plan (test)' });
      await client('unhcrCase').post(`/api/v1/returns/${op.id}/declarations`, { declarations: [
        { unit: 'person', reference: 'P-010', people: 1, free: true, informed: true, express: true, declaredOn: '2026-02-22' },
      ] });
      // One person still lacks an informed declaration: still refused, naming only voluntariness.
      const stillRefused = await client('unhcrRep').post(`/api/v1/returns/${op.id}/steps`, { step: 'approve' });
      expect(stillRefused.json().details).toEqual([{ field: 'safeguards.voluntariness_verified', message: expect.stringContaining('4 of 5 people') }]);
      await client('unhcrCase').post(`/api/v1/returns/${op.id}/declarations`, { declarations: [
        { unit: 'person', reference: 'P-011', people: 1, free: true, informed: true, express: true, declaredOn: '2026-02-23' },
      ] });

      // Only UNHCR's representative approves: not its coordinator, not IOM's representative.
      expect((await client('unhcrCoord').post(`/api/v1/returns/${op.id}/steps`, { step: 'approve' })).statusCode).toBe(403);
      expect((await client('iomRep').post(`/api/v1/returns/${op.id}/steps`, { step: 'approve' })).statusCode).toBe(403);
      const approved = await client('unhcrRep').post(`/api/v1/returns/${op.id}/steps`, { step: 'approve' });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json<ReturnJson>()).toMatchObject({ status: 'approved', approvalBlockers: [] });
      expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['solutions.return_approved', 'solutions.return_approved_over_objection']));
      expect(events.find((e) => e.name === 'solutions.return_approved_over_objection')!.payload).toMatchObject({ operationId: op.id, objections: 1 });
      // ...and it opens an issue of concern (R11) about the return, which the objecting agency sees.
      const concerns = (await client('iomCoord').get('/api/v1/concerns')).json<{ items: Array<{ about: { kind: string; ref: string | null }; severity: string }> }>();
      expect(concerns.items.find((c) => c.about.kind === 'return' && c.about.ref === op.id)).toMatchObject({ severity: 'high' });

      // No movement before IOM countersigns its support role; then IOM records the convoy.
      const early = await client('iomCoord').post(`/api/v1/returns/${op.id}/movements`, { kind: 'convoy', departedOn: '2026-03-10', people: { REF: 4, MIG: 1 } });
      expect(early.statusCode).toBe(409);
      expect((await client('unhcrRep').post(`/api/v1/returns/${op.id}/steps`, { step: 'countersign' })).statusCode).toBe(403);
      expect((await client('iomRep').post(`/api/v1/returns/${op.id}/steps`, { step: 'countersign' })).statusCode).toBe(200);
      const tooMany = await client('iomCoord').post(`/api/v1/returns/${op.id}/movements`, { kind: 'convoy', departedOn: '2026-03-10', people: { REF: 5 } });
      expect(tooMany.json().details).toEqual([{ field: 'people.REF', message: expect.stringContaining('exceed the caseload\'s 4') }]);
      const moved = await client('iomCoord').post(`/api/v1/returns/${op.id}/movements`, { kind: 'convoy', departedOn: '2026-03-10', arrivedOn: '2026-03-11', people: { REF: 3 }, declarations: ['HH-001'] });
      expect(moved.statusCode, moved.body).toBe(200);
      // Those who departed can no longer withdraw; those who have not yet, can.
      expect((await client('unhcrCase').post(`/api/v1/returns/${op.id}/declarations/HH-001/withdraw`)).statusCode).toBe(409);
      await client('iomCoord').post(`/api/v1/returns/${op.id}/movements`, { kind: 'flight', departedOn: '2026-03-20', people: { REF: 1, MIG: 1 } });

      // Completion writes RET figures for the origin country, credited to UNHCR; IOM does not complete it.
      expect((await client('iomCoord').post(`/api/v1/returns/${op.id}/steps`, { step: 'complete' })).statusCode).toBe(403);
      const completed = await client('unhcrCoord').post(`/api/v1/returns/${op.id}/steps`, { step: 'complete' });
      expect(completed.statusCode, completed.body).toBe(200);
      expect(completed.json<ReturnJson>()).toMatchObject({ status: 'completed', moved: 5, completion: { figuresBatchId: expect.any(String) } });
      const figures = await app.db.selectFrom('figures').selectAll().where('pop_type', '=', 'RET').where('origin_iso3', '=', 'BDI').execute();
      expect(figures.map((f) => ({ host: f.host_iso3, value: Number(f.value), source: f.source_org, date: f.ref_date }))).toEqual([{ host: 'TZA', value: 4, source: 'unhcr', date: '2026-03-20' }]);
      expect(events.find((e) => e.name === 'solutions.return_completed')!.payload).toMatchObject({ operationId: op.id, returnedRefugees: 4, moved: 5 });

      const visit = await client('unhcrCoord').post(`/api/v1/returns/${op.id}/monitoring`, { visitedOn: '2026-06-20', place: 'Makamba province (test)', households: 2, findings: 'Access to land and documents confirmed (test)' });
      expect(visit.json<ReturnJson>()).toMatchObject({ status: 'monitoring', monitoring: [expect.objectContaining({ households: 2 })] });
    });

    it('makes a migrant-only return IOM-led assisted voluntary return, approved by IOM once every person has declared, with its reintegration assistance', async () => {
      expect((await client('unhcrCoord').post('/api/v1/returns', { name: 'AVRR to Guatemala (test)', origin: 'GTM', host: 'MEX', caseload: { MIG: 2 } })).statusCode).toBe(403);
      const opened = await client('iomCoord').post('/api/v1/returns', { name: 'AVRR to Guatemala (test)', origin: 'GTM', host: 'MEX', caseload: { MIG: 2 } });
      expect(opened.statusCode, opened.body).toBe(201);
      const op = opened.json<ReturnJson>();
      expect(op).toMatchObject({ programme: 'assisted-voluntary-return-and-reintegration', lead: { slug: 'iom' }, support: null });
      expect(op.safeguards.filter((s) => s.required).map((s) => s.safeguard)).toEqual(['voluntariness_verified']);
      // UNHCR does not see IOM's AVRR return.
      expect((await client('unhcrCoord').get(`/api/v1/returns/${op.id}`)).statusCode).toBe(404);
      await client('iomCoord').post(`/api/v1/returns/${op.id}/steps`, { step: 'review' });
      expect((await client('iomRep').post(`/api/v1/returns/${op.id}/steps`, { step: 'approve' })).statusCode).toBe(409);
      await client('iomCase').post(`/api/v1/returns/${op.id}/declarations`, { declarations: [{ unit: 'household', reference: 'IOM-GT-1', people: 2, free: true, informed: true, express: true, declaredOn: '2026-02-01' }] });
      const approved = await client('iomRep').post(`/api/v1/returns/${op.id}/steps`, { step: 'approve' });
      expect(approved.statusCode, approved.body).toBe(200);
      const c = await client('iomCase').post(`/api/v1/returns/${op.id}/avrr-cases`, { reference: 'IOM-GT-1', people: 2 });
      expect(c.statusCode, c.body).toBe(201);
      const assisted = await client('iomCase').post(`/api/v1/avrr-cases/${c.json().id}/assistance`, { kind: 'business_support', amountUsd: 1500, status: 'delivered', plannedOn: '2026-03-01', deliveredOn: '2026-04-01' });
      expect(assisted.json()).toMatchObject({ reintegration: { delivered: 1, deliveredUsd: 1500 } });
      expect((await client('unhcrCase').post(`/api/v1/avrr-cases/${c.json().id}/assistance`, { kind: 'cash', status: 'planned', plannedOn: '2026-03-01' })).statusCode).toBe(404);
      await client('iomCoord').post(`/api/v1/returns/${op.id}/movements`, { kind: 'flight', departedOn: '2026-03-05', people: { MIG: 2 } });
      const done = await client('iomCoord').post(`/api/v1/returns/${op.id}/steps`, { step: 'complete' });
      // Migrants returned are not returned refugees: no RET figure.
      expect(done.json<ReturnJson>()).toMatchObject({ status: 'completed', completion: { figuresBatchId: null } });
    });
  });

  describe('the resettlement and pathways strategy (R10)', () => {
    const upload = (name: string | null, body: Buffer | string, filename = 'solutions.csv') =>
      server.inject({ method: 'POST', url: `/api/v1/solutions/figures/imports?filename=${filename}`, payload: body, headers: { 'content-type': 'application/octet-stream', ...(name ? { cookie: users[name]!.session.cookie, 'x-csrf-token': users[name]!.session.csrf } : {}) } });

    it('imports UNHCR\'s solutions file all or nothing, names the row and column of each error, and changes nothing the second time', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'solutions-'));
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, '"year","coo_name","coo","coo_iso","coa_name","coa","coa_iso","returned_refugees","resettlement","naturalisation","returned_idps"\n'
        + '2023,"Afghanistan","AFG","AFG","Canada","CAN","CAN",,16607,305,\n2023,"X","X","XYZ","Canada","CAN","CAN",,12.5,,\n');
      const refused = await upload('unhcrIm', readFileSync(bad), 'bad.csv');
      expect(refused.statusCode).toBe(422);
      expect(refused.json().details).toEqual([
        { file: 'bad.csv', row: 3, column: 'coo_iso', message: expect.stringContaining('"XYZ"') },
        { file: 'bad.csv', row: 3, column: 'resettlement', message: expect.stringContaining('whole number') },
      ]);
      expect((await client('unhcrIm').get('/api/v1/solutions/figures?series=resettlement&asylum=CAN&year=2023')).json().total).toBe(0);
      // Only UNHCR's information-management officers import UNHCR's figures.
      expect((await upload('iomCoord', readFileSync(SOLUTIONS_FILE))).statusCode).toBe(403);

      const first = await upload('unhcrIm', readFileSync(SOLUTIONS_FILE));
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({ rowsRead: 21258, updated: 0 });
      expect(first.json().inserted).toBeGreaterThan(20_000);
      const again = await upload('unhcrIm', readFileSync(SOLUTIONS_FILE));
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ batchId: null, inserted: 0, updated: 0 });
      const afgCan = (await client(null).get('/api/v1/solutions/figures?series=resettlement&asylum=CAN&origin=AFG&year=2023')).json();
      expect(afgCan.items).toEqual([{ year: 2023, origin: 'AFG', asylum: 'CAN', series: 'resettlement', value: 16607, sourceRow: expect.any(Number) }]);
    });

    it('reads a strategy\'s targets against the imported resettlement arrivals and the pipeline', async () => {
      expect((await client('ngo').post('/api/v1/strategies', { name: 'x', fromYear: 2023, toYear: 2025 })).statusCode).toBe(403);
      const created = await client('unhcrCoord').post('/api/v1/strategies', { name: 'Strategy 2023–2025 (test)', fromYear: 2023, toYear: 2025 });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id;
      const outside = await client('iomCoord').put(`/api/v1/strategies/${id}/targets`, { targets: [{ year: 2030, pathway: 'resettlement', country: 'CAN', target: 1 }] });
      expect(outside.json().details).toEqual([{ field: 'targets[0].year', message: expect.stringContaining('2023–2025') }]);
      const set = await client('iomCoord').put(`/api/v1/strategies/${id}/targets`, { targets: [
        { year: 2023, pathway: 'resettlement', country: 'CAN', target: 50_000, pledged: 45_000 },
        { year: 2023, pathway: 'education', country: 'CAN', target: 300 },
      ] });
      expect(set.statusCode, set.body).toBe(200);
      const progress = await client('unhcrCoord').get(`/api/v1/strategies/${id}/progress`);
      expect(progress.statusCode, progress.body).toBe(200);
      const can2023 = progress.json().rows.find((r: { pathway: string; country: string }) => r.pathway === 'resettlement' && r.country === 'CAN');
      const published = await app.db.selectFrom('solution_figures').select((eb) => eb.fn.sum<string | number>('value').as('n'))
        .where('series', '=', 'resettlement').where('asylum_iso3', '=', 'CAN').where('year', '=', 2023).executeTakeFirstOrThrow();
      expect(can2023).toMatchObject({ target: 50_000, pledged: 45_000, published: Number(published.n) });
      expect(Number(published.n)).toBeGreaterThan(16_607);
      expect(progress.json().rows.find((r: { pathway: string }) => r.pathway === 'education').published).toBeNull();
      expect(progress.json().figuresImported).toBe(true);
    });
  });

  describe('the case pipeline (R10)', () => {
    const newCase = (name = 'unhcrCase') => client(name).post('/api/v1/pipeline/cases', {
      head: { givenName: 'SYNTHETIC Test', familyName: 'Household', nationality: 'COD' }, householdSize: 3, pathway: 'resettlement',
      asylumCountry: 'TZA', receivingCountry: 'CAN', receivingState: 'test-state', retainUntil: '2030-01-01',
    });
    const owner: Record<string, string> = {
      identification: 'unhcrCase', submission: 'unhcrCase', selection_interview: 'stateCase', decision: 'stateCase',
      health_assessment: 'iomCase', pre_departure_orientation: 'iomCase', movement: 'iomCase', arrival: 'stateCase',
    };
    const wrong: Record<string, string> = { unhcrCase: 'iomCase', stateCase: 'unhcrCase', iomCase: 'stateCase' };

    it('moves a case through every stage only by its responsible party, and names the slowest stage', async () => {
      expect((await newCase('iomCase')).statusCode).toBe(403);
      const bad = await client('unhcrCase').post('/api/v1/pipeline/cases', {
        head: { givenName: 'SYNTHETIC A', familyName: 'B' }, householdSize: 1, pathway: 'resettlement', asylumCountry: 'TZA', receivingCountry: 'CAN', receivingState: 'test-ngo', retainUntil: '2030-01-01',
      });
      expect(bad.json().details).toEqual([{ field: 'receivingState', message: expect.stringContaining('not a government') }]);
      const created = await newCase();
      expect(created.statusCode, created.body).toBe(201);
      const c = created.json();
      expect(c).toMatchObject({ stage: 'identification', responsible: 'UNHCR', head: { givenName: 'SYNTHETIC Test' } });
      // The State and IOM see the case without its personal fields; a partner does not see it.
      expect((await client('stateCase').get(`/api/v1/pipeline/cases/${c.id}`)).json()).toMatchObject({ head: null, stage: 'identification' });
      expect((await client('ngo').get(`/api/v1/pipeline/cases/${c.id}`)).statusCode).toBe(404);

      const days = [5, 30, 90, 20, 10, 7, 3, 1];
      for (const [i, stage] of ['identification', 'submission', 'selection_interview', 'decision', 'health_assessment', 'pre_departure_orientation', 'movement', 'arrival'].entries()) {
        time += days[i]! * DAY;
        const refused = await client(wrong[owner[stage]!]!).post(`/api/v1/pipeline/cases/${c.id}/advance`);
        expect(refused.statusCode, `${stage} moved by the wrong party`).toBe(403);
        expect(refused.json().message).toMatch(/only .* moves it on/);
        const moved = await client(owner[stage]!).post(`/api/v1/pipeline/cases/${c.id}/advance`);
        expect(moved.statusCode, `${stage}: ${moved.body}`).toBe(200);
      }
      const done = (await client('unhcrCase').get(`/api/v1/pipeline/cases/${c.id}`)).json();
      expect(done.status).toBe('arrived');
      expect(done.history.map((h: { stage: string; days: number }) => [h.stage, h.days])).toEqual([
        ['identification', 5], ['submission', 30], ['selection_interview', 90], ['decision', 20], ['health_assessment', 10], ['pre_departure_orientation', 7], ['movement', 3], ['arrival', 1],
      ]);
      expect((await client('stateCase').post(`/api/v1/pipeline/cases/${c.id}/advance`)).statusCode).toBe(409);

      // A second case drops out at the State's interview; a third is stuck at submission.
      const d = (await newCase()).json();
      await client('unhcrCase').post(`/api/v1/pipeline/cases/${d.id}/advance`);
      await client('unhcrCase').post(`/api/v1/pipeline/cases/${d.id}/advance`);
      expect((await client('iomCase').post(`/api/v1/pipeline/cases/${d.id}/drop`, { reason: 'not_selected' })).statusCode).toBe(403);
      expect((await client('stateCase').post(`/api/v1/pipeline/cases/${d.id}/drop`, { reason: 'not_selected' })).json()).toMatchObject({ status: 'dropped', dropReason: 'not_selected' });
      const s = (await newCase()).json();
      await client('unhcrCase').post(`/api/v1/pipeline/cases/${s.id}/advance`);
      time += 100 * DAY;

      const view = await client('iomCoord').get('/api/v1/pipeline/bottlenecks?stuckAfterDays=60');
      expect(view.statusCode, view.body).toBe(200);
      const b = view.json();
      expect(b).toMatchObject({ slowestStage: 'selection_interview', slowestResponsible: 'State' });
      expect(b.stages.find((x: { stage: string }) => x.stage === 'selection_interview')).toMatchObject({ medianDays: 90, completed: 1, droppedOut: 1 });
      expect(b.stages.find((x: { stage: string }) => x.stage === 'submission')).toMatchObject({ inStage: 1, stuck: 1, oldestDays: 100 });
      expect(b.byCountry).toEqual([expect.objectContaining({ country: 'CAN', slowestStage: 'selection_interview' })]);
      expect(b.dropOuts).toEqual([{ stage: 'selection_interview', reason: 'not_selected', cases: 1 }]);
      expect(events.filter((e) => e.name === 'solutions.case_moved').length).toBeGreaterThanOrEqual(8);
      expect((await client(null).get('/api/v1/pipeline/bottlenecks')).statusCode).toBe(401);
    });
  });

  describe('the demo (synthetic, labelled)', () => {
    it('seeds a UNHCR-led return with safeguards partly done, a strategy with targets and cases at several stages', async () => {
      const { solutionsModule } = await import('../src/solutions/index.js');
      await solutionsModule.seed!(app, operatorCtx());
      const ops = (await app.returns.list(operatorCtx(), { limit: 100, offset: 0 })).items.filter((o) => o.synthetic);
      expect(ops).toHaveLength(1);
      expect(ops[0]).toMatchObject({ status: 'planning', lead: { slug: 'unhcr' }, voluntariness: { verified: 60, missing: 68 } });
      expect(ops[0]!.name).toMatch(/SYNTHETIC/);
      expect(ops[0]!.approvalBlockers.length).toBeGreaterThan(1);
      const strategies = (await app.strategies.list(operatorCtx())).items.filter((x) => x.synthetic);
      expect(strategies[0]!.targets.length).toBe(12);
      // The demo's cases (households of four, resettled to Canada) count in the strategy's progress for the year they moved.
      const progress = await app.strategies.progress(operatorCtx(), strategies[0]!.id);
      const can = progress.rows.find((r) => r.year === 2026 && r.pathway === 'resettlement' && r.country === 'CAN')!;
      expect(can).toMatchObject({ target: 1000, pledged: 900 });
      expect(can.submitted).toBeGreaterThanOrEqual(12);
      expect(can.decided).toBeGreaterThanOrEqual(8);
      expect(can.departed).toBeGreaterThanOrEqual(4);
      expect(can.submitted).toBeGreaterThan(can.departed);
      const cases = (await app.pipeline.list(operatorCtx(), { limit: 100, offset: 0 })).items.filter((c) => c.synthetic);
      expect(cases.map((c) => c.stage).sort()).toEqual(['arrival', 'health_assessment', 'identification', 'selection_interview']);
    });
  });
});
