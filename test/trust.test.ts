import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { writeFile } from './helpers/files.js';
import { runCommand } from './helpers/run.js';

const op = operatorCtx();
/** The review's reproduction: UNHCR's file format, Venezuelans in Colombia, OIP 0 where UNHCR says 2.8 million. */
const FORGED = [
  'year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst',
  '2024,"Venezuela","VEN",VEN,"Colombia","COL",COL,1000,2000,0,0,0,0,0,0,0',
].join('\n') + '\n';

describeEachEngine('figures and recommendations you can trust: authority from the account (R1)', (engine) => {
  let t: TestDb;
  let server: Server;
  let ngo: Session;
  let unhcrOfficer: Session;

  const upload = (s: Session, query: string, body: string) => server.inject({
    method: 'POST', url: `/api/v1/imports?${query}`, payload: body,
    headers: { 'content-type': 'application/octet-stream', cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
  const state = async () => ({
    figures: Number((await t.database.db.selectFrom('figures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    denied: Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('outcome', '=', 'denied').executeTakeFirstOrThrow()).n),
    recommendation: (await t.app.recommendations.composition('venezuela-colombia', 2024)).recommendation,
  });

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    await t.app.accounts.createOrganisation(op, { slug: 'ngo-trust', name: 'An NGO (test)', kind: 'ngo' });
    await t.app.accounts.createOrganisation(op, { slug: 'asylum-col', name: 'A national asylum authority (test)', kind: 'asylum_authority' });
    ngo = await signIn(server, (await makeUser(t.app, [['ngo-trust', 'im_officer']])).email);
    unhcrOfficer = await signIn(server, (await makeUser(t.app, [['unhcr', 'im_officer']])).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('refuses UNHCR\'s file from an NGO\'s officer: nothing changes, the recommendation stands, one denied audit entry', async () => {
    const before = await state();
    const res = await upload(ngo, 'kind=unhcr-population&filename=forged.csv', FORGED);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().message).toContain('only unhcr, or an organisation it delegated assertion to, may import them (you import for ngo-trust)');
    const after = await state();
    expect(after.figures).toBe(before.figures);
    expect(after.recommendation.arrangement).toBe(before.recommendation.arrangement);
    expect(after.recommendation.share).toBe(before.recommendation.share);
    expect(after.denied).toBe(before.denied + 1);
  });

  it('refuses an HXL file that claims another organisation as its source, naming the row and the column', async () => {
    const before = await state();
    const hxl = '#date,#country+code+origin,#country+code,#affected+x_oip,#meta+source\n2024,VEN,COL,0,unhcr\n';
    const res = await upload(ngo, 'kind=hxl&filename=claims-unhcr.csv', hxl);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().details).toEqual([expect.objectContaining({ row: 2, column: '#meta+source', message: expect.stringContaining('"unhcr" is not the organisation you import for (ngo-trust)') })]);
    const after = await state();
    expect(after.figures).toBe(before.figures);
    expect(after.denied).toBe(before.denied + 1);
  });

  it('lets UNHCR import its own figures, each showing who asserts it and whose account imported it', async () => {
    const res = await upload(unhcrOfficer, 'kind=unhcr-population&filename=unhcr.csv', FORGED.replace('2024,', '2031,'));
    expect(res.statusCode, res.body).toBe(201);
    const figure = (await t.app.figures.page(operatorCtx(), { batch: res.json().batchId, type: 'REF' }, { limit: 1 })).items[0]!;
    expect(figure.source).toMatchObject({ organisation: 'unhcr', importedBy: 'unhcr' });
  });

  it('lets a national asylum authority import UNHCR\'s figures once UNHCR delegates to it, and no longer once it revokes', async () => {
    const authority = await signIn(server, (await makeUser(t.app, [['asylum-col', 'im_officer']])).email);
    const file = FORGED.replace('2024,', '2032,');
    expect((await upload(authority, 'kind=unhcr-population&filename=a.csv', file)).statusCode).toBe(403);
    // Only UNHCR's own administrator may delegate in UNHCR's name.
    const otherAdmin = await signIn(server, (await makeUser(t.app, [['ngo-trust', 'platform_admin']])).email);
    const unhcrAdmin = await signIn(server, (await makeUser(t.app, [['unhcr', 'platform_admin']])).email);
    const post = (s: Session, body: unknown) => server.inject({ method: 'POST', url: '/api/v1/delegations', payload: body as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect((await post(otherAdmin, { from: 'unhcr', to: 'asylum-col' })).statusCode).toBe(403);
    const granted = await post(unhcrAdmin, { from: 'unhcr', to: 'asylum-col', note: 'memorandum (test)' });
    expect(granted.statusCode, granted.body).toBe(201);
    const ok = await upload(authority, 'kind=unhcr-population&filename=a.csv', file);
    expect(ok.statusCode, ok.body).toBe(201);
    const figure = (await t.app.figures.page(operatorCtx(), { batch: ok.json().batchId, type: 'REF' }, { limit: 1 })).items[0]!;
    expect(figure.source).toMatchObject({ organisation: 'unhcr', importedBy: 'asylum-col' });
    expect((await server.inject({ method: 'GET', url: '/api/v1/delegations' })).json()).toEqual(expect.arrayContaining([expect.objectContaining({ id: granted.json().id, active: true })]));
    const revoked = await server.inject({ method: 'DELETE', url: `/api/v1/delegations/${granted.json().id}`, headers: { cookie: unhcrAdmin.cookie, 'x-csrf-token': unhcrAdmin.csrf } });
    expect(revoked.json()).toMatchObject({ active: false });
    expect((await upload(authority, 'kind=unhcr-population&filename=b.csv', FORGED.replace('2024,', '2033,'))).statusCode).toBe(403);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('resource', '=', 'delegation').execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'create', outcome: 'allowed' }, { action: 'delete', outcome: 'allowed' }, { action: 'create', outcome: 'denied' }]));
  });

  it('makes the console operator name the organisation it imports for, and holds it to the same rule', async () => {
    const root = join(import.meta.dirname, '..');
    const db = join(t.database.where.replace(/^sqlite:/, ''));
    if (engine !== 'sqlite') return;
    const file = writeFile(`forged-${engine}.csv`, FORGED);
    const tandem = (args: string[]) => runCommand(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run.ts'), '--db', db, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '' } });
    const missing = await tandem(['import', 'unhcr-population', file]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('--as-org');
    const refused = await tandem(['import', 'unhcr-population', '--as-org', 'ngo-trust', file]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('you import for ngo-trust');
  });
});

describeEachEngine('every recommendation kept, disagreements, and public reads from snapshots (R3)', (engine) => {
  let t: TestDb;
  let server: Server;
  let iomRep: Session;
  let unhcrRep: Session;
  let admin: Session;
  let unhcrOfficer: Session;

  const as = (s: Session | null) => ({
    get: (url: string, headers: Record<string, string> = {}) => server.inject({ method: 'GET', url, headers: { ...(s ? { cookie: s.cookie } : {}), ...headers } }),
    post: (url: string, payload: unknown = {}) => server.inject({ method: 'POST', url, payload: payload as object, headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {} }),
  });
  const upload = (s: Session, query: string, body: string) => server.inject({
    method: 'POST', url: `/api/v1/imports?${query}`, payload: body, headers: { 'content-type': 'application/octet-stream', cookie: s.cookie, 'x-csrf-token': s.csrf },
  });

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    iomRep = await signIn(server, (await makeUser(t.app, [['iom', 'agency_representative']])).email);
    unhcrRep = await signIn(server, (await makeUser(t.app, [['unhcr', 'agency_representative']])).email);
    admin = await signIn(server, (await makeUser(t.app, [['platform', 'platform_admin']])).email);
    unhcrOfficer = await signIn(server, (await makeUser(t.app, [['unhcr', 'im_officer']])).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('keeps a new snapshot when a figure changes, and an old decision still shows the exact recommendation it answered', async () => {
    const proposed = await as(iomRep).post('/api/v1/situations/haiti-dominican-republic/decisions', { arrangement: 'iom-led' });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const answered = proposed.json();
    expect(answered.snapshotId).toBeTruthy();
    const before = (await as(null).get(`/api/v1/recommendations/${answered.snapshotId}`)).json();
    // UNHCR imports asylum-seekers in the Dominican Republic that change P.
    const file = 'year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst\n2024,"Haiti","HAI",HTI,"Dom","DOM",DOM,0,250000,0,0,0,0,0,,0\n2023,"Haiti","HAI",HTI,"Dom","DOM",DOM,0,250000,0,0,0,0,0,,0\n';
    const imported = await upload(unhcrOfficer, 'kind=unhcr-population&filename=dom.csv', file);
    expect(imported.statusCode).toBe(201);
    // What the import changed, situation by situation: what an import screen says after an upload.
    const changed = (await as(null).get(`/api/v1/imports/${imported.json().batchId}/recommendations`)).json();
    expect(changed).toEqual([expect.objectContaining({ situation: expect.objectContaining({ slug: 'haiti-dominican-republic' }), before: expect.objectContaining({ arrangement: 'iom-led' }) })]);
    expect(changed[0].after.share).toBeGreaterThan(changed[0].before.share);
    const history = (await as(null).get('/api/v1/situations/haiti-dominican-republic/recommendations')).json();
    expect(history.items[0]).toMatchObject({ trigger: 'import' });
    expect(history.items[0].id).not.toBe(answered.snapshotId);
    expect(history.total).toBeGreaterThanOrEqual(2);
    const now = (await as(null).get('/api/v1/situations/haiti-dominican-republic/recommendation')).json();
    expect(now.protection).not.toBe(before.protection);
    // The decision and its snapshot are unchanged: anyone can see why it was taken.
    const decision = (await as(null).get('/api/v1/situations/haiti-dominican-republic/decisions')).json()[0];
    expect(decision.snapshotId).toBe(answered.snapshotId);
    expect(decision.recommendation.protection).toBe(before.protection);
    expect((await as(null).get(`/api/v1/recommendations/${answered.snapshotId}`)).json()).toEqual(before);
  });

  it('tells a representative which agency it may propose for, and shows P, M and provisional results on the overview', async () => {
    expect((await as(iomRep).get('/api/v1/situations/somalia-yemen/decisions/can')).json()).toEqual({ propose: ['iom'] });
    expect((await as(admin).get('/api/v1/situations/somalia-yemen/decisions/can')).json()).toEqual({ propose: [] });
    const item = (await as(null).get('/api/v1/overview')).json().items.find((i: { slug: string }) => i.slug === 'nicaragua-costa-rica');
    expect(item).toMatchObject({ protection: 194_500, migrants: 225_500, referenceDate: '2024-07-01', provisional: expect.any(Boolean) });
    const r = (await as(null).get('/api/v1/situations/nicaragua-costa-rica/recommendation')).json();
    expect(r.warnings.every((w: { params?: object }) => w.params !== undefined)).toBe(true);
  });

  it('lets the other agency reject a proposal with a reason, keeps the disagreement, and lets a proposer withdraw', async () => {
    const p = (await as(iomRep).post('/api/v1/situations/somalia-yemen/decisions', { arrangement: 'co-led-platform', rationale: 'Mixed route towards the Gulf (test)' })).json();
    expect(p.can).toMatchObject({ withdraw: true, sign: false });
    const seen = (await as(unhcrRep).get('/api/v1/situations/somalia-yemen/decisions')).json()[0];
    expect(seen.can).toEqual({ sign: true, reject: true, withdraw: false });
    expect((await as(iomRep).post(`/api/v1/decisions/${p.id}/reject`, { reason: 'not mine to reject' })).statusCode).toBe(403);
    const rejected = await as(unhcrRep).post(`/api/v1/decisions/${p.id}/reject`, { reason: 'Prima facie refugees: UNHCR should lead (test)' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', closed: { reason: 'Prima facie refugees: UNHCR should lead (test)' } });
    const kept = (await as(null).get('/api/v1/situations/somalia-yemen/disagreements')).json();
    expect(kept).toEqual([expect.objectContaining({ kind: 'rejected', decisionId: p.id, reason: 'Prima facie refugees: UNHCR should lead (test)' })]);

    // Two proposals for different arrangements at once: a conflict, kept too; the proposer withdraws.
    const a = (await as(iomRep).post('/api/v1/situations/somalia-yemen/decisions', { arrangement: 'co-led-platform', rationale: 'again (test)' })).json();
    const b = (await as(unhcrRep).post('/api/v1/situations/somalia-yemen/decisions', { arrangement: 'unhcr-led', rationale: 'prima facie (test)' })).json();
    expect((await as(null).get('/api/v1/situations/somalia-yemen/disagreements')).json()[0]).toMatchObject({ kind: 'conflicting', decisionId: b.id, otherDecisionId: a.id });
    expect((await as(unhcrRep).post(`/api/v1/decisions/${a.id}/withdraw`, {})).statusCode).toBe(403);
    expect((await as(iomRep).post(`/api/v1/decisions/${a.id}/withdraw`, { note: 'superseded (test)' })).json()).toMatchObject({ status: 'withdrawn' });
    expect((await as(iomRep).post(`/api/v1/decisions/${a.id}/withdraw`, {})).statusCode).toBe(409);
  });

  it('lists and shows policy versions, previews what a new one changes, and publishes it only once confirmed', async () => {
    expect((await as(null).get('/api/v1/policies')).json()[0]).toMatchObject({ version: '2019.1', theta: 2 / 3, alignmentMonths: 12 });
    const body = { version: 'test.1', theta: 0.95, staleMonths: 24, alignmentMonths: 12, disagreementRatio: 0.1, effectiveFrom: '2026-01-01', note: 'a stricter reading (test)' };
    expect((await as(unhcrRep).post('/api/v1/policies/preview', body)).statusCode).toBe(403);
    const preview = (await as(admin).post('/api/v1/policies/preview', body)).json();
    expect(preview.changes.length).toBeGreaterThan(0);
    expect(preview.changes.every((c: { from: string; to: string }) => c.from !== c.to)).toBe(true);
    expect((await as(admin).post('/api/v1/policies', { ...body, confirm: false })).json().details[0]).toMatchObject({ field: 'confirm' });
    const published = await as(admin).post('/api/v1/policies', { ...body, confirm: true });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json().policy).toMatchObject({ version: 'test.1', publishedBy: expect.any(String) });
    const history = (await as(null).get('/api/v1/situations/ukraine-poland/recommendations')).json();
    expect(history.items[0]).toMatchObject({ trigger: 'policy', policyVersion: 'test.1' });
    expect((await as(admin).post('/api/v1/policies', { ...body, confirm: true })).statusCode).toBe(409);
    // k is carried from the version in force unless the new one sets it.
    expect(published.json().policy.disclosureK).toBe(5);
  });

  it('lets the policy set k, the disclosure threshold every published aggregate uses', async () => {
    const body = { version: 'test.k', theta: 0.95, staleMonths: 24, alignmentMonths: 12, disagreementRatio: 0.1, effectiveFrom: '2026-01-02', note: 'stricter disclosure (test)' };
    const tooSmall = await as(admin).post('/api/v1/policies', { ...body, disclosureK: 1, confirm: true });
    expect(tooSmall.statusCode).toBe(400);
    expect(tooSmall.json().details[0], tooSmall.body).toMatchObject({ field: 'body.disclosureK' });
    expect((await as(null).get('/api/v1/policies/test.k')).statusCode).toBe(404); // nothing half-written
    expect((await as(admin).post('/api/v1/policies', { ...body, disclosureK: 8, confirm: true })).statusCode).toBe(201);
    expect((await as(null).get('/api/v1/policies/test.k')).json().disclosureK).toBe(8);
    expect((await as(unhcrRep).get('/api/v1/protection/referrals/stats')).json().minCell).toBe(8);
  });

  it('answers the public overview and a recommendation with an ETag, and 304 when nothing changed', async () => {
    for (const url of ['/api/v1/overview', '/api/v1/situations/ukraine-poland/recommendation']) {
      const first = await as(null).get(url);
      expect(first.statusCode).toBe(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^".+"$/);
      expect(first.headers['last-modified']).toBeTruthy();
      const again = await as(null).get(url, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      // A kept answer is serialized once, by the route's schema: the same bytes each time, nothing the schema lacks.
      const twice = await as(null).get(url);
      expect(twice.body).toBe(first.body);
      expect(twice.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(first.body).not.toContain('lastModified');
    }
    // A signed decision changes the overview: the old ETag no longer matches.
    const etag = (await as(null).get('/api/v1/overview')).headers.etag as string;
    const p = (await as(iomRep).post('/api/v1/situations/ukraine-poland/decisions', { arrangement: 'unhcr-led', rationale: 'Temporary protection (test)' })).json();
    expect((await as(unhcrRep).post(`/api/v1/decisions/${p.id}/signatures`)).statusCode).toBe(200);
    expect((await as(null).get('/api/v1/overview', { 'if-none-match': etag })).statusCode).toBe(200);
  });

  it('lets a real figure win over the demo figure of the same type and place', async () => {
    const before = (await as(null).get('/api/v1/situations/nicaragua-costa-rica/summary')).json();
    expect(before.byTypeAndSource.find((i: { type: string; role: string }) => i.type === 'ASY' && i.role === 'used')).toMatchObject({ sourceDataset: 'demo-unhcr-global-trends', demo: true });
    const real = 'year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst\n2024,"Nic","NIC",NIC,"CR","COS",CRI,15327,190037,0,0,0,0,0,,0\n2023,"Nic","NIC",NIC,"CR","COS",CRI,13326,171169,0,0,0,0,0,,0\n';
    expect((await upload(unhcrOfficer, 'kind=unhcr-population&filename=nic.csv', real)).statusCode).toBe(201);
    const after = (await as(null).get('/api/v1/situations/nicaragua-costa-rica/summary')).json();
    const used = after.byTypeAndSource.filter((i: { role: string; type: string }) => i.role === 'used' && ['REF', 'ASY'].includes(i.type));
    expect(used.map((i: { sourceDataset: string; value: number }) => [i.sourceDataset, i.value])).toEqual([['unhcr-population-statistics', 190_037], ['unhcr-population-statistics', 15_327]]);
  });
});
