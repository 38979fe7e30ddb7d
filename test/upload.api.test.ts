import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { unhcrCsv, unhcrRow } from './helpers/files.js';

describeEachEngine('uploading a file to import, the overview, and the served interface', (engine) => {
  let t: TestDb;
  let server: Server;
  let officer: Session;
  let viewer: Session;
  const web = mkdtempSync(join(tmpdir(), 'tandem-web-'));

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Tandem test shell</title>');
    writeFileSync(join(web, 'assets', 'app-abc123.js'), 'console.log(1)');
    server = await buildServer(t.app, { webRoot: web });
    officer = await signIn(server, (await makeUser(t.app, [['unhcr', 'im_officer']])).email);
    viewer = await signIn(server, (await makeUser(t.app, [['unhcr', 'viewer']])).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); rmSync(web, { recursive: true, force: true }); });

  const upload = (s: Session | null, query: string, payload: string | Buffer) => server.inject({
    method: 'POST', url: `/api/v1/imports?${query}`, payload,
    headers: { 'content-type': 'application/octet-stream', ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}) },
  });

  it('refuses a file with a bad row as a whole, naming the file, row and column', async () => {
    const file = unhcrCsv([unhcrRow(2040, 'NIC', 'CRI', 10, 2), unhcrRow(2040, 'NIC', 'CRI2', 1, 1), unhcrRow(2040, 'HTI', 'DOM', 'many', 1)]);
    const res = await upload(officer, 'kind=unhcr-population&filename=../../etc/bad%20file.csv', file);
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body.code).toBe('import_failed');
    expect(body.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'bad file.csv', row: 3, column: 'coa_iso' }),
      expect.objectContaining({ file: 'bad file.csv', row: 4, column: 'refugees' }),
    ]));
    const after = await server.inject({ url: '/api/v1/figures?year=2040' });
    expect(after.json().items).toEqual([]);
  });

  it('imports a good file, lists what it changed by batch, and changes nothing the second time', async () => {
    const file = unhcrCsv([unhcrRow(2040, 'NIC', 'CRI', 10, 2), unhcrRow(2040, 'HTI', 'DOM', 5, 0)]);
    const first = await upload(officer, 'kind=unhcr-population&filename=good.csv', file);
    expect(first.statusCode, first.body).toBe(201);
    const summary = first.json();
    expect(summary).toMatchObject({ file: 'good.csv', rowsRead: 2 });
    expect(summary.inserted).toBeGreaterThanOrEqual(4);
    const changed = (await server.inject({ url: `/api/v1/figures?batch=${summary.batchId}&limit=100` })).json().items;
    expect(changed).toHaveLength(summary.inserted);
    expect(changed.every((f: { batchId: string; year: number }) => f.batchId === summary.batchId && f.year === 2040)).toBe(true);

    const again = await upload(officer, 'kind=unhcr-population&filename=good.csv', file);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ batchId: null, inserted: 0, updated: 0 });
  });

  it('accepts the other kinds through the same route (HXL here)', async () => {
    const hxl = 'Date,Origin,Host,Type,People,Source\n#date,#country+code+origin,#country+code+host,#indicator+code,#affected,#meta+source\n2041-06-30,VEN,COL,MIG,1234,unhcr\n';
    const res = await upload(officer, 'kind=hxl&filename=figures.hxl.csv', hxl);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().inserted).toBe(1);
  });

  it('lets only those allowed upload, before reading the file, and refuses empty or unknown kinds', async () => {
    expect((await upload(null, 'kind=unhcr-population&filename=a.csv', 'x')).statusCode).toBe(401);
    expect([403, 404]).toContain((await upload(viewer, 'kind=unhcr-population&filename=a.csv', 'x')).statusCode);
    const noCsrf = await server.inject({ method: 'POST', url: '/api/v1/imports?kind=hxl&filename=a.csv', payload: 'x', headers: { cookie: officer.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    const unknown = await upload(officer, 'kind=excel&filename=a.csv', 'x');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0].field).toContain('kind');
    // A choice among fixed values reads as one problem, naming the values.
    expect(unknown.json().details).toEqual([{ field: 'querystring.kind', message: 'must be one of unhcr-population, desa-stock, hxl, dtm' }]);
    const empty = await upload(officer, 'kind=unhcr-population&filename=a.csv', '');
    expect(empty.statusCode).toBe(400);
  });

  it('refuses a file over the upload limit', async () => {
    const previous = process.env.TANDEM_MAX_UPLOAD_MB;
    process.env.TANDEM_MAX_UPLOAD_MB = '1';
    try {
      const res = await upload(officer, 'kind=unhcr-population&filename=big.csv', Buffer.alloc(1024 * 1024 + 10, 'a'));
      expect(res.statusCode).toBe(413);
    } finally {
      if (previous === undefined) delete process.env.TANDEM_MAX_UPLOAD_MB; else process.env.TANDEM_MAX_UPLOAD_MB = previous;
    }
  });

  it('gives each situation the arrangement that applies: a signed decision first, else the recommendation', async () => {
    const res = await server.inject({ url: '/api/v1/overview?year=2024' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ slug: string; arrangement: string; basis: string; recommended: string }>;
    expect(items).toHaveLength(9);
    expect(items.find((i) => i.slug === 'sudan-internal')).toMatchObject({ arrangement: 'cluster' });
    expect(items.find((i) => i.slug === 'venezuela-colombia')).toMatchObject({ arrangement: 'co-led-platform', basis: 'decision', recommended: 'unhcr-led' });
    expect(items.find((i) => i.slug === 'haiti-dominican-republic')).toMatchObject({ arrangement: 'iom-led', basis: 'recommendation' });
  });

  it('serves the interface: index for any page path, hashed assets cached for good, API 404s stay JSON', async () => {
    for (const path of ['/', '/situations/venezuela-colombia', '/figures']) {
      const page = await server.inject({ url: path });
      expect(page.statusCode, path).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Tandem test shell');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const asset = await server.inject({ url: '/assets/app-abc123.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    const missingAsset = await server.inject({ url: '/assets/nope.js' });
    expect(missingAsset.statusCode).toBe(404);
    const api = await server.inject({ url: '/api/v1/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('not_found');
  });
});
