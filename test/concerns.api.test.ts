import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, jobsOf, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const HOUR = 3_600_000;

/** A message as a person reads it: quoted-printable soft line breaks joined, folded headers unfolded. */
const readable = (raw: string) => raw.replace(/=\r\n/g, '').replace(/\r\n[ \t]+/g, ' ');

/** A real SMTP server on 127.0.0.1, keeping what it receives, for the e-mail the concerns module sends. */
async function startSmtp() {
  const received: Array<{ to: string[]; raw: string }> = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: readable(Buffer.concat(chunks).toString('utf8')) });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const address = smtp.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { received, port, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

interface ConcernJson {
  id: string; level: string; status: string; severity: string; dueAt: string | null; overdue: boolean;
  about: { kind: string; ref: string | null }; raisedBy: { event: string | null; accountId: string | null };
  resolution: { proposedBy: string; acknowledgedBy: string[]; resolvedAt: string | null } | null;
  history: Array<{ kind: string; level: string; actor: string; agency: string | null }>;
  can: { escalate: boolean; resolve: boolean; acknowledge: boolean };
  organisations: Array<{ slug: string }>;
}

describeEachEngine('issues of concern (R11) through the API', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let time = Date.now();
  const clock = { now: () => new Date(time), advance: (hours: number) => { time += hours * HOUR; } };
  /** Runs the concerns module's job, as the server does every minute. */
  const runClock = async () => { for (const job of jobsOf(app).filter((j) => j.name.startsWith('concerns:'))) await job.run(); };
  const users: Record<string, { id: string; email: string; session: Session }> = {};

  beforeAll(async () => {
    t = await freshDb(engine);
    // The demo of the modules this needs (situations, decisions, platforms) and of the concerns module itself.
    await seedDemoIfEmpty(t.app, ['vocabulary', 'figures', 'situations', 'coordination', 'concerns']);
    smtp = await startSmtp();
    // The same database, with a clock the test moves and a real SMTP server.
    app = createApp(t.database, { concerns: { now: clock.now, smtp: { url: `smtp://127.0.0.1:${smtp.port}`, from: 'Tandem test <tandem@test.invalid>' } } });
    server = await buildServer(app);
    const op = operatorCtx();
    await app.accounts.createOrganisation(op, { slug: 'pa', name: 'Partner A (test)', kind: 'ngo' });
    await app.accounts.createOrganisation(op, { slug: 'pb', name: 'Partner B (test)', kind: 'ngo' });
    const people: Array<[string, string, 'agency_representative' | 'cos_liaison' | 'partner_reporter' | 'coordinator']> = [
      ['iomRep', 'iom', 'agency_representative'], ['unhcrRep', 'unhcr', 'agency_representative'],
      ['cosIom', 'iom', 'cos_liaison'], ['cosUnhcr', 'unhcr', 'cos_liaison'],
      ['partnerA', 'pa', 'partner_reporter'], ['partnerB', 'pb', 'partner_reporter'], ['unhcrCoordinator', 'unhcr', 'coordinator'],
    ];
    for (const [name, org, role] of people) {
      const u = await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-${engine}@test.invalid` });
      users[name] = { id: u.id, email: u.email, session: await signIn(server, u.email) };
    }
  });
  afterAll(async () => { await server.close(); await smtp.close(); await t.dispose(); });

  const client = (name: string) => as(server, users[name]!.session);
  const concern = async (name: string, id: string) => {
    const res = await client(name).get(`/api/v1/concerns/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ConcernJson>();
  };

  it('opens a concern from a rejected proposal; left alone it climbs level by level to the Chiefs of Staff, who resolve it with both agencies\' acknowledgement', async () => {
    const proposed = await client('iomRep').post('/api/v1/situations/ukraine-poland/decisions', { arrangement: 'unhcr-led', year: 2024 });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const decisionId = proposed.json().id as string;
    const rejected = await client('unhcrRep').post(`/api/v1/decisions/${decisionId}/reject`, { reason: 'The figures of the last quarter are not in yet (test).' });
    expect(rejected.statusCode, rejected.body).toBe(200);

    const list = (await client('iomRep').get('/api/v1/concerns?status=open')).json();
    const opened = list.items.find((c: ConcernJson) => c.about.kind === 'decision' && c.about.ref === decisionId) as ConcernJson;
    expect(opened).toMatchObject({ level: 'country', status: 'open', severity: 'high', raisedBy: { event: 'decision.rejected', accountId: null } });
    expect(Date.parse(opened.dueAt!)).toBe(time + 72 * HOUR);
    const id = opened.id;
    expect(opened.organisations.map((o) => o.slug).sort()).toEqual(['iom', 'unhcr']);
    expect(opened.can).toEqual({ escalate: true, resolve: true, acknowledge: false });

    // Not yet the liaison pair's: to them it does not exist.
    expect((await client('cosIom').get(`/api/v1/concerns/${id}`)).statusCode).toBe(404);

    // The clock: a minute before the deadline nothing happens; at the deadline, one level up, and so on.
    clock.advance(72 - 1 / 60);
    await runClock();
    expect((await concern('iomRep', id)).level).toBe('country');
    clock.advance(1 / 60);
    await runClock();
    expect((await concern('iomRep', id)).level).toBe('regional');
    await runClock();
    expect((await concern('iomRep', id)).level).toBe('regional');
    clock.advance(120);
    await runClock();
    expect((await concern('iomRep', id)).level).toBe('headquarters');
    clock.advance(168);
    await runClock();
    const reached = await concern('cosIom', id);
    expect(reached.level).toBe('chiefs_of_staff');
    expect(reached.history.map((h) => [h.kind, h.level, h.actor])).toEqual([
      ['raised', 'country', 'event'], ['escalated', 'regional', 'clock'], ['escalated', 'headquarters', 'clock'], ['escalated', 'chiefs_of_staff', 'clock'],
    ]);
    expect(reached.can).toEqual({ escalate: false, resolve: true, acknowledge: false });

    // The liaison pair sees everything that reached them, and was told, in the app and by e-mail.
    const docket = (await client('cosUnhcr').get('/api/v1/concerns?level=chiefs_of_staff')).json();
    expect(docket.items.map((c: ConcernJson) => c.id)).toContain(id);
    const inbox = (await client('cosUnhcr').get('/api/v1/notifications?unread=true')).json();
    const notice = inbox.items.find((n: { concern: { id: string }; kind: string }) => n.concern.id === id);
    expect(notice).toMatchObject({ kind: 'reached_chiefs_of_staff', level: 'chiefs_of_staff', read: false });
    const mail = smtp.received.find((m) => m.to.includes(users.cosUnhcr!.email) && m.raw.includes(`/concerns/${id}`));
    expect(mail?.raw).toMatch(/Subject: \[Tandem\] An issue of concern reached the Chiefs of Staff liaison pair: UNHCR rejected/);
    expect(mail?.raw).toContain(`/concerns/${id}`);
    const marked = await client('cosUnhcr').post(`/api/v1/notifications/${notice.id}/read`);
    expect(marked.json()).toEqual({ read: 1 });
    expect((await client('cosUnhcr').get('/api/v1/notifications?unread=true')).json().unread).toBe(inbox.unread - 1);

    // Below the top the agencies' staff no longer act on it.
    expect((await client('iomRep').post(`/api/v1/concerns/${id}/resolution`, { resolution: 'Too late (test)' })).statusCode).toBe(403);

    // The pair resolves it: one records, the other acknowledges.
    const proposedResolution = await client('cosIom').post(`/api/v1/concerns/${id}/resolution`, { resolution: 'The agencies agree to co-lead until the next figures are in (test).' });
    expect(proposedResolution.statusCode, proposedResolution.body).toBe(200);
    expect(proposedResolution.json()).toMatchObject({ status: 'resolution_proposed', resolution: { proposedBy: 'iom', acknowledgedBy: ['iom'] } });
    expect((await client('cosIom').post(`/api/v1/concerns/${id}/acknowledge`, { accept: true })).statusCode).toBe(409);
    expect((await concern('cosUnhcr', id)).can).toEqual({ escalate: false, resolve: false, acknowledge: true });
    const resolved = await client('cosUnhcr').post(`/api/v1/concerns/${id}/acknowledge`, { accept: true });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', dueAt: null, resolution: { proposedBy: 'iom', acknowledgedBy: ['iom', 'unhcr'] } });
    expect(resolved.json().resolution.resolvedAt).toBe(new Date(time).toISOString());

    // A resolved concern never escalates, and keeps its whole history.
    clock.advance(10_000);
    await runClock();
    const final = await concern('iomRep', id);
    expect(final).toMatchObject({ status: 'resolved', level: 'chiefs_of_staff', overdue: false });
    expect(final.history.map((h) => [h.kind, h.agency])).toEqual([
      ['raised', null], ['escalated', null], ['escalated', null], ['escalated', null], ['resolution_proposed', 'iom'], ['acknowledged', 'unhcr'],
    ]);
    // Every step is in the audit trail, with the organisations it concerns; so are the refused attempts.
    const trail = await app.audit.trail('concern', id);
    expect(trail.entries.filter((e) => e.outcome === 'denied').map((e) => [e.action, e.actor])).toEqual([['read', users.cosIom!.id], ['update', users.iomRep!.id]]);
    expect(trail.entries.filter((e) => e.outcome === 'allowed').map((e) => [e.action, e.outcome, e.actor])).toEqual([
      ['create', 'allowed', 'event'], ['update', 'allowed', 'clock'], ['update', 'allowed', 'clock'], ['update', 'allowed', 'clock'],
      ['update', 'allowed', users.cosIom!.id], ['update', 'allowed', users.cosUnhcr!.id],
    ]);
    expect(trail.concernedOrgs.length).toBe(2);
  });

  it('opens a concern when a proposal for another arrangement conflicts with one awaiting signature', async () => {
    expect((await client('iomRep').post('/api/v1/situations/haiti-dominican-republic/decisions', { arrangement: 'iom-led', year: 2024 })).statusCode).toBe(201);
    const second = await client('unhcrRep').post('/api/v1/situations/haiti-dominican-republic/decisions', { arrangement: 'co-led-platform', year: 2024, rationale: 'Mixed flows (test).' });
    expect(second.statusCode, second.body).toBe(201);
    const list = (await client('unhcrRep').get('/api/v1/concerns')).json();
    const c = list.items.find((x: ConcernJson) => x.raisedBy.event === 'decision.conflicting' && x.about.ref === 'haiti-dominican-republic');
    expect(c).toMatchObject({ about: { kind: 'situation' }, severity: 'medium', level: 'country' });
  });

  it('lets anyone signed in raise one, shows it to its organisations and hides it from others', async () => {
    const raised = await client('partnerA').post('/api/v1/concerns', {
      subject: 'Referrals go unanswered (test)', description: 'Synthetic test record.', severity: 'low', about: { kind: 'platform', ref: 'gifmm-colombia-demo' },
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const c = raised.json<ConcernJson>();
    expect(c.organisations.map((o) => o.slug).sort()).toEqual(['iom', 'pa', 'unhcr']);
    expect(c.can).toEqual({ escalate: false, resolve: false, acknowledge: false });
    expect((await client('partnerA').get('/api/v1/concerns?organisation=pa')).json().items.map((x: ConcernJson) => x.id)).toContain(c.id);
    // Another partner: absent, in the list and by id, and for writes.
    expect((await client('partnerB').get(`/api/v1/concerns/${c.id}`)).statusCode).toBe(404);
    expect((await client('partnerB').get('/api/v1/concerns')).json().items.map((x: ConcernJson) => x.id)).not.toContain(c.id);
    expect((await client('partnerB').post(`/api/v1/concerns/${c.id}/escalate`, {})).statusCode).toBe(404);
    // Nobody: 401.
    expect((await as(server, null).get('/api/v1/concerns')).statusCode).toBe(401);
    expect((await as(server, null).get(`/api/v1/concerns/${c.id}`)).statusCode).toBe(401);
    expect((await as(server, null).post('/api/v1/concerns', { subject: 's', description: 'd', severity: 'low' })).statusCode).toBe(401);
    // The agencies were told.
    const inbox = (await client('unhcrCoordinator').get('/api/v1/notifications')).json();
    expect(inbox.items.some((n: { concern: { id: string }; kind: string }) => n.concern.id === c.id && n.kind === 'raised')).toBe(true);
    // Another account's notification does not exist for you.
    expect((await client('partnerB').post(`/api/v1/notifications/${inbox.items[0].id}/read`)).statusCode).toBe(404);
    // Its audit trail: for the organisations it concerns (an agency's coordinator), not another partner.
    const trail = await client('unhcrCoordinator').get(`/api/v1/audit?resource=concern&objectId=${c.id}`);
    expect(trail.statusCode, trail.body).toBe(200);
    expect(trail.json().entries.map((e: { action: string }) => e.action)).toContain('create');
    expect(trail.body).not.toContain('Synthetic test record.');
    expect([403, 404]).toContain((await client('partnerB').get(`/api/v1/audit?resource=concern&objectId=${c.id}`)).statusCode);
  });

  it('refuses what it cannot keep, naming the field', async () => {
    const bad = await client('partnerA').post('/api/v1/concerns', { subject: 's', description: 'd', severity: 'low', agencies: ['no-such-org'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([{ field: 'agencies[0]', message: 'no organisation "no-such-org"' }]);
    const about = await client('partnerA').post('/api/v1/concerns', { subject: 's', description: 'd', severity: 'low', about: { kind: 'decision', ref: 'nope' } });
    expect(about.statusCode).toBe(400);
    expect(about.json().details[0].field).toBe('about.ref');
    expect((await client('partnerA').post('/api/v1/concerns', { subject: 's', description: 'd', severity: 'urgent' })).statusCode).toBe(400);
    const blank = await client('partnerA').post('/api/v1/concerns', { subject: '   ', description: 'd', severity: 'low' });
    expect(blank.json().details).toEqual([{ field: 'subject', message: 'must not be blank' }]);
    // Numbers a query string can spell but no page is: refused, never a database error.
    for (const url of ['/api/v1/concerns?limit=-Infinity', '/api/v1/concerns?offset=1e%2B308', '/api/v1/notifications?limit=-Infinity', '/api/v1/notifications?offset=1e%2B308']) {
      const res = await client('partnerA').get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
    }
  });

  it('opens a concern again when the other agency refuses a resolution, saying why', async () => {
    const c = (await client('iomRep').post('/api/v1/concerns', { subject: 'Shared registration gaps (test)', description: 'Synthetic test record.', severity: 'critical' })).json<ConcernJson>();
    expect(Date.parse(c.dueAt!)).toBe(time + 24 * HOUR);
    expect((await client('iomRep').post(`/api/v1/concerns/${c.id}/resolution`, { resolution: 'A joint form (test).' })).statusCode).toBe(200);
    const noReason = await client('unhcrCoordinator').post(`/api/v1/concerns/${c.id}/acknowledge`, { accept: false });
    expect(noReason.statusCode).toBe(400);
    const refused = await client('unhcrCoordinator').post(`/api/v1/concerns/${c.id}/acknowledge`, { accept: false, note: 'The form leaves out stateless people (test).' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'open', level: 'country', resolution: null, dueAt: c.dueAt });
    expect(refused.json().history.map((h: { kind: string }) => h.kind)).toEqual(['raised', 'resolution_proposed', 'refused']);
    // Escalating by hand goes one level, no more; the liaison pair cannot escalate past themselves.
    const up = await client('unhcrCoordinator').post(`/api/v1/concerns/${c.id}/escalate`, { note: 'Needs the regional bureaux (test).' });
    expect(up.json()).toMatchObject({ level: 'regional', dueAt: new Date(time + 48 * HOUR).toISOString() });
  });
});

describe('e-mail when the mail server is down', () => {
  it('keeps the change and the notice, and mails it once the server answers again', async () => {
    const t = await freshDb('sqlite');
    try {
      // A port where nothing listens: a server that was there and stopped.
      const gone = await startSmtp();
      await gone.close();
      const down = createApp(t.database, { concerns: { smtp: { url: `smtp://127.0.0.1:${gone.port}`, from: 'tandem@test.invalid' } } });
      const rep = await makeUser(down, [['unhcr', 'agency_representative']]);
      const raised = await down.concerns.raise(operatorCtx(), { subject: 'Mail server down (test)', description: 'Synthetic test record.', severity: 'low' });
      const pending = await t.database.db.selectFrom('notifications').select(['email_state', 'email_attempts']).where('concern_id', '=', raised.id).where('user_id', '=', rep.id).executeTakeFirstOrThrow();
      expect(pending).toEqual({ email_state: 'pending', email_attempts: 1 });

      const smtp = await startSmtp();
      const up = createApp(t.database, { concerns: { smtp: { url: `smtp://127.0.0.1:${smtp.port}`, from: 'tandem@test.invalid' } } });
      expect((await up.notifications.flushEmail()).sent).toBeGreaterThanOrEqual(1);
      expect(smtp.received.filter((m) => m.to.includes(rep.email) && m.raw.includes(`/concerns/${raised.id}`))).toHaveLength(1);
      // Sent once: the outbox is empty for it now.
      await up.notifications.flushEmail();
      expect(smtp.received.filter((m) => m.to.includes(rep.email) && m.raw.includes(`/concerns/${raised.id}`))).toHaveLength(1);
      await smtp.close();
    } finally {
      await t.dispose();
    }
  });
});

describe('the jobs hook', () => {
  it('is how the concerns module asks the server to run its clock', async () => {
    const { openDatabase } = await import('../src/core/db.js');
    const { migrate } = await import('../src/db/migrate.js');
    const database = openDatabase({ file: ':memory:' });
    await migrate(database);
    const jobs = jobsOf(createApp(database, { concerns: { smtp: null } }));
    expect(jobs.filter((j) => j.name.startsWith('concerns:')).map((j) => [j.name, j.everyMs])).toEqual([['concerns: escalate past deadlines, mail the notices', 60_000]]);
    await database.close();
  });
});
