import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const auditCount = async (t: TestDb) => Number((await t.database.db.selectFrom('audit_log').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describeEachEngine('answers to hostile requests', (engine) => {
  let t: TestDb;
  let server: Server;
  let iomRep: Session;
  let officer: Session;

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    iomRep = await signIn(server, (await makeUser(t.app, [['iom', 'agency_representative']])).email);
    officer = await signIn(server, (await makeUser(t.app, [['unhcr', 'im_officer']])).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('neutralises formulas in every CSV it writes (row 6): a rationale starting with = comes out behind an apostrophe', async () => {
    const url = '/api/v1/situations/nicaragua-costa-rica/decisions';
    const rationale = "=cmd|' /C calc'!A0";
    expect((await as(server, iomRep).post(url, { arrangement: 'unhcr-led', year: 2024, rationale })).statusCode).toBe(201);
    const hxl = (await server.inject({ url: `${url}?format=hxl` })).body;
    expect(hxl).toContain(`'${rationale}`);
    expect(hxl.split('\n').some((line) => line.split(',').some((cell) => /^"?[=+@]/.test(cell)))).toBe(false);
    // The JSON answer keeps the words as written: only spreadsheets need the guard.
    expect((await server.inject({ url })).json()[0].rationale).toBe(rationale);
  });

  it('dates a decision between 1951 and today (row 13)', async () => {
    const url = '/api/v1/situations/haiti-dominican-republic/decisions';
    for (const decidedOn of ['1900-01-01', '2099-12-31']) {
      const res = await as(server, iomRep).post(url, { arrangement: 'iom-led', year: 2024, decidedOn, rationale: 'bounds' });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().details).toEqual([expect.objectContaining({ field: 'decidedOn', message: expect.stringContaining('between 1951-01-01 and today') })]);
    }
  });

  it('audits a few denied anonymous writes, then answers 429 without filling the trail, and never stores a junk object id (row 8)', async () => {
    const before = await auditCount(t);
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) {
      codes.push((await server.inject({ method: 'POST', url: '/api/v1/situations', payload: { name: `S${i}`, origins: ['NIC'], hosts: ['CRI'] }, remoteAddress: '10.66.0.1' })).statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes.slice(20).every((c) => c === 429)).toBe(true);
    expect(await auditCount(t) - before).toBe(20);
    // Another address is not throttled by the first.
    expect((await server.inject({ method: 'POST', url: '/api/v1/situations', payload: {}, remoteAddress: '10.66.0.2' })).statusCode).toBe(401);

    const junk = 'x'.repeat(8_000);
    await as(server, officer).get(`/api/v1/audit?resource=import&objectId=${junk}`);
    const last = await t.database.db.selectFrom('audit_log').select(['object_id']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.object_id).toBeNull();
  });

  it('refuses an unbounded page size or offset with 400 naming it, on both engines (row 10)', async () => {
    for (const [url, field] of [['/api/v1/figures?limit=-Infinity', 'limit'], ['/api/v1/situations?offset=1e308', 'offset'], ['/api/v1/overview?offset=Infinity', 'offset']] as const) {
      const res = await as(server, null).get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().details[0].field, url).toBe(`querystring.${field}`);
    }
  });

  it('refuses a NUL byte with 400 naming the field, wherever it travels, on both engines (row 11)', async () => {
    const signIn = await server.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'a\u0000@b.test', password: 'x' } });
    expect(signIn.statusCode, signIn.body).toBe(400);
    expect(signIn.json().details[0].field).toBe('body.email');
    const filter = await server.inject({ url: '/api/v1/figures?host=CO%00L' });
    expect(filter.statusCode, filter.body).toBe(400);
    const path = await server.inject({ url: '/api/v1/situations/no%00where' });
    expect(path.statusCode, path.body).toBe(400);
    const body = await as(server, officer).post('/api/v1/situations', { name: 'N\u0000ul', origins: ['NIC'], hosts: ['CRI'] });
    expect(body.statusCode, body.body).toBe(400);
    expect(body.json()).toMatchObject({ code: 'validation_failed', details: [{ field: 'body.name', message: 'contains a NUL character' }] });
  });

  it('answers every error in the documented shape, audits CSRF refusals, and cuts long values in errors to 200 characters (row 12)', async () => {
    const malformed = await server.inject({ url: '/api/v1/situations/%E0%A4%A' });
    expect(malformed.statusCode).toBe(400);
    expect(Object.keys(malformed.json()).sort()).toEqual(['code', 'details', 'message', 'requestId']);
    expect(malformed.json().code).toBe('validation_failed');
    const badJson = await as(server, officer).post('/api/v1/situations', undefined);
    expect(Object.keys(badJson.json()).sort()).toEqual(['code', 'details', 'message', 'requestId']);

    const before = await auditCount(t);
    const csrf = await server.inject({ method: 'POST', url: '/api/v1/situations', payload: { name: 'x', origins: ['NIC'], hosts: ['CRI'] }, headers: { cookie: officer.cookie } });
    expect(csrf.statusCode).toBe(403);
    const entry = await t.database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(await auditCount(t)).toBe(before + 1);
    expect(entry).toMatchObject({ outcome: 'denied', resource: 'situation', action: 'create' });

    const cell = 'Z'.repeat(100_000);
    const file = `#date,#country+code+origin,#country+code+host,#indicator+code,#affected,#meta+source\n2041-06-30,${cell},COL,MIG,5,unhcr\n`;
    const res = await server.inject({
      method: 'POST', url: '/api/v1/imports?kind=hxl&filename=long.csv', payload: file,
      headers: { 'content-type': 'application/octet-stream', cookie: officer.cookie, 'x-csrf-token': officer.csrf },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body.length).toBeLessThan(5_000);
    expect(res.body).toContain('(100,000 characters)');
  });
});
