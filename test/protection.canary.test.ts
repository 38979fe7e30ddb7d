/**
 * The canary search: people are created with unique canary strings in every personal field, every protection
 * route is exercised (by the parties, and by everyone who must not read), and then the canaries are looked for
 * where personal data must never be: the SQLite file and its WAL, a PostgreSQL dump of the test schema, the
 * server log, the audit log, and every answer a non-authorised account got. After erasure and retention, the
 * erased person's ciphertexts and keyed hashes are gone from the file and the dump too.
 */
import { randomBytes } from 'node:crypto';
import fs, { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, PG_URL, type TestDb } from './helpers/engines.js';
import { runCommand } from './helpers/run.js';

const PG_DUMP = '/usr/lib/postgresql/15/bin/pg_dump';

/** Everything written to the process's stdout and stderr (pino writes to file descriptor 1 directly). */
function captureOutput() {
  let text = '';
  const realWriteSync = fs.writeSync;
  const realWrite = fs.write;
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown) => { text += typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk); };
  (fs as { writeSync: unknown }).writeSync = (fd: number, chunk: unknown, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) { grab(chunk); return typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length; }
    return (realWriteSync as (...a: unknown[]) => number)(fd, chunk, ...rest);
  };
  (fs as { write: unknown }).write = (fd: number, chunk: unknown, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) {
      grab(chunk);
      const cb = rest.find((r) => typeof r === 'function') as ((e: null, n: number) => void) | undefined;
      cb?.(null, typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length);
      return undefined;
    }
    return (realWrite as (...a: unknown[]) => unknown)(fd, chunk, ...rest);
  };
  process.stdout.write = ((chunk: unknown) => { grab(chunk); return true; });
  process.stderr.write = ((chunk: unknown) => { grab(chunk); return true; });
  return {
    text: () => text,
    restore() {
      (fs as { writeSync: unknown }).writeSync = realWriteSync;
      (fs as { write: unknown }).write = realWrite;
      process.stdout.write = realOut;
      process.stderr.write = realErr;
    },
  };
}

describeEachEngine('protection: the canary search finds no personal value where it must not be', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let log: ReturnType<typeof captureOutput>;
  let now = Date.parse('2026-05-01T08:00:00.000Z');
  const tag = randomBytes(6).toString('hex');
  const canary = (field: string) => `CANARY${tag}${field}`;
  const CANARIES = ['given', 'family', 'contact', 'narrative', 'purpose', 'decline', 'outcome', 'feedback', 'search', 'invalid', 'given2', 'fixed'].map(canary);
  let iomWorker: Session; let iomFocal: Session; let unhcrFocal: Session;
  const outsiders: Record<string, Session | null> = {};
  /** Every answer an account that may not read the person got. */
  const outsiderAnswers: string[] = [];
  let personId = '';
  let secondId = '';
  const referralIds: string[] = [];

  /** The bytes where the data rests: the SQLite file with its WAL and shared memory, or a dump of the schema. */
  async function atRest(): Promise<string> {
    if (engine === 'sqlite') {
      const file = t.database.where.replace(/^sqlite:/, '');
      return ['', '-wal', '-shm'].map((s) => (existsSync(file + s) ? readFileSync(file + s).toString('latin1') : '')).join('\n');
    }
    const dump = await runCommand(PG_DUMP, ['--schema', t.database.schema!, '--data-only', PG_URL]);
    expect(dump.status, dump.stderr).toBe(0);
    return dump.stdout;
  }
  const hits = (haystack: string, needles: readonly string[]) => needles.filter((n) => haystack.includes(n));

  beforeAll(async () => {
    t = await freshDb(engine);
    app = createApp(t.database, { protection: { now: () => new Date(now) } });
    log = captureOutput();
    server = await buildServer(app, { logger: true });
    await app.accounts.createOrganisation(operatorCtx(), { slug: 'canary-third', name: 'Third (canary test)', kind: 'ngo' });
    iomWorker = await signIn(server, (await makeUser(app, [['iom', 'case_worker']])).email);
    iomFocal = await signIn(server, (await makeUser(app, [['iom', 'protection_focal_point']])).email);
    unhcrFocal = await signIn(server, (await makeUser(app, [['unhcr', 'protection_focal_point']])).email);
    outsiders.third = await signIn(server, (await makeUser(app, [['canary-third', 'protection_focal_point']])).email);
    outsiders.admin = await signIn(server, (await makeUser(app, [['platform', 'platform_admin']])).email);
    outsiders.coordinator = await signIn(server, (await makeUser(app, [['iom', 'coordinator']])).email);
    outsiders.viewer = await signIn(server, (await makeUser(app, [['unhcr', 'viewer']])).email);
    outsiders.anonymous = null;
  });
  afterAll(async () => {
    log.restore();
    await server.close();
    await t.dispose();
  });

  it('exercises every protection route with canaries in every personal field', async () => {
    const w = as(server, iomWorker);
    const u = as(server, unhcrFocal);
    const base = { birthDate: '1987-07-07', sex: 'female', nationality: 'HTI', purpose: 'protection_referral', legalBasis: 'consent', retainUntil: '2026-12-31' };
    const p = await w.post('/api/v1/protection/people', { ...base, givenName: canary('given'), familyName: canary('family'), contact: canary('contact') });
    expect(p.statusCode, p.body).toBe(201);
    personId = p.json().id;
    const second = await w.post('/api/v1/protection/people', { ...base, givenName: canary('given2'), familyName: canary('family'), retainUntil: '2026-05-01' });
    secondId = second.json().id;
    // An invalid value carrying a canary is refused without echoing it.
    const bad = await w.post('/api/v1/protection/people', { ...base, givenName: canary('given'), familyName: canary('family'), birthDate: canary('invalid') });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain(canary('invalid'));
    expect((await w.post('/api/v1/protection/people/search', { givenName: canary('search'), familyName: canary('search') })).json()).toEqual([]);
    expect((await w.post('/api/v1/protection/people/search', { givenName: canary('given'), familyName: canary('family') })).json()).toHaveLength(1);
    const profile = (await w.post(`/api/v1/protection/people/${personId}/profiles`, { reasonsForLeaving: ['human_rights_violations'], fearOfReturn: true, riskIndicators: ['trafficking_indicators'], intentions: [] })).json();
    const consent = { fields: ['givenName', 'familyName', 'contact', 'narrative', 'profile'], purpose: canary('purpose'), givenAt: '2026-05-01T07:00:00Z', method: 'written', givenBy: 'guardian' };
    for (const [to, pathway] of [['unhcr', 'asylum_and_protection'], ['unhcr', 'counter_trafficking']] as const) {
      const r = await w.post('/api/v1/protection/referrals', { person: personId, profile: profile.id, to, pathway, priority: 'emergency', country: 'DOM', narrative: canary('narrative'), consent });
      expect(r.statusCode, r.body).toBe(201);
      referralIds.push(r.json().id);
      await w.post(`/api/v1/protection/referrals/${r.json().id}/steps`, { step: 'send' });
    }
    const [first, secondRef] = referralIds as [string, string];
    expect((await u.get(`/api/v1/protection/referrals/${first}`)).json().person.givenName).toBe(canary('given'));
    for (const body of [{ step: 'acknowledge' }, { step: 'accept' }, { step: 'record_outcome', text: canary('outcome') }, { step: 'give_feedback', text: canary('feedback') }]) {
      expect((await u.post(`/api/v1/protection/referrals/${first}/steps`, body)).statusCode).toBe(200);
    }
    expect((await u.post(`/api/v1/protection/referrals/${secondRef}/steps`, { step: 'decline', text: canary('decline') })).statusCode).toBe(200);
    expect((await w.post(`/api/v1/protection/referrals/${first}/steps`, { step: 'close' })).statusCode).toBe(200);
    expect((await w.post(`/api/v1/protection/referrals/${secondRef}/consent/withdraw`)).statusCode).toBe(200);
    expect((await w.patch(`/api/v1/protection/people/${personId}`, { contact: canary('fixed') })).statusCode).toBe(200);
    expect((await w.get(`/api/v1/protection/people/${personId}`)).json().contact).toBe(canary('fixed'));
    const exp = await w.get(`/api/v1/protection/people/${personId}/export`);
    expect(exp.body).toContain(canary('outcome'));
    for (const box of ['inbox', 'sent']) expect((await u.get(`/api/v1/protection/referrals?box=${box}`)).statusCode).toBe(200);
    // The people list and a person's screenings hold the canaries for the holder (audited reads).
    expect((await w.get('/api/v1/protection/people')).body).toContain(canary('fixed'));
    expect((await w.get(`/api/v1/protection/people/${personId}/profiles`)).statusCode).toBe(200);
    now += 48 * 3_600_000;
    await app.referrals.announceOverdue(operatorCtx());
    expect((await u.get('/api/v1/protection/referrals?overdue=true')).statusCode).toBe(200);
    // The case handlers' answers do hold the canaries: the search below is able to find them.
    expect(exp.body).toContain(canary('given'));
  });

  it('gives those who may not read nothing personal, on any route they can fetch', async () => {
    const urls = [
      `/api/v1/protection/people/${personId}`, `/api/v1/protection/people/${personId}/export`, `/api/v1/protection/people/${personId}/profiles`,
      '/api/v1/protection/people', ...referralIds.map((id) => `/api/v1/protection/referrals/${id}`),
      '/api/v1/protection/referrals?box=inbox', '/api/v1/protection/referrals?box=sent', '/api/v1/protection/referrals?overdue=true',
      '/api/v1/protection/referrals/stats', '/api/v1/protection/pathway-rules', `/api/v1/audit?resource=protection_person&objectId=${personId}`,
      ...referralIds.map((id) => `/api/v1/audit?resource=referral&objectId=${id}`),
    ];
    for (const [who, s] of Object.entries(outsiders)) {
      const c = as(server, s);
      for (const url of urls) {
        const res = await c.get(url);
        outsiderAnswers.push(res.body);
        expect(hits(res.body, CANARIES), `${who} GET ${url}`).toEqual([]);
      }
      const search = await c.post('/api/v1/protection/people/search', { givenName: canary('given'), familyName: canary('family') });
      outsiderAnswers.push(search.body);
      expect(hits(search.body, CANARIES), `${who} search`).toEqual([]);
    }
    // After withdrawal, the receiver too gets nothing personal from that referral.
    const withdrawn = await as(server, unhcrFocal).get(`/api/v1/protection/referrals/${referralIds[1]}`);
    expect(hits(withdrawn.body, [canary('given'), canary('family'), canary('contact'), canary('narrative'), canary('fixed')])).toEqual([]);
  });

  it('finds no canary in the database at rest, the audit log, or the server log', async () => {
    expect(hits(await atRest(), CANARIES)).toEqual([]);
    const audit = JSON.stringify(await t.database.db.selectFrom('audit_log').selectAll().execute());
    expect(audit).toContain(personId);
    expect(hits(audit, CANARIES)).toEqual([]);
    // The capture works: the log holds the requests it saw.
    expect(log.text()).toContain('/api/v1/protection/people');
    expect(hits(log.text(), CANARIES)).toEqual([]);
  });

  it('leaves no ciphertext or keyed hash of an erased person at rest, after erasure and after retention', async () => {
    const traces = async (id: string) => {
      const row = await t.database.db.selectFrom('protection_people').select(['given_name', 'family_name', 'contact', 'name_index', 'wrapped_key']).where('id', '=', id).executeTakeFirstOrThrow();
      return [row.given_name!, row.family_name!, row.name_index!, row.wrapped_key].map((v) => v.slice(-40));
    };
    const firstTraces = await traces(personId);
    const referralTexts = (await t.database.db.selectFrom('protection_referrals').select(['outcome', 'feedback', 'narrative']).where('person_id', '=', personId).execute())
      .flatMap((r) => [r.outcome, r.feedback, r.narrative]).filter((v): v is string => v !== null).map((v) => v.slice(-40));
    const secondTraces = await traces(secondId);
    // Positive control: before erasure they are there to be found.
    expect(hits(await atRest(), [...firstTraces, ...secondTraces])).toHaveLength(8);
    expect((await as(server, iomFocal).delete(`/api/v1/protection/people/${personId}`)).statusCode).toBe(200);
    expect((await app.protectionPeople.runRetention(operatorCtx())).erased).toBe(1);
    expect(hits(await atRest(), [...firstTraces, ...referralTexts, ...secondTraces])).toEqual([]);
    const erasedAudit = JSON.stringify(await app.audit.trail('protection_person', secondId));
    expect(erasedAudit).toContain('"delete"');
    expect(hits(log.text(), CANARIES)).toEqual([]);
  });
});
