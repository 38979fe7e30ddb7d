/**
 * Public figures below country level are under disclosure control (issue 16): a small count in one admin area,
 * and one more that would give it away from the country figure, read null for everyone but the organisation
 * that asserts them — in JSON, CSV, HXL, a figure's history and a public report — with the k of the policy.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { writeFile } from './helpers/files.js';

const op = operatorCtx();
// SYNTHETIC: refugees in a country and three of its admin 1 areas (Atlantis, code ATL, is not a real country;
// Colombia's real P-codes are used with made-up counts). 3 is below k = 5; 40 is the smallest other area.
const FILE = [
  'Date,Origin,Host,Area,Type,Value,Source',
  '#date+reported,#country+code+origin,#country+code,#adm1+code,#indicator+code,#affected,#meta+source',
  '2031-06-30,VEN,COL,,REF,103,unhcr',
  '2031-06-30,VEN,COL,CO05,REF,3,unhcr',
  '2031-06-30,VEN,COL,CO08,REF,40,unhcr',
  '2031-06-30,VEN,COL,CO11,REF,60,unhcr',
].join('\n') + '\n';

describeEachEngine('figures below country level under disclosure control', (engine) => {
  let t: TestDb;
  let server: Server;
  let unhcr: Session;
  let iom: Session;
  let admin: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await freshDb(engine);
    server = await buildServer(t.app);
    await t.app.registries.upsertAdminAreas(op, ['CO05', 'CO08', 'CO11'].map((pcode) => ({ pcode, iso3: 'COL', level: 1, name: `Area ${pcode} (test)` })));
    await t.app.imports.runHxl(op, writeFile(`areas-${engine}.csv`, FILE), { asOrg: 'unhcr', dataset: 'test-areas' });
    for (const f of (await t.app.figures.page(op, { host: 'COL', year: 2031 }, { limit: 10 })).items) ids[f.area ?? 'country'] = f.id;
    unhcr = await signIn(server, (await makeUser(t.app, [['unhcr', 'im_officer']])).email);
    iom = await signIn(server, (await makeUser(t.app, [['iom', 'im_officer']])).email);
    admin = await signIn(server, (await makeUser(t.app, [['unhcr', 'platform_admin']])).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const values = async (s: Session | null) => {
    const res = await as(server, s).get('/api/v1/figures?host=COL&year=2031&format=json');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{ items: Array<{ area: string | null; value: number | null }>; disclosure: { k: number; hidden: number } }>();
    return { byArea: Object.fromEntries(page.items.map((f) => [f.area ?? 'country', f.value])), disclosure: page.disclosure };
  };

  it('hides the small area and the one that would give it away from anyone signed out, and from IOM', async () => {
    for (const reader of [null, iom]) {
      expect(await values(reader)).toEqual({ byArea: { country: 103, CO05: null, CO08: null, CO11: 60 }, disclosure: { k: 5, hidden: 2 } });
    }
  });

  it('shows them to the organisation that asserts them', async () => {
    expect((await values(unhcr)).byArea).toEqual({ country: 103, CO05: 3, CO08: 40, CO11: 60 });
  });

  it('hides the same cells in CSV and HXL, and a hidden figure\'s history', async () => {
    const csv = (await as(server, null).get('/api/v1/figures?host=COL&year=2031&format=csv')).body.trim().split('\n');
    const header = csv[0]!.split(',');
    const rows = csv.slice(1).map((l) => l.split(','));
    const cell = (r: string[], c: string) => r[header.indexOf(c)];
    expect(Object.fromEntries(rows.map((r) => [cell(r, 'admin_pcode') || 'country', cell(r, 'value')]))).toEqual({ country: '103', CO05: '', CO08: '', CO11: '60' });
    const hxl = (await as(server, null).get('/api/v1/figures?host=COL&year=2031&format=hxl')).body;
    expect(hxl).not.toMatch(/CO05,REF,[^,]*,3,/);
    expect(hxl).toMatch(/CO05,REF,total,,/);
    const history = (await as(server, null).get(`/api/v1/figures/${ids.CO05}`)).json();
    expect(history.figure.value).toBeNull();
    expect(history.history.map((h: { value: number | null }) => h.value)).toEqual([null]);
    expect((await as(server, unhcr).get(`/api/v1/figures/${ids.CO05}`)).json().figure.value).toBe(3);
  });

  it('registers an organisation\'s export as a transfer from the organisation that asserts the figures, and a visitor\'s as none', async () => {
    const inbound = async () => (await as(server, iom).get('/api/v1/sharing/transfers?direction=in&kind=figures')).json().items as Array<Record<string, unknown>>;
    const before = (await inbound()).length;
    expect((await as(server, null).get('/api/v1/figures?host=COL&year=2031&format=csv')).statusCode).toBe(200);
    expect(await inbound()).toHaveLength(before);
    expect((await as(server, iom).get('/api/v1/figures?host=COL&year=2031&format=csv')).statusCode).toBe(200);
    const after = await inbound();
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ from: { slug: 'unhcr' }, to: { slug: 'iom' }, rows: 4, legalBasis: 'public_interest', purpose: 'figures export (csv, under disclosure control)' });
    // UNHCR exporting its own figures moves nothing between organisations.
    expect((await as(server, unhcr).get('/api/v1/figures?host=COL&year=2031&format=hxl')).statusCode).toBe(200);
    expect((await as(server, unhcr).get('/api/v1/sharing/transfers?direction=out&kind=figures')).json().items.filter((x: { purpose: string }) => x.purpose.startsWith('figures export'))).toHaveLength(1);
  });

  it('takes k from the policy in force: with k = 2 the count of 3 is published', async () => {
    const body = { version: 'test.k2', theta: 2 / 3, staleMonths: 24, alignmentMonths: 12, disagreementRatio: 0.1, effectiveFrom: '2026-01-02', note: 'lower k (test)', disclosureK: 2, confirm: true };
    const published = await as(server, admin).post('/api/v1/policies', body);
    expect(published.statusCode, published.body).toBe(201);
    expect(await values(null)).toEqual({ byArea: { country: 103, CO05: 3, CO08: 40, CO11: 60 }, disclosure: { k: 2, hidden: 0 } });
  });
});
