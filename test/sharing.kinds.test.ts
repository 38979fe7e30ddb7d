import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

interface Cell { area: string | null; category: string | null; value: number | null; status: string }
interface Shared { kind: string; category: string; k: number; cells: Cell[]; transfers: string[] }

/**
 * The other kinds an agreement shares (issue 16): referral aggregates (referrals sent, by country and pathway:
 * never finer than the country they are made in) and flow counts (people counted at monitoring points, by
 * place at the agreed granularity, or the point's country when the registry cannot place it), read by the
 * receiving party only, suppressed, registered as transfers, and refused after expiry.
 */
describeEachEngine('referral aggregates and flow counts read under a data-sharing agreement', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let time = Date.now();
  const month = new Date(time).toISOString().slice(0, 7);
  const sessions: Record<string, Session> = {};
  let agreementId = '';
  const read = (name: string, kind: string) => as(server, sessions[name]!).get(`/api/v1/sharing/agreements/${agreementId}/data?kind=${kind}&month=${month}`);

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app, ['vocabulary']);
    app = createApp(t.database, { sharing: { now: () => new Date(time) } });
    server = await buildServer(app);
    const op = operatorCtx();
    await app.registries.upsertAdminAreas(op, [{ pcode: 'CO54001', iso3: 'COL', level: 2, name: 'Cúcuta (test)', parent: 'CO54' }]);
    for (const [name, org, role] of [['iomCoord', 'iom', 'coordinator'], ['iomIm', 'iom', 'im_officer'], ['unhcrCoord', 'unhcr', 'coordinator'], ['unhcrIm', 'unhcr', 'im_officer']] as const) {
      const u = await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-kinds-${engine}@test.invalid` });
      sessions[name] = await signIn(server, u.email);
    }

    // IOM refers SYNTHETIC people to UNHCR this month: six on one pathway, two on another (below k), one kept as a draft.
    const consent = { fields: ['givenName' as const], purpose: 'SYNTHETIC test', givenAt: new Date(time).toISOString(), method: 'verbal' as const, givenBy: 'person' as const };
    const refer = async (pathway: 'asylum_and_protection' | 'avrr', send: boolean) => {
      const person = await app.protectionPeople.create(op, { organisation: 'iom', givenName: 'SYNTHETIC Test', familyName: 'Kinds', purpose: 'protection_referral', legalBasis: 'consent', retainUntil: '2099-01-01' });
      await app.referrals.create(op, { person: person.id, to: 'unhcr', pathway, priority: 'normal', country: 'COL', send, consent });
    };
    for (let i = 0; i < 6; i++) await refer('asylum_and_protection', true);
    for (let i = 0; i < 2; i++) await refer('avrr', true);
    await refer('avrr', false);

    // IOM counts people at two points this month: one the registry places (Cúcuta, an admin 2), one it cannot (3 people).
    const mapping = {
      name: 'kinds-test', target: 'flows', flows: { period: 'month', sum: true },
      read: {
        columns: [{ header: 't', tag: '#date' }, { header: 'code', tag: '#loc+code' }, { header: 'name', tag: '#loc+name' }, { header: 'nat', tag: '#country+code+nationality' }, { header: 'n', tag: '#affected' }],
        constants: [{ tag: '#country+code', value: 'COL' }, { tag: '#loc+type', value: 'border crossing' }, { tag: '#indicator+direction', value: 'entry' }],
      },
    };
    expect((await as(server, sessions.iomIm!).post('/api/v1/mappings', mapping)).statusCode).toBe(201);
    const csv = `t,code,name,nat,n\n${month},CO54001,Cúcuta bridge (test),VEN,100\n${month},CO54001,Cúcuta bridge (test),HTI,20\n${month},,Necoclí beach (test),HTI,3\n`;
    const up = await server.inject({
      method: 'POST', url: '/api/v1/mapped-imports/flows?mapping=kinds-test&filename=kinds.csv', payload: Buffer.from(csv),
      headers: { cookie: sessions.iomIm!.cookie, 'x-csrf-token': sessions.iomIm!.csrf, 'content-type': 'application/octet-stream' },
    });
    expect(up.statusCode, up.body).toBe(201);

    const today = new Date(time).toISOString().slice(0, 10);
    const expires = new Date(time + 30 * 86_400_000).toISOString().slice(0, 10);
    const drafted = await as(server, sessions.iomCoord!).post('/api/v1/sharing/agreements', {
      title: 'IOM referral aggregates and flow counts to UNHCR (test)', purpose: 'Joint planning (test).',
      parties: [{ organisation: 'iom', role: 'provider' }, { organisation: 'unhcr', role: 'recipient' }],
      kinds: ['referral_aggregates', 'flow_counts'], granularity: 'admin1', fields: [], startsOn: today, expiresOn: expires, documentRef: 'DSA-test-kinds',
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    agreementId = drafted.json<{ id: string }>().id;
    for (const name of ['iomCoord', 'unhcrCoord']) expect((await as(server, sessions[name]!).post(`/api/v1/sharing/agreements/${agreementId}/approve`, {})).statusCode).toBe(200);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('gives the recipient the referrals sent this month by country and pathway, small cells hidden, and registers the read', async () => {
    const res = await read('unhcrIm', 'referral_aggregates');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Shared>();
    expect(body.category).toBe('pathway');
    const cell = (area: string | null, category: string | null) => body.cells.find((c) => c.area === area && c.category === category);
    // Referrals carry no place finer than the country: shown under COL although the agreement allows admin 1. The draft is not counted.
    expect([...new Set(body.cells.map((c) => c.area))].sort()).toEqual(['COL', null].sort());
    expect(cell('COL', 'asylum_and_protection')).toMatchObject({ value: null, status: 'secondary' });
    expect(cell('COL', 'avrr')).toMatchObject({ value: null, status: 'primary' });
    expect(cell(null, null)?.value).toBe(8);
    for (const c of body.cells) if (c.value !== null) expect(c.value === 0 || c.value >= body.k).toBe(true);
    expect(body.transfers).toHaveLength(1);
    const register = (await as(server, sessions.unhcrIm!).get('/api/v1/sharing/transfers?direction=in')).json<{ items: Array<{ id: string; kind: string; rows: number; fields: string[] }> }>();
    expect(register.items.find((x) => x.id === body.transfers[0])).toMatchObject({ kind: 'referral_aggregates', rows: 2, fields: ['country', 'pathway', 'referrals'] });
  });

  it('gives the recipient the flow counts at admin 1, a point the registry cannot place under its country, small cells hidden', async () => {
    const res = await read('unhcrIm', 'flow_counts');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Shared>();
    expect(body.category).toBe('measure');
    const areas = new Set(body.cells.map((c) => c.area));
    expect(areas.has('CO54001')).toBe(false);
    expect([...areas].sort()).toEqual(['CO54', 'COL', null].sort());
    const byArea = (area: string) => body.cells.filter((c) => c.area === area && c.category !== null);
    expect(byArea('COL').map((c) => c.status)).toEqual(['primary']);
    // Cúcuta's 120 would give the 3 away through the total: hidden with it.
    expect(byArea('CO54').map((c) => [c.value, c.status])).toEqual([[null, 'secondary']]);
    expect(body.cells.find((c) => c.area === null && c.category === null)?.value).toBe(123);
    const register = (await as(server, sessions.unhcrIm!).get('/api/v1/sharing/transfers?direction=in')).json<{ items: Array<{ id: string; kind: string }> }>();
    expect(register.items.find((x) => x.id === body.transfers[0])?.kind).toBe('flow_counts');
  });

  it('answers a kind the agreement does not cover, the provider, and an unknown agreement alike', async () => {
    for (const [name, kind] of [['unhcrIm', '5w_reports'], ['iomIm', 'flow_counts'], ['iomCoord', 'referral_aggregates']] as const) {
      expect((await read(name, kind)).statusCode).toBe(404);
    }
    const absent = await as(server, sessions.unhcrIm!).get(`/api/v1/sharing/agreements/00000000-0000-4000-8000-000000000000/data?kind=flow_counts&month=${month}`);
    expect(absent.statusCode).toBe(404);
    const bad = await as(server, sessions.unhcrIm!).get(`/api/v1/sharing/agreements/${agreementId}/data?kind=people&month=${month}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('kind');
  });

  it('gives the recipient nothing after the agreement\'s expiry day', async () => {
    time += 40 * 86_400_000;
    expect((await read('unhcrIm', 'flow_counts')).statusCode).toBe(404);
    expect((await read('unhcrIm', 'referral_aggregates')).statusCode).toBe(404);
  });
});
