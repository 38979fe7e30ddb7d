import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { on } from '../src/core/events.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

/** A clock the test moves: deadlines turn overdue without sleeping. */
function testClock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advanceHours: (h: number) => { t += h * 3_600_000; } };
}

const person = (given: string, family: string, extra: Record<string, unknown> = {}) => ({
  givenName: given, familyName: family, birthDate: '1990-04-12', sex: 'female', nationality: 'VEN', contact: '+57 300 000 0000',
  purpose: 'protection_referral', legalBasis: 'consent', retainUntil: '2027-12-31', ...extra,
});
const consent = (fields: string[]) => ({ fields, purpose: 'asylum information and registration', givenAt: '2026-03-01T09:00:00.000Z', method: 'verbal', givenBy: 'person' });

describeEachEngine('protection: profiling, referrals with consent and deadlines, personal data kept safe', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  const clock = testClock('2026-03-01T10:00:00.000Z');
  let iomWorker: Session; let iomFocal: Session; let iomCoordinator: Session;
  let unhcrFocal: Session; let thirdFocal: Session; let admin: Session;
  const overdueEvents: string[] = [];

  beforeAll(async () => {
    t = await freshDb(engine);
    app = createApp(t.database, { protection: { now: clock.now } });
    app.events.subscribe(on('referral.overdue', 'after-commit', 'test: overdue', async (e) => { overdueEvents.push(e.referralId); }));
    server = await buildServer(app);
    await app.accounts.createOrganisation(operatorCtx(), { slug: 'third-ngo', name: 'Third NGO (test)', kind: 'ngo' });
    iomWorker = await signIn(server, (await makeUser(app, [['iom', 'case_worker']])).email);
    iomFocal = await signIn(server, (await makeUser(app, [['iom', 'protection_focal_point']])).email);
    iomCoordinator = await signIn(server, (await makeUser(app, [['iom', 'coordinator']])).email);
    unhcrFocal = await signIn(server, (await makeUser(app, [['unhcr', 'protection_focal_point']])).email);
    thirdFocal = await signIn(server, (await makeUser(app, [['third-ngo', 'protection_focal_point']])).email);
    admin = await signIn(server, (await makeUser(app, [['platform', 'platform_admin']])).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  let personId = '';
  let profileId = '';
  let referralId = '';

  it('lets an IOM case worker record and screen a synthetic person: pathways with reasons, an indicator and never a status', async () => {
    const w = as(server, iomWorker);
    const created = await w.post('/api/v1/protection/people', person('Synthetic Ana', 'Test-Uno'));
    expect(created.statusCode, created.body).toBe(201);
    personId = created.json().id;
    expect(created.json()).toMatchObject({ givenName: 'Synthetic Ana', organisation: { slug: 'iom' }, purpose: 'protection_referral', synthetic: false, can: { update: true, delete: false, refer: true } });
    const profile = await w.post(`/api/v1/protection/people/${personId}/profiles`, { reasonsForLeaving: ['persecution'], fearOfReturn: true, riskIndicators: ['woman_at_risk', 'serious_medical_condition'], intentions: ['seek_asylum'] });
    expect(profile.statusCode, profile.body).toBe(201);
    profileId = profile.json().id;
    expect(profile.json().possibleInternationalProtectionNeeds).toBe(true);
    expect(profile.json().suggestions.map((s: { pathway: string; agency: string }) => [s.pathway, s.agency])).toEqual([['asylum_and_protection', 'UNHCR'], ['medical_referral', 'health partner']]);
    expect(profile.body).not.toMatch(/"REF"|"ASY"|refugee status/);
  });

  it('keeps a draft from the receiver, then sends an urgent referral whose deadline is 72 hours from sending', async () => {
    const w = as(server, iomWorker);
    const draft = await w.post('/api/v1/protection/referrals', {
      person: personId, profile: profileId, to: 'unhcr', pathway: 'asylum_and_protection', priority: 'urgent', country: 'COL',
      narrative: 'Fears return after threats.', consent: consent(['givenName', 'nationality', 'profile']),
    });
    expect(draft.statusCode, draft.body).toBe(201);
    referralId = draft.json().id;
    expect(draft.json()).toMatchObject({ status: 'draft', side: 'referrer', dueAt: null, can: { send: true, acknowledge: false } });
    expect((await as(server, unhcrFocal).get(`/api/v1/protection/referrals/${referralId}`)).statusCode).toBe(404);
    expect((await as(server, unhcrFocal).get('/api/v1/protection/referrals?box=inbox')).json().total).toBe(0);

    clock.advanceHours(1);
    const sent = await w.post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'send' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sent', sentAt: '2026-03-01T11:00:00.000Z', dueAt: '2026-03-04T11:00:00.000Z', overdue: false });
  });

  it('shows the UNHCR focal point exactly the consented fields, and lets it acknowledge, accept and record the outcome', async () => {
    const u = as(server, unhcrFocal);
    const inbox = await u.get('/api/v1/protection/referrals?box=inbox&priority=urgent');
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect(inbox.json()).toMatchObject({ total: 1, overdue: 0 });
    expect(inbox.json().items[0]).not.toHaveProperty('person');
    const seen = await u.get(`/api/v1/protection/referrals/${referralId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().side).toBe('receiver');
    expect(seen.json().person).toEqual({ givenName: 'Synthetic Ana', nationality: 'VEN' });
    expect(seen.json().narrative).toBeNull();
    expect(seen.json().profile.suggestions[0].pathway).toBe('asylum_and_protection');
    expect(seen.body).not.toContain('Test-Uno');
    expect(seen.body).not.toContain('1990-04-12');
    expect(seen.body).not.toContain(personId);
    // The receiver cannot read the person's record itself, nor take the referrer's steps.
    expect((await u.get(`/api/v1/protection/people/${personId}`)).statusCode).toBe(404);
    expect((await u.post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'close' })).statusCode).toBe(403);
    expect((await as(server, iomWorker).post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'acknowledge' })).statusCode).toBe(403);

    clock.advanceHours(2);
    expect((await u.post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'acknowledge' })).json()).toMatchObject({ status: 'acknowledged', acknowledgedAt: '2026-03-01T13:00:00.000Z' });
    expect((await u.post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'acknowledge' })).statusCode).toBe(409);
    expect((await u.post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'accept' })).json().status).toBe('accepted');
    const noText = await u.post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'record_outcome' });
    expect(noText.statusCode).toBe(400);
    expect(noText.json().details[0].field).toBe('text');
    expect((await u.post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'record_outcome', text: 'Registered; asylum claim lodged.' })).json().status).toBe('outcome_recorded');
    expect((await u.post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'give_feedback', text: 'Thank you: registered on day 1.' })).json().status).toBe('feedback_given');
  });

  it('gives the IOM worker the outcome and feedback, and lets it close the referral', async () => {
    const w = as(server, iomWorker);
    const back = await w.get(`/api/v1/protection/referrals/${referralId}`);
    expect(back.json()).toMatchObject({ outcome: 'Registered; asylum claim lodged.', feedback: 'Thank you: registered on day 1.', narrative: 'Fears return after threats.', can: { close: true } });
    expect(back.json().person).toMatchObject({ id: personId, familyName: 'Test-Uno', birthDate: '1990-04-12' });
    expect((await w.post(`/api/v1/protection/referrals/${referralId}/steps`, { step: 'close' })).json().status).toBe('closed');
    const sentBox = await w.get('/api/v1/protection/referrals?box=sent&status=closed');
    expect(sentBox.json().items.map((i: { id: string }) => i.id)).toEqual([referralId]);
  });

  it('shows a third organisation, an administrator and a coordinator nothing but aggregates', async () => {
    for (const s of [thirdFocal, admin, iomCoordinator]) {
      const c = as(server, s);
      expect((await c.get(`/api/v1/protection/referrals/${referralId}`)).statusCode).toBe(404);
      expect((await c.get(`/api/v1/protection/people/${personId}`)).statusCode).toBe(404);
      expect((await c.get(`/api/v1/protection/people/${personId}/export`)).statusCode).toBe(404);
      const stats = await c.get('/api/v1/protection/referrals/stats');
      expect(stats.statusCode).toBe(200);
      expect(stats.json().rows[0]).toMatchObject({ country: 'COL', month: '2026-03', sent: null });
    }
    const box = await as(server, thirdFocal).get('/api/v1/protection/referrals?box=inbox');
    expect(box.json()).toMatchObject({ total: 0, items: [] });
    expect((await as(server, thirdFocal).post('/api/v1/protection/people/search', { givenName: 'Synthetic Ana', familyName: 'Test-Uno' })).json()).toEqual([]);
    expect((await as(server, null).get('/api/v1/protection/referrals/stats')).statusCode).toBe(401);
  });

  it('stops all sharing once consent is withdrawn, and refuses to send a draft without consent', async () => {
    const w = as(server, iomWorker);
    const r = (await w.post('/api/v1/protection/referrals', {
      person: personId, to: 'unhcr', pathway: 'asylum_and_protection', priority: 'normal', country: 'COL', send: true, narrative: 'n', consent: consent(['givenName', 'familyName', 'narrative']),
    })).json();
    expect(r.status).toBe('sent');
    const u = as(server, unhcrFocal);
    expect((await u.get(`/api/v1/protection/referrals/${r.id}`)).json().person).toEqual({ givenName: 'Synthetic Ana', familyName: 'Test-Uno' });
    expect((await u.post(`/api/v1/protection/referrals/${r.id}/consent/withdraw`)).statusCode).toBe(403);
    const withdrawn = await w.post(`/api/v1/protection/referrals/${r.id}/consent/withdraw`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const after = (await u.get(`/api/v1/protection/referrals/${r.id}`)).json();
    expect(after).toMatchObject({ person: null, narrative: null, profile: null });
    expect(after.consent.withdrawnAt).not.toBeNull();
    expect((await w.post(`/api/v1/protection/referrals/${r.id}/consent/withdraw`)).statusCode).toBe(409);

    const draft = (await w.post('/api/v1/protection/referrals', { person: personId, to: 'unhcr', pathway: 'asylum_and_protection', priority: 'normal', country: 'COL', consent: consent(['givenName']) })).json();
    await w.post(`/api/v1/protection/referrals/${draft.id}/consent/withdraw`);
    expect((await w.post(`/api/v1/protection/referrals/${draft.id}/steps`, { step: 'send' })).statusCode).toBe(409);
  });

  it('turns a referral overdue when its deadline passes, counts it, filters by it, and announces it once', async () => {
    const w = as(server, iomWorker);
    const r = (await w.post('/api/v1/protection/referrals', { person: personId, to: 'unhcr', pathway: 'medical_referral', priority: 'emergency', country: 'COL', send: true, consent: consent([]) })).json();
    const u = as(server, unhcrFocal);
    expect((await u.get('/api/v1/protection/referrals?overdue=true')).json().total).toBe(0);
    clock.advanceHours(23);
    expect((await u.get(`/api/v1/protection/referrals/${r.id}`)).json().overdue).toBe(false);
    clock.advanceHours(2);
    const overdue = (await u.get('/api/v1/protection/referrals?overdue=true')).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(r.id);
    expect(overdue.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    expect((await u.get('/api/v1/protection/referrals')).json().overdue).toBeGreaterThanOrEqual(1);
    expect((await w.get('/api/v1/protection/referrals?box=sent&overdue=true')).json().items.map((i: { id: string }) => i.id)).toContain(r.id);
    const first = await app.referrals.announceOverdue(operatorCtx());
    expect(first.raised).toBeGreaterThanOrEqual(1);
    expect(overdueEvents).toContain(r.id);
    expect((await app.referrals.announceOverdue(operatorCtx())).raised).toBe(0);
    // The overdue referral opened one issue of concern (R11), naming the referral and no person.
    const concerns = await t.database.db.selectFrom('concerns').selectAll().where('source_key', '=', `referral.overdue:${r.id}`).execute();
    expect(concerns).toHaveLength(1);
    expect(concerns[0]).toMatchObject({ subject_kind: 'referral', subject_ref: r.id, severity: 'high', source_event: 'referral.overdue' });
    const seen = (await as(server, unhcrFocal).get(`/api/v1/concerns/${concerns[0]!.id}`));
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.body).not.toContain('Synthetic Ana');
    expect(seen.body).not.toContain('Test-Uno');
    // Declining (with its reason) ends the wait: no longer overdue.
    expect((await u.post(`/api/v1/protection/referrals/${r.id}/steps`, { step: 'decline', text: 'Outside our mandate here.' })).json()).toMatchObject({ status: 'declined', overdue: false });
    expect((await w.get(`/api/v1/protection/referrals/${r.id}`)).json().declineReason).toBe('Outside our mandate here.');
  });

  it('finds a person by exact name through keyed hashes, corrects and exports them, audited by id only', async () => {
    const w = as(server, iomWorker);
    const found = await w.post('/api/v1/protection/people/search', { givenName: '  synthetic  ANA', familyName: 'test-uno' });
    expect(found.json().map((p: { id: string }) => p.id)).toEqual([personId]);
    expect((await w.post('/api/v1/protection/people/search', { givenName: 'Synthetic Ana', familyName: 'Test-Uno', birthDate: '1990-04-13' })).json()).toEqual([]);
    const fixed = await w.patch(`/api/v1/protection/people/${personId}`, { familyName: 'Test-Uno-Corrected', contact: null });
    expect(fixed.json()).toMatchObject({ familyName: 'Test-Uno-Corrected', contact: null });
    expect((await w.post('/api/v1/protection/people/search', { givenName: 'Synthetic Ana', familyName: 'Test-Uno-Corrected' })).json()).toHaveLength(1);
    const exp = await w.get(`/api/v1/protection/people/${personId}/export`);
    expect(exp.statusCode, exp.body).toBe(200);
    expect(exp.json().person.familyName).toBe('Test-Uno-Corrected');
    expect(exp.json().profiles).toHaveLength(1);
    expect(exp.json().referrals.length).toBeGreaterThanOrEqual(4);
    const trail = await app.audit.trail('protection_person', personId);
    expect(trail.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'read', 'update']));
    expect(JSON.stringify(trail)).not.toMatch(/Synthetic|Test-Uno/);
  });

  it('lets only the focal point erase a person: the referrals keep their facts for the aggregates and lose everything personal', async () => {
    expect((await as(server, iomWorker).delete(`/api/v1/protection/people/${personId}`)).statusCode).toBe(403);
    const erased = await as(server, iomFocal).delete(`/api/v1/protection/people/${personId}`);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toEqual({ erased: true, referrals: expect.any(Number) });
    expect((await as(server, iomWorker).get(`/api/v1/protection/people/${personId}`)).statusCode).toBe(404);
    const r = (await as(server, iomWorker).get(`/api/v1/protection/referrals/${referralId}`)).json();
    expect(r).toMatchObject({ status: 'closed', person: null, narrative: null, outcome: null, feedback: null, profile: null });
    expect((await app.audit.trail('protection_person', personId)).entries.map((e) => e.action)).toContain('delete');
    expect(JSON.stringify((await as(server, iomWorker).get('/api/v1/protection/referrals/stats')).json())).toContain('COL');
  });

  it('erases records whose retention date has passed when retention runs', async () => {
    const w = as(server, iomWorker);
    const keep = (await w.post('/api/v1/protection/people', person('Synthetic Keep', 'Test', { retainUntil: '2030-01-01' }))).json();
    const old = (await w.post('/api/v1/protection/people', person('Synthetic Old', 'Test', { retainUntil: '2026-03-01' }))).json();
    expect((await app.protectionPeople.runRetention(operatorCtx())).erased).toBe(1);
    expect((await w.get(`/api/v1/protection/people/${old.id}`)).statusCode).toBe(404);
    expect((await w.get(`/api/v1/protection/people/${keep.id}`)).statusCode).toBe(200);
  });

  it('refuses a referral to the holding organisation itself or to an unknown one, naming the field', async () => {
    const w = as(server, iomWorker);
    const p = (await w.post('/api/v1/protection/people', person('Synthetic Bad', 'Test'))).json();
    for (const to of ['iom', 'nobody-here']) {
      const res = await w.post('/api/v1/protection/referrals', { person: p.id, to, pathway: 'avrr', priority: 'normal', country: 'COL', consent: consent([]) });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].field).toBe('to');
    }
  });

  it('refuses a day the calendar does not have, naming the field, and writes nothing', async () => {
    const w = as(server, iomWorker);
    const before = (await w.get('/api/v1/protection/people')).json().total;
    const bad = await w.post('/api/v1/protection/people', person('Synthetic Feb', 'Thirty', { retainUntil: '2027-02-30' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field).join(' ')).toContain('retainUntil');
    expect((await w.get('/api/v1/protection/people')).json().total).toBe(before);
  });
});
