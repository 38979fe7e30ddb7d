import { operatorCtx } from '../src/core/actor.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../src/http/server.js';
import { buildServer } from '../src/http/server.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

describeEachEngine('the HTTP API', (engine) => {
  let t: TestDb;
  let server: Server;
  let coordinator: Session;
  let iomRep: Session;
  let unhcrRep: Session;
  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    const c = await makeUser(t.app, [['iom', 'im_officer']]);
    const i = await makeUser(t.app, [['iom', 'agency_representative']]);
    const u = await makeUser(t.app, [['unhcr', 'agency_representative']]);
    [coordinator, iomRep, unhcrRep] = await Promise.all([signIn(server, c.email), signIn(server, i.email), signIn(server, u.email)]);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const get = (url: string) => server.inject({ method: 'GET', url });
  const post = (url: string, payload: unknown) => as(server, coordinator).post(url, payload);

  it('lists the population types with their group, authority and five languages', async () => {
    const res = await get('/api/v1/population-types');
    expect(res.statusCode).toBe(200);
    const ref = res.json().find((p: { code: string }) => p.code === 'REF');
    expect(ref).toMatchObject({ group: 'international_protection', authority: 'protection_authority', agency: 'UNHCR' });
    expect(Object.keys(ref.names).sort()).toEqual(['ar', 'en', 'es', 'fr', 'pt']);
  });

  it('lists countries with M49 regions and organisations with IOM and UNHCR', async () => {
    const countries = (await get('/api/v1/countries')).json();
    expect(countries.find((c: { iso3: string }) => c.iso3 === 'CRI')).toMatchObject({
      m49: '188', region: 'Americas', intermediateRegion: 'Central America', names: { es: 'Costa Rica' },
    });
    const orgs = (await get('/api/v1/organisations')).json().map((o: { slug: string }) => o.slug);
    expect(orgs).toEqual(expect.arrayContaining(['iom', 'unhcr']));
  });

  it('creates a situation and finds it by slug', async () => {
    const res = await post('/api/v1/situations', { name: 'Eritreans in Sudan', origins: ['eri'], hosts: ['SDN'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ slug: 'eritreans-in-sudan', origins: ['ERI'], hosts: ['SDN'], kind: 'cross-border' });
    expect((await get('/api/v1/situations/eritreans-in-sudan')).json().id).toBe(res.json().id);
    expect((await post('/api/v1/situations', { name: 'Eritreans in Sudan', origins: ['ERI'], hosts: ['SDN'] })).statusCode).toBe(409);
  });

  it('answers 400 with the field path for an invalid request', async () => {
    const missing = await post('/api/v1/situations', { name: 'x', origins: ['NIC'] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'validation_failed', requestId: expect.any(String) });
    expect(missing.json().details.map((d: { field: string }) => d.field)).toContain('body.hosts');

    const unknown = await post('/api/v1/situations', { name: 'x', origins: ['NIC'], hosts: ['QQQ'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details).toEqual([{ field: 'hosts[0]', message: 'unknown ISO3 code "QQQ"' }]);

    const extra = await post('/api/v1/situations', { name: 'x', origins: ['NIC'], hosts: ['CRI'], createdBy: 'me' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().details[0].field).toBe('body.createdBy');

    const badYear = await get('/api/v1/situations/nicaragua-costa-rica/recommendation?year=abc');
    expect(badYear.statusCode).toBe(400);
    expect(badYear.json().details[0].field).toBe('querystring.year');
  });

  it('answers 404 in the same error shape, without internals', async () => {
    const res = await get('/api/v1/situations/nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'not_found', message: 'situation was not found', details: [], requestId: expect.any(String) });
    expect((await get('/api/v1/nothing-here')).json().code).toBe('not_found');
  });

  it('gives the recommendation with its share, threshold, inputs with source and date, warnings and policy', async () => {
    const res = await get('/api/v1/situations/nicaragua-costa-rica/recommendation?year=2024');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ arrangement: 'co-led-platform', threshold: 2 / 3, policyVersion: '2019.1', asOf: '2024-12-31' });
    // P at the migrant stock's date (mid-2024), half way between the end-2023 and end-2024 figures (R2).
    expect(r.referenceDate).toBe('2024-07-01');
    expect(r.protection).toBe((13_000 + 15_000) / 2 + (171_000 + 190_000) / 2);
    expect(r.share).toBeCloseTo(194_500 / 420_000, 6);
    expect(r.inputs.every((i: { sourceDataset: string; newestDate: string }) => i.sourceDataset && i.newestDate)).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('refuses a decision that differs from the recommendation without a rationale, and puts one in force with both signatures', async () => {
    const url = '/api/v1/situations/nicaragua-costa-rica/decisions';
    const body = { arrangement: 'unhcr-led', year: 2024 };
    const refused = await as(server, iomRep).post(url, body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.map((d: { field: string }) => d.field)).toEqual(['rationale']);
    expect((await get(url)).json()).toEqual([]);

    const proposed = await as(server, iomRep).post(url, { ...body, rationale: 'Asylum backlog makes protection the priority.' });
    expect(proposed.statusCode).toBe(201);
    expect(proposed.json()).toMatchObject({
      status: 'awaiting_signature', arrangement: 'unhcr-led', recommendedArrangement: 'co-led-platform', differsFromRecommendation: true,
      signatories: { iom: { signedAt: expect.any(String) }, unhcr: { accountId: null } }, policyVersion: '2019.1',
    });
    expect(proposed.json().recommendation.inputs.length).toBeGreaterThan(0);
    const id = proposed.json().id;

    expect((await as(server, iomRep).post(`/api/v1/decisions/${id}/signatures`)).statusCode).toBe(403);
    expect((await as(server, coordinator).post(`/api/v1/decisions/${id}/signatures`)).statusCode).toBe(403);
    const signed = await as(server, unhcrRep).post(`/api/v1/decisions/${id}/signatures`);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', signatories: { unhcr: { signedAt: expect.any(String) } } });
    expect((await as(server, unhcrRep).post(`/api/v1/decisions/${id}/signatures`)).statusCode).toBe(409);
    expect((await get(url)).json()[0]).toMatchObject({ id, status: 'signed' });
  });

  it('lets nobody sign twice, even someone who represents both agencies', async () => {
    const both = await makeUser(t.app, [['iom', 'agency_representative'], ['unhcr', 'agency_representative']]);
    const s = await signIn(server, both.email);
    const p = await as(server, s).post('/api/v1/situations/ukraine-poland/decisions', { arrangement: 'unhcr-led', agency: 'iom', year: 2024 });
    expect(p.statusCode).toBe(201);
    const again = await as(server, s).post(`/api/v1/decisions/${p.json().id}/signatures`);
    expect(again.statusCode).toBe(400);
    expect(again.json().details[0].message).toContain('same person');
  });

  it('refuses writes from nobody, and cookie writes without the CSRF token', async () => {
    const body = { name: 'Syrians in Lebanon', origins: ['SYR'], hosts: ['LBN'] };
    expect((await server.inject({ method: 'POST', url: '/api/v1/situations', payload: body })).statusCode).toBe(401);
    const noCsrf = await server.inject({ method: 'POST', url: '/api/v1/situations', payload: body, headers: { cookie: coordinator.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().message).toContain('CSRF');
    expect((await as(server, iomRep).post('/api/v1/situations', body)).statusCode).toBe(403);
    expect((await get('/api/v1/situations/syrians-in-lebanon')).statusCode).toBe(404);
  });

  it('pages figures with a cursor and filters them', async () => {
    const first = (await get('/api/v1/figures?limit=5&year=2024')).json();
    expect(first.items).toHaveLength(5);
    expect(first.nextCursor).toBeTruthy();
    const second = (await get(`/api/v1/figures?limit=5&year=2024&after=${first.nextCursor}`)).json();
    const ids = new Set([...first.items, ...second.items].map((f: { id: string }) => f.id));
    expect(ids.size).toBe(first.items.length + second.items.length);
    const refs = (await get('/api/v1/figures?type=REF&host=BGD&year=2024')).json();
    expect(refs.items.map((f: { value: number }) => f.value)).toEqual([1_006_000]);
  });

  it('streams figures as CSV', async () => {
    const res = await get('/api/v1/figures?format=csv&host=COL&year=2024');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('ref_date,origin_iso3,host_iso3,admin_pcode,pop_type,sex,value,includes_protection,source_org,source_dataset,source_row,method,version,id');
    // 2024: the demo's three UNHCR end-of-year figures, R4V's, and UN DESA's mid-year stock.
    expect(lines).toHaveLength(1 + 5);
  });

  it('shows a figure with its history', async () => {
    const f = (await get('/api/v1/figures?type=REF&host=BGD')).json().items[0];
    const res = (await get(`/api/v1/figures/${f.id}`)).json();
    expect(res.history).toEqual([expect.objectContaining({ version: 1, value: 1_006_000, supersededAt: null })]);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json();
    const documented = new Set(Object.entries(doc.paths as Record<string, object>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const routes = (server as unknown as { registeredRoutes: Array<{ method: string; url: string; hidden: boolean }> }).registeredRoutes
      .filter((r) => !r.hidden && r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(8);
    for (const r of routes) expect(documented).toContain(r);
    expect((await get('/docs')).statusCode).toBeLessThan(400);
  });
});

describe('the demo', () => {
  it('seeds nine situations (one internal) with cited figures and a decision that differs from the recommendation, once', async () => {
    const t = await freshDb('sqlite');
    try {
      expect(await seedDemoIfEmpty(t.app)).toBe(true);
      expect(await seedDemoIfEmpty(t.app)).toBe(false);
      const { items } = await t.app.situations.list({ limit: 100, offset: 0 });
      expect(items).toHaveLength(9);
      expect(items.find((s) => s.slug === 'sudan-internal')).toMatchObject({ kind: 'internal' });
      const [decision] = await t.app.decisions.history(operatorCtx(), 'venezuela-colombia');
      expect(decision).toMatchObject({ arrangement: 'co-led-platform', differsFromRecommendation: true });
      expect(decision!.rationale).toContain('R4V');
      const figures = await t.app.figures.page(operatorCtx(), { host: 'COL' }, { limit: 50 });
      expect(figures.items.every((f) => f.method.startsWith('Demo figure typed in from:'))).toBe(true);
    } finally {
      await t.dispose();
    }
  });
});
