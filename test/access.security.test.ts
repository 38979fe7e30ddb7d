import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx, type Ctx } from '../src/core/actor.js';
import { ROLES, type Role } from '../src/core/permissions.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, PASSWORD, signIn } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

describeEachEngine('security of the access layer', (engine) => {
  let t: TestDb;
  let server: Server;
  const op = operatorCtx();
  let secret: { userId: string; email: string; batchId: string; membershipId: string; tokenId: string; orgSlug: string };

  beforeAll(async () => {
    t = await freshDb(engine);
    server = await buildServer(t.app, {});
    await t.app.accounts.createOrganisation(op, { slug: 'ngo-a', name: 'NGO A', kind: 'ngo' });
    await t.app.accounts.createOrganisation(op, { slug: 'ngo-b', name: 'Refugee-led B', kind: 'ngo', refugeeLed: true });
    // Another organisation's objects, shared with nobody.
    const b = await makeUser(t.app, [['ngo-b', 'im_officer']], { email: 'hidden.person@ngo-b.test', name: 'Hidden Person' });
    const bCtx: Ctx = { actor: (await t.app.auth.sessionActor((await t.app.auth.signIn(op, { email: b.email, password: PASSWORD, address: 'setup' })).token))!.actor, requestId: null };
    async function* rows() {
      yield { row: 2, rowKey: 'k', errors: [], figures: [{ refDate: '2024-12-31', datePrecision: 'year' as const, origin: 'SSD', host: 'UGA', area: null, type: 'MIG' as const, sex: 'total' as const, value: 7, includesProtection: false, sourceOrg: 'ngo-b', sourceDataset: 'hidden-dataset-name', sourceRow: 2, method: 'test' }] };
    }
    const batch = await t.app.imports.ingest(bCtx, 'test', 'hidden-file-name.csv', rows(), { sha256: () => 'x' });
    const token = await t.app.auth.createToken(bCtx, { name: 'hidden-token-name', scope: 'read' });
    secret = { userId: b.id, email: b.email, batchId: batch.batchId!, membershipId: b.memberships[0]!.id, tokenId: token.id, orgSlug: 'ngo-b' };
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const nonAdmin = ROLES.filter((r) => r !== 'platform_admin');

  it('never returns anything of another organisation\'s object to a user who may not see it (property)', async () => {
    const sessions = new Map<Role, Awaited<ReturnType<typeof signIn>>>();
    for (const role of nonAdmin) sessions.set(role, await signIn(server, (await makeUser(t.app, [[role === 'agency_representative' || role === 'cos_liaison' ? 'iom' : 'ngo-a', role]])).email));
    const revealing = [secret.email, 'Hidden Person', 'hidden-file-name', 'hidden-dataset-name', 'hidden-token-name'];
    const byId = [
      (s: typeof secret) => ({ method: 'GET', url: `/api/v1/imports/${s.batchId}` }),
      (s: typeof secret) => ({ method: 'GET', url: `/api/v1/users/${s.userId}` }),
      (s: typeof secret) => ({ method: 'PATCH', url: `/api/v1/users/${s.userId}`, body: { status: 'disabled' } }),
      (s: typeof secret) => ({ method: 'GET', url: `/api/v1/organisations/${s.orgSlug}/members` }),
      (s: typeof secret) => ({ method: 'DELETE', url: `/api/v1/auth/tokens/${s.tokenId}` }),
      (s: typeof secret) => ({ method: 'DELETE', url: `/api/v1/memberships/${s.membershipId}` }),
      (s: typeof secret) => ({ method: 'POST', url: `/api/v1/users/${s.userId}/memberships`, body: { organisation: 'ngo-a', role: 'viewer' } }),
      (s: typeof secret) => ({ method: 'GET', url: `/api/v1/audit?resource=import&objectId=${s.batchId}` }),
      (s: typeof secret) => ({ method: 'GET', url: `/api/v1/audit?resource=user&objectId=${s.userId}` }),
    ];
    const lists = ['/api/v1/imports', '/api/v1/users', '/api/v1/auth/tokens'];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...nonAdmin), fc.nat(byId.length - 1), async (role, i) => {
      const s = sessions.get(role)!;
      const req = byId[i]!(secret);
      const res = await server.inject({
        method: req.method as 'GET', url: req.url, payload: (req as { body?: object }).body,
        headers: { cookie: s.cookie, ...(req.method === 'GET' ? {} : { 'x-csrf-token': s.csrf }) },
      });
      expect(res.statusCode, `${role} ${req.method} ${req.url}`).toBe(404);
      for (const word of revealing) expect(res.body).not.toContain(word);
      for (const url of lists) {
        const list = await as(server, s).get(url);
        for (const id of [secret.batchId, secret.userId, secret.tokenId]) expect(list.body).not.toContain(id);
      }
    }), { numRuns: 40 });
    // Nothing was changed by any of those attempts.
    expect((await t.app.accounts.getUser(op, secret.userId)).status).toBe('active');
    expect((await t.app.auth.tokenActor('nope'))).toBeNull();
  });

  it('refuses mass assignment: extra fields such as orgId, role, createdBy or __proto__ are never applied', async () => {
    const admin = await signIn(server, (await makeUser(t.app, [['platform', 'platform_admin']])).email);
    // Situations are defined by the agencies' information-management officers.
    const coord = await signIn(server, (await makeUser(t.app, [['unhcr', 'im_officer']])).email);
    const attempts: Array<[typeof admin, string, string, object]> = [
      [admin, 'POST', '/api/v1/users', { email: 'x@y.test', displayName: 'X', password: 'long enough password', role: 'platform_admin' }],
      [admin, 'POST', '/api/v1/users', { email: 'x@y.test', displayName: 'X', password: 'long enough password', orgId: 'ngo-b' }],
      [admin, 'PATCH', `/api/v1/users/${secret.userId}`, { status: 'active', email: 'taken@over.test' }],
      [coord, 'POST', '/api/v1/situations', { name: 'S', origins: ['NIC'], hosts: ['CRI'], createdBy: 'someone-else' }],
      [coord, 'POST', '/api/v1/auth/tokens', { name: 'n', scope: 'read', userId: secret.userId }],
    ];
    for (const [s, method, url, body] of attempts) {
      const res = await server.inject({ method: method as 'POST', url, payload: body, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const proto = await server.inject({
      method: 'POST', url: '/api/v1/situations', headers: { cookie: coord.cookie, 'x-csrf-token': coord.csrf, 'content-type': 'application/json' },
      payload: '{"name":"P","origins":["NIC"],"hosts":["CRI"],"__proto__":{"kind":"internal"}}',
    });
    expect(proto.statusCode).toBe(400);
    expect(await t.app.accounts.findUserByEmail('x@y.test')).toBeUndefined();
    expect((await t.app.accounts.getUser(op, secret.userId)).email).toBe(secret.email);
  });

  it('applies a disabled account, a removed membership and a changed role on the very next request', async () => {
    const u = await makeUser(t.app, [['unhcr', 'im_officer']]);
    const s = await signIn(server, u.email);
    const body = (n: string) => ({ name: `Revocation ${n} ${engine}`, origins: ['NIC'], hosts: ['CRI'] });
    expect((await as(server, s).post('/api/v1/situations', body('1'))).statusCode).toBe(201);

    // A changed role: information-management officer becomes viewer.
    await t.app.accounts.addMembership(op, { userId: u.id, organisation: 'unhcr', role: 'viewer' });
    await t.app.accounts.removeMembership(op, u.memberships[0]!.id);
    expect((await as(server, s).post('/api/v1/situations', body('2'))).statusCode).toBe(403);

    // A removed membership, through an API token.
    const v = await makeUser(t.app, [['iom', 'im_officer']]);
    const vs = await signIn(server, v.email);
    const token = (await as(server, vs).post('/api/v1/auth/tokens', { name: 'ci', scope: 'read-write' })).json().token as string;
    const withToken = (n: string) => server.inject({ method: 'POST', url: '/api/v1/situations', payload: body(n), headers: { authorization: `Bearer ${token}` } });
    expect((await withToken('3')).statusCode).toBe(201);
    await t.app.accounts.removeMembership(op, v.memberships[0]!.id);
    expect((await withToken('4')).statusCode).toBe(403);

    // A disabled account: its session ends.
    await t.app.accounts.setStatus(op, u.id, 'disabled');
    expect((await as(server, s).get('/api/v1/auth/me')).statusCode).toBe(401);
    // A revoked token stops working.
    const tokens = (await as(server, vs).get('/api/v1/auth/tokens')).json();
    expect((await as(server, vs).delete(`/api/v1/auth/tokens/${tokens[0].id}`)).statusCode).toBe(204);
    expect((await withToken('5')).statusCode).toBe(401);
  });

  it('never lets a read-only token write, and never shows a token\'s secret again', async () => {
    const u = await makeUser(t.app, [['ngo-a', 'coordinator']]);
    const s = await signIn(server, u.email);
    const created = (await as(server, s).post('/api/v1/auth/tokens', { name: 'reader', scope: 'read' })).json();
    expect(created.token).toMatch(/^tdm_/);
    const listed = await as(server, s).get('/api/v1/auth/tokens');
    expect(listed.body).not.toContain(created.token);
    const res = await server.inject({ method: 'POST', url: '/api/v1/situations', payload: { name: 'RO', origins: ['NIC'], hosts: ['CRI'] }, headers: { authorization: `Bearer ${created.token}` } });
    expect(res.statusCode).toBe(403);
    expect((await server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${created.token}` } })).statusCode).toBe(200);
  });

  it('throttles repeated failed sign-ins without locking the owner out, and answers an unknown account like a wrong password', async () => {
    const u = await makeUser(t.app, [['ngo-a', 'viewer']]);
    const attempt = (email: string, password: string, ip: string) =>
      server.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, remoteAddress: ip });
    const unknown = await attempt('nobody@nowhere.test', 'wrong password!', '10.9.0.1');
    const wrong = await attempt(u.email, 'wrong password!', '10.9.0.2');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (b: string) => ({ ...JSON.parse(b), requestId: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));

    for (let i = 0; i < 4; i++) expect((await attempt(u.email, 'wrong password!', '10.9.0.2')).statusCode).toBe(401);
    const throttled = await attempt(u.email, PASSWORD, '10.9.0.2');
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // The owner, elsewhere, still signs in.
    expect((await attempt(u.email, PASSWORD, '10.9.0.3')).statusCode).toBe(200);
  });

  it('throttles one address guessing across many accounts', async () => {
    const s = await freshDb('sqlite');
    const small = await buildServer(s.app);
    try {
      const attempt = (i: number) => small.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: `guess${i}@x.test`, password: 'nope nope nope' }, remoteAddress: '10.8.0.1' });
      for (let i = 0; i < s.app.auth.settings.maxFailuresPerAddress; i++) expect((await attempt(i)).statusCode).toBe(401);
      expect((await attempt(999)).statusCode).toBe(429);
    } finally {
      await small.close();
      await s.dispose();
    }
  });

  /** Some allowed and some denied activity, so that the log has entries of both kinds. */
  async function activity() {
    await server.inject({ method: 'POST', url: '/api/v1/situations', payload: { name: 'Denied', origins: ['NIC'], hosts: ['CRI'] } });
    await server.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: secret.email, password: 'wrong password' }, remoteAddress: '10.7.0.1' });
    for (let i = 0; i < 6; i++) await makeUser(t.app, [['ngo-a', 'viewer']]);
  }

  it('detects any modified, deleted or reordered audit entry', async () => {
    await activity();
    const db = t.database.db;
    expect((await t.app.audit.verify()).ok).toBe(true);
    const entries = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(entries.length).toBeGreaterThan(10);
    const mid = entries[Math.floor(entries.length / 2)]!;

    await db.updateTable('audit_log').set({ outcome: 'allowed', action: 'read' }).where('seq', '=', mid.seq).execute();
    expect((await t.app.audit.verify()).problems.map((p) => [p.seq, p.problem])).toContainEqual([mid.seq, 'modified']);
    await db.updateTable('audit_log').set({ outcome: mid.outcome, action: mid.action }).where('seq', '=', mid.seq).execute();
    expect((await t.app.audit.verify()).ok).toBe(true);

    await db.deleteFrom('audit_log').where('seq', '=', mid.seq).execute();
    expect((await t.app.audit.verify()).ok).toBe(false);
    await db.insertInto('audit_log').values(mid).execute();
    expect((await t.app.audit.verify()).ok).toBe(true);

    const [a, b] = [entries[1]!, entries[2]!];
    await db.updateTable('audit_log').set({ seq: -1 }).where('seq', '=', a.seq).execute();
    await db.updateTable('audit_log').set({ seq: a.seq }).where('seq', '=', b.seq).execute();
    await db.updateTable('audit_log').set({ seq: b.seq }).where('seq', '=', -1).execute();
    expect((await t.app.audit.verify()).ok).toBe(false);
    await db.deleteFrom('audit_log').where('seq', 'in', [a.seq, b.seq]).execute();
    await db.insertInto('audit_log').values([a, b]).execute();
    expect((await t.app.audit.verify()).ok).toBe(true);

    const last = entries.at(-1)!;
    const tail = await db.selectFrom('audit_log').selectAll().where('seq', '>=', last.seq).execute();
    await db.deleteFrom('audit_log').where('seq', '>=', last.seq).execute();
    expect((await t.app.audit.verify()).problems.map((p) => p.problem)).toContain('head_mismatch');
    await db.insertInto('audit_log').values(tail).execute();
    expect((await t.app.audit.verify()).ok).toBe(true);
  });

  it('audits denied attempts and writes with ids, never a personal value', async () => {
    await activity();
    const rows = await t.database.db.selectFrom('audit_log').selectAll().execute();
    expect(rows.some((r) => r.outcome === 'denied')).toBe(true);
    const text = JSON.stringify(rows);
    for (const personal of [secret.email, 'Hidden Person', PASSWORD, '10.9.0.2']) expect(text).not.toContain(personal);
  });

  it('shows an object\'s audit trail to the organisation concerned, not only the administrator', async () => {
    const s = await signIn(server, (await makeUser(t.app, [['ngo-b', 'coordinator']])).email);
    const res = await as(server, s).get(`/api/v1/audit?resource=import&objectId=${secret.batchId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().entries[0]).toMatchObject({ action: 'create', resource: 'import', outcome: 'allowed' });
  });

  it('sends strict security headers, and no stack trace, SQL or path in an error', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/situations' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const s = await signIn(server, (await makeUser(t.app, [['ngo-a', 'viewer']])).email);
    expect((await as(server, s).get('/api/v1/auth/me')).headers['cache-control']).toBe('no-store');
    const big = await server.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'a', password: 'x'.repeat(2_000_000) } });
    expect(big.statusCode).toBe(413);
    const bad = await server.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(bad.statusCode).toBe(400);
    for (const r of [big, bad]) expect(r.body).not.toMatch(/\bat \w|node_modules|\/work\/|select |SQLITE|syntax error at/i);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, rotates it at sign-in and ends it at sign-out', async () => {
    const u = await makeUser(t.app, [['ngo-a', 'viewer']]);
    const first = await server.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: u.email, password: PASSWORD } });
    const cookie = [first.headers['set-cookie']].flat()[0]!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const a = await signIn(server, u.email);
    const b = await signIn(server, u.email);
    expect(a.cookie).not.toBe(b.cookie);
    expect((await as(server, a).post('/api/v1/auth/sign-out')).statusCode).toBe(204);
    expect((await as(server, a).get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await as(server, b).get('/api/v1/auth/me')).statusCode).toBe(200);
  });
});
