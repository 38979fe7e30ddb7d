import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { on } from '../src/core/events.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const DAY = 86_400_000;

interface AgreementJson {
  id: string; status: string; parties: Array<{ organisation: { slug: string }; approval: { by: string; role: string; at: string } | null }>;
  can: { approve: boolean };
}
interface TransferJson { id: string; kind: string; from: { slug: string }; to: { slug: string } | null; agreementId: string | null; legalBasis: string | null; rows: number; actor: string; sourceEvent: string | null }

describeEachEngine('data-sharing agreements and the transfer register (R6) through the API', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let time = Date.parse('2026-03-01T12:00:00Z');
  const clock = { now: () => new Date(time), advanceDays: (days: number) => { time += days * DAY; } };
  const users: Record<string, { id: string; session: Session }> = {};
  const concluded: string[] = [];
  const lapsedEvents: string[] = [];

  beforeAll(async () => {
    t = await freshDb(engine);
    // The same database, with a clock the test moves.
    app = createApp(t.database, { sharing: { now: clock.now } });
    app.events.subscribe(on('agreement.concluded', 'after-commit', 'test: concluded', async (e) => { concluded.push(e.agreementId); }));
    app.events.subscribe(on('agreement.lapsed', 'after-commit', 'test: lapsed', async (e) => { lapsedEvents.push(e.agreementId); }));
    server = await buildServer(app);
    const op = operatorCtx();
    await app.accounts.createOrganisation(op, { slug: 'pb', name: 'Partner B (test)', kind: 'ngo' });
    const people: Array<[string, string, 'agency_representative' | 'coordinator' | 'im_officer' | 'viewer']> = [
      ['iomRep', 'iom', 'agency_representative'], ['iomIm', 'iom', 'im_officer'], ['unhcrCoordinator', 'unhcr', 'coordinator'],
      ['unhcrIm', 'unhcr', 'im_officer'], ['unhcrViewer', 'unhcr', 'viewer'], ['pbIm', 'pb', 'im_officer'], ['pbCoordinator', 'pb', 'coordinator'],
    ];
    for (const [name, org, role] of people) {
      const u = await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-sharing-${engine}@test.invalid` });
      users[name] = { id: u.id, session: await signIn(server, u.email) };
    }
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const client = (name: string) => as(server, users[name]!.session);
  const draftBody = {
    title: 'IOM–UNHCR 5W and flow counts (test)', purpose: 'Joint analysis of mixed movements for the platform (test).',
    parties: [{ organisation: 'iom', role: 'provider' }, { organisation: 'unhcr', role: 'recipient' }],
    kinds: ['5w_reports', 'flow_counts'], granularity: 'admin1', fields: ['admin1', 'reached'],
    startsOn: '2026-03-10', expiresOn: '2026-06-30', documentRef: 'DSA-2026-014 (test)',
  };
  const transfer = (agreement: string, extra: Record<string, unknown> = {}) => ({ kind: '5w_reports', to: 'unhcr', agreement, rows: 120, fields: ['admin1', 'reached'], ...extra });
  const agreement = async (name: string, id: string) => {
    const res = await client(name).get(`/api/v1/sharing/agreements/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AgreementJson>();
  };
  /** The answer without the request's id: what a stranger learns from it. */
  const answer = (res: { statusCode: number; json: () => { code: string; message: string } }) => ({ status: res.statusCode, code: res.json().code, message: res.json().message });

  it('drafts an agreement, has each party approve it, puts it in force at its start and lets it lapse after its expiry day', async () => {
    const drafted = await client('iomIm').post('/api/v1/sharing/agreements', draftBody);
    expect(drafted.statusCode, drafted.body).toBe(201);
    const a = drafted.json<AgreementJson>();
    expect(a.status).toBe('draft');
    expect(a.parties.map((p) => [p.organisation.slug, p.approval])).toEqual([['iom', null], ['unhcr', null]]);
    expect(a.can.approve).toBe(false); // an information-management officer drafts; the representative approves
    expect((await agreement('iomRep', a.id)).can.approve).toBe(true);
    // No rule lets an information-management officer approve anything: the route answers as for an object it cannot see.
    expect((await client('iomIm').post(`/api/v1/sharing/agreements/${a.id}/approve`, {})).statusCode).toBe(404);
    // Nothing goes out under a draft.
    expect((await client('iomIm').post('/api/v1/sharing/transfers', transfer(a.id))).statusCode).toBe(409);

    const byIom = await client('iomRep').post(`/api/v1/sharing/agreements/${a.id}/approve`, {});
    expect(byIom.statusCode, byIom.body).toBe(200);
    const afterIom = byIom.json<AgreementJson>();
    expect(afterIom.status).toBe('draft');
    expect(afterIom.parties[0]!.approval).toMatchObject({ by: users.iomRep!.id, role: 'agency_representative', at: '2026-03-01T12:00:00.000Z' });
    expect(afterIom.can.approve).toBe(false);
    expect((await client('iomRep').post(`/api/v1/sharing/agreements/${a.id}/approve`, {})).statusCode).toBe(409);
    expect(concluded).not.toContain(a.id);

    clock.advanceDays(1);
    const byUnhcr = await client('unhcrCoordinator').post(`/api/v1/sharing/agreements/${a.id}/approve`, {});
    expect(byUnhcr.statusCode, byUnhcr.body).toBe(200);
    expect(byUnhcr.json<AgreementJson>().status).toBe('scheduled');
    expect(concluded).toContain(a.id);

    clock.advanceDays(8); // 2026-03-10: its start day
    expect((await agreement('unhcrIm', a.id)).status).toBe('active');
    const active = (await client('unhcrIm').get('/api/v1/sharing/agreements?status=active')).json<{ items: AgreementJson[] }>();
    expect(active.items.map((x) => x.id)).toContain(a.id);

    const sent = await client('iomIm').post('/api/v1/sharing/transfers', transfer(a.id));
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json<TransferJson>()).toMatchObject({ kind: '5w_reports', from: { slug: 'iom' }, to: { slug: 'unhcr' }, agreementId: a.id, rows: 120, actor: users.iomIm!.id });
    // Only what the agreement covers: its fields, its kinds, its parties, in its direction.
    expect((await client('iomIm').post('/api/v1/sharing/transfers', transfer(a.id, { fields: ['admin2'] }))).statusCode).toBe(409);
    expect((await client('iomIm').post('/api/v1/sharing/transfers', transfer(a.id, { kind: 'figures' }))).statusCode).toBe(409);
    expect((await client('iomIm').post('/api/v1/sharing/transfers', transfer(a.id, { to: 'pb' }))).statusCode).toBe(409);
    expect((await client('unhcrIm').post('/api/v1/sharing/transfers', transfer(a.id, { to: 'iom' }))).statusCode).toBe(409);

    const report = await client('unhcrIm').get(`/api/v1/sharing/agreements/${a.id}/transfers`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({
      agreement: { id: a.id, status: 'active' }, totals: { transfers: 1, rows: 120 },
      byKind: [{ kind: '5w_reports', transfers: 1, rows: 120 }], byRecipient: [{ organisation: { slug: 'unhcr' }, transfers: 1, rows: 120 }],
    });

    clock.advanceDays(112); // 2026-06-30: its expiry day, still in force
    expect((await agreement('iomIm', a.id)).status).toBe('active');
    await app.agreements.announceLapsed();
    expect(lapsedEvents).not.toContain(a.id);
    clock.advanceDays(1); // 2026-07-01
    expect((await agreement('iomIm', a.id)).status).toBe('lapsed');
    // The sharing job announces the lapse once, however often it runs.
    await app.agreements.announceLapsed();
    await app.agreements.announceLapsed();
    expect(lapsedEvents.filter((id) => id === a.id)).toHaveLength(1);
    expect((await client('iomIm').post('/api/v1/sharing/transfers', transfer(a.id))).statusCode).toBe(409);
    const lapsed = (await client('iomIm').get('/api/v1/sharing/agreements?status=lapsed')).json<{ items: AgreementJson[] }>();
    expect(lapsed.items.map((x) => x.id)).toContain(a.id);
  });

  it('shows organisations that are not party nothing, and answers for a hidden agreement as for an absent one', async () => {
    const a = (await client('iomIm').post('/api/v1/sharing/agreements', { ...draftBody, startsOn: '2026-07-01', expiresOn: '2027-12-31' })).json<AgreementJson>();
    expect((await client('iomIm').post('/api/v1/sharing/transfers', { kind: 'flow_counts', to: 'unhcr', legalBasis: 'mandate', rows: 7, fields: [] })).statusCode).toBe(201);
    const hidden = await client('pbIm').get(`/api/v1/sharing/agreements/${a.id}`);
    const absent = await client('pbIm').get('/api/v1/sharing/agreements/0190aaaa-0000-7000-8000-000000000000');
    expect(answer(hidden)).toEqual(answer(absent));
    expect(hidden.statusCode).toBe(404);
    expect(answer(await client('pbCoordinator').post(`/api/v1/sharing/agreements/${a.id}/approve`, {}))).toEqual(answer(await client('pbCoordinator').post('/api/v1/sharing/agreements/0190aaaa-0000-7000-8000-000000000000/approve', {})));
    expect((await client('pbIm').get(`/api/v1/sharing/agreements/${a.id}/transfers`)).statusCode).toBe(404);
    expect((await client('pbIm').get('/api/v1/sharing/agreements')).json()).toMatchObject({ items: [], total: 0 });
    for (const status of ['draft', 'scheduled', 'active', 'lapsed']) expect((await client('iomIm').get(`/api/v1/sharing/agreements?status=${status}`)).statusCode).toBe(200);
    expect((await client('iomIm').get('/api/v1/sharing/agreements?status=draft')).json<{ items: AgreementJson[] }>().items.map((x) => x.id)).toContain(a.id);
    expect((await client('pbIm').get('/api/v1/sharing/transfers')).json()).toMatchObject({ items: [], total: 0 });
    // A party's viewer reads neither agreements nor transfers; a party's staff reads both.
    expect((await client('unhcrViewer').get('/api/v1/sharing/transfers')).statusCode).toBe(403);
    expect((await client('unhcrIm').get('/api/v1/sharing/transfers?direction=in')).json<{ total: number }>().total).toBeGreaterThanOrEqual(2);
    // Nobody drafts an agreement for others.
    expect((await client('pbIm').post('/api/v1/sharing/agreements', draftBody)).statusCode).toBe(403);
    expect((await client('iomIm').post('/api/v1/sharing/agreements', { ...draftBody, expiresOn: '2026-01-01' })).statusCode).toBe(400);
  });

  it('keeps the register append-only: no route alters an entry, the database refuses to, and each entry is in the audit chain', async () => {
    const sent = await client('pbIm').post('/api/v1/sharing/transfers', { kind: 'figures', to: 'iom', legalBasis: 'public_interest', rows: 3, fields: ['#affected'] });
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json<TransferJson>().id;
    expect((await client('pbIm').patch(`/api/v1/sharing/transfers/${id}`, { rows: 1 })).statusCode).toBe(404);
    expect((await client('pbIm').delete(`/api/v1/sharing/transfers/${id}`)).statusCode).toBe(404);
    const db = app.database.db;
    await expect(db.updateTable('sharing_transfers').set({ rows: 1 }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('sharing_transfers').where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    expect((await db.selectFrom('sharing_transfers').select('rows').where('id', '=', id).executeTakeFirstOrThrow()).rows).toBe(3);
    const audited = await db.selectFrom('audit_log').select(['action', 'actor']).where('resource', '=', 'transfer').where('object_id', '=', id).execute();
    expect(audited).toEqual([{ action: 'create', actor: users.pbIm!.id }]);
    expect((await app.audit.verify()).ok).toBe(true);
    // Both ends read it; a third organisation does not.
    expect((await client('iomIm').get('/api/v1/sharing/transfers?direction=in')).json<{ items: TransferJson[] }>().items.map((x) => x.id)).toContain(id);
    expect((await client('unhcrIm').get('/api/v1/sharing/transfers')).json<{ items: TransferJson[] }>().items.map((x) => x.id)).not.toContain(id);
  });

  it('registers an import into the platform by itself, once, from the figures.imported event', async () => {
    async function* rows() {
      yield {
        row: 2, rowKey: 'k1', errors: [],
        figures: [{ refDate: '2031-12-31', datePrecision: 'year' as const, origin: 'NIC', host: 'CRI', area: null, type: 'MIG' as const, sex: 'total' as const, value: 7, includesProtection: false, sourceOrg: 'iom', sourceDataset: 'sharing-test', sourceRow: 2, method: 'test' }],
      };
    }
    const batch = await app.imports.ingest(operatorCtx(), 'test', 'sharing.csv', rows(), { sha256: () => 'x', asOrg: 'iom' });
    await app.imports.ingest(operatorCtx(), 'test', 'sharing.csv', rows(), { sha256: () => 'x', asOrg: 'iom' });
    const out = (await client('iomIm').get('/api/v1/sharing/transfers?kind=figures&direction=out')).json<{ items: TransferJson[] }>();
    const registered = out.items.filter((x) => x.sourceEvent === 'figures.imported');
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({ from: { slug: 'iom' }, to: null, legalBasis: 'platform_contribution', rows: 1, actor: 'event' });
    expect(batch.batchId).toBeTruthy();
    expect((await client('pbIm').get('/api/v1/sharing/transfers?kind=figures')).json<{ items: TransferJson[] }>().items.filter((x) => x.sourceEvent)).toEqual([]);
  });
  it('registers a referral sent as a transfer of the consented fields from the referrer to the receiver, on consent', async () => {
    const op = operatorCtx();
    const person = await app.protectionPeople.create(op, {
      organisation: 'iom', givenName: 'Synthetic', familyName: 'Sharing', purpose: 'protection_referral', legalBasis: 'consent', retainUntil: '2099-01-01',
    });
    const consent = { fields: ['givenName' as const], purpose: 'asylum information (test)', givenAt: '2026-01-01T00:00:00Z', method: 'verbal' as const, givenBy: 'person' as const };
    const referral = await app.referrals.create(op, { person: person.id, to: 'unhcr', pathway: 'asylum_and_protection', priority: 'normal', country: 'COL', send: true, consent });
    const received = (await client('unhcrIm').get('/api/v1/sharing/transfers?kind=referral&direction=in')).json<{ items: Array<TransferJson & { fields: string[] }> }>();
    expect(received.items).toHaveLength(1);
    expect(received.items[0]).toMatchObject({ from: { slug: 'iom' }, to: { slug: 'unhcr' }, legalBasis: 'consent', rows: 1, fields: ['givenName'], sourceEvent: 'referral.sent', actor: 'event' });
    expect(referral.id).toBeTruthy();
    expect((await client('pbIm').get('/api/v1/sharing/transfers?kind=referral')).json<{ total: number }>().total).toBe(0);
  });
});
