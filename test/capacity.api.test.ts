import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { on } from '../src/core/events.js';
import type { TandemModule } from '../src/core/module.js';
import type { Role } from '../src/core/permissions.js';
import { buildServer, type Server } from '../src/http/server.js';
import { MODULES } from '../src/modules.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const DAY = 86_400_000;

interface UnmetJson { requests: number; items: Array<{ tag: string; region: string; requests: number; countries: string[] }> }
interface MatchJson {
  id: string; status: string; channel: string; leads: string[]; acceptedAt: string | null; deliveredAt: string | null; rating: number | null;
  steps: Array<{ step: string; status: string; actor: string; organisation: string | null; at: string }>;
  can: Record<'accept' | 'decline' | 'deliver' | 'evaluate' | 'withdraw', boolean>;
}

describeEachEngine('support to States (R9) and displacement arrangements (R8) through the API', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let time = Date.parse('2026-03-02T09:00:00.000Z');
  const events: string[] = [];
  const users: Record<string, { id: string; session: Session }> = {};
  const client = (name: string | null) => as(server, name ? users[name]!.session : null);

  beforeAll(async () => {
    t = await freshDb(engine);
    // The demo of the modules this needs: situations and the demo partners (coordination), and this module's own.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const needed = (MODULES as readonly TandemModule<string, any, object>[]).filter((m) => ['vocabulary', 'figures', 'situations', 'coordination', 'capacity'].includes(m.name));
    for (const m of needed) {
      // An internal situation (the demo has none of its own), on which the capacity demo records its cluster arrangement.
      if (m.name === 'capacity') await t.app.situations.create(operatorCtx(), { name: 'Internal displacement (test)', slug: 'idp-demo', kind: 'internal', origins: [], hosts: ['HTI'] });
      await m.seed?.(t.app, operatorCtx());
    }
    app = createApp(t.database, { capacity: { now: () => new Date(time) } });
    for (const e of ['capacity.request_filed', 'capacity.match_accepted', 'capacity.match_delivered'] as const) {
      app.events.subscribe(on(e, 'after-commit', 'test: capacity events', async () => { events.push(e); }));
    }
    server = await buildServer(app);
    const people: Array<[string, string, Role]> = [
      ['govA', 'demo-government-a', 'coordinator'], ['govAViewer', 'demo-government-a', 'viewer'], ['govB', 'demo-government-b', 'coordinator'],
      ['iom', 'iom', 'coordinator'], ['unhcr', 'unhcr', 'coordinator'], ['iomIm', 'iom', 'im_officer'],
      ['offerer', 'demo-partner-c', 'coordinator'], ['reporter', 'demo-partner-a', 'partner_reporter'],
    ];
    for (const [name, org, role] of people) {
      const u = await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-${engine}@capacity.test.invalid` });
      users[name] = { id: u.id, session: await signIn(server, u.email) };
    }
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const unmet = async (tag: string, region: string) => {
    const res = await client('iom').get('/api/v1/capacity/views/unmet-demand');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<UnmetJson>().items.find((c) => c.tag === tag && c.region === region)?.requests ?? 0;
  };
  const step = (name: string, id: string, body: object) => client(name).post(`/api/v1/capacity/matches/${id}/steps`, body);

  it('routes a State\'s request tagged with GCM objectives to the UN Network on Migration under IOM, matches it with an offer, and tracks it to delivery and evaluation', async () => {
    const filed = await client('govA').post('/api/v1/capacity/requests', {
      country: 'COL', objectives: ['GCM-11', 'GCM-1'], kind: 'training', description: 'Training for border officials on disaggregated data (test)',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const request = filed.json();
    expect(request).toMatchObject({
      organisation: { slug: 'demo-government-a' }, country: 'COL', region: 'Americas', channel: 'unnm', leads: ['iom'],
      objectives: ['GCM-1', 'GCM-11'], asylumNeeds: [], status: 'open', can: { propose: false },
    });
    const before = await unmet('GCM-11', 'Americas');
    expect(before).toBeGreaterThanOrEqual(1);

    const offered = await client('offerer').post('/api/v1/capacity/offers', {
      objectives: ['GCM-11'], kind: 'training', regions: ['Latin America and the Caribbean'], amountUsd: 40_000, description: 'Integrated border management course (test)',
    });
    expect(offered.statusCode, offered.body).toBe(201);
    const offer = offered.json();
    expect(offer).toMatchObject({ organisation: { slug: 'demo-partner-c' }, channel: 'unnm', leads: ['iom'], regions: ['Latin America and the Caribbean'], amountUsd: 40_000 });

    // IOM, the channel's lead, sees the request with the offer suggested; the State itself may not propose.
    expect((await client('iom').get(`/api/v1/capacity/requests/${request.id}`)).json().can).toEqual({ propose: true });
    const suggested = await client('iom').get(`/api/v1/capacity/requests/${request.id}/suggestions`);
    expect(suggested.statusCode, suggested.body).toBe(200);
    expect(suggested.json().items[0]).toMatchObject({ offer: { id: offer.id }, sharedTags: ['GCM-11'], reach: 'subregion' });
    expect((await client('govA').post('/api/v1/capacity/matches', { request: request.id, offer: offer.id })).statusCode).toBe(403);
    expect((await client('govA').get(`/api/v1/capacity/requests/${request.id}/suggestions`)).statusCode).toBe(403);

    time += 3 * DAY;
    const proposed = await client('iom').post('/api/v1/capacity/matches', { request: request.id, offer: offer.id, amountUsd: 25_000 });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const match = proposed.json<MatchJson>();
    expect(match).toMatchObject({ status: 'proposed', channel: 'unnm', leads: ['iom'], can: { accept: true, decline: true, deliver: false, evaluate: false, withdraw: true } });
    expect((await client('iom').post('/api/v1/capacity/matches', { request: request.id, offer: offer.id })).statusCode).toBe(409);

    // A step the state does not allow is refused, naming the state.
    const early = await step('iom', match.id, { step: 'deliver' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toMatch(/a match that is proposed cannot be delivered/);
    // The offerer does not accept its own match: the lead does.
    expect((await step('offerer', match.id, { step: 'accept' })).statusCode).toBe(403);

    time += 2 * DAY;
    const accepted = await step('iom', match.id, { step: 'accept', note: 'fits the request (test)' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<MatchJson>()).toMatchObject({ status: 'accepted', acceptedAt: new Date(time).toISOString() });
    expect((await step('iom', match.id, { step: 'accept' })).json().message).toMatch(/a match that is accepted cannot be accepted/);

    // Until delivered, the request is unmet demand.
    expect(await unmet('GCM-11', 'Americas')).toBe(before);
    expect((await client('govA').get(`/api/v1/capacity/requests/${request.id}`)).json().status).toBe('accepted');

    time += 10 * DAY;
    const delivered = await step('offerer', match.id, { step: 'deliver', note: 'course held (test)' });
    expect(delivered.statusCode, delivered.body).toBe(200);
    expect(await unmet('GCM-11', 'Americas')).toBe(before - 1);
    expect((await client('govA').get(`/api/v1/capacity/requests/${request.id}`)).json().status).toBe('delivered');

    expect((await step('govA', match.id, { step: 'evaluate' })).json().details).toEqual([{ field: 'rating', message: expect.stringContaining('required') }]);
    const evaluated = await step('govA', match.id, { step: 'evaluate', rating: 4, note: 'useful (test)' });
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    const done = evaluated.json<MatchJson>();
    expect(done).toMatchObject({ status: 'evaluated', rating: 4, can: { accept: false, decline: false, deliver: false, evaluate: false, withdraw: false } });
    expect(done.steps.map((s) => [s.step, s.status, s.actor, s.organisation])).toEqual([
      ['propose', 'proposed', users.iom!.id, 'iom'], ['accept', 'accepted', users.iom!.id, 'iom'],
      ['deliver', 'delivered', users.offerer!.id, 'demo-partner-c'], ['evaluate', 'evaluated', users.govA!.id, 'demo-government-a'],
    ]);
    const late = await step('iom', match.id, { step: 'withdraw' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'conflict', details: [{ field: 'step', message: 'the match is evaluated' }] });

    // Time to match: five days from filing to acceptance for this one; pledges against delivery.
    const timing = (await client('unhcr').get('/api/v1/capacity/views/time-to-match')).json();
    expect(timing.overall.matched).toBeGreaterThanOrEqual(1);
    expect(timing.byChannel.find((c: { channel: string }) => c.channel === 'unnm').medianDays).toEqual(expect.any(Number));
    const pledges = (await client('iom').get('/api/v1/capacity/views/pledges')).json().items;
    expect(pledges.find((p: { organisation: { slug: string }; kind: string }) => p.organisation.slug === 'demo-partner-c' && p.kind === 'training'))
      .toMatchObject({ pledgedUsd: 90_000, deliveredUsd: 55_000, matchesDelivered: 2 });

    expect(events).toEqual(expect.arrayContaining(['capacity.request_filed', 'capacity.match_accepted', 'capacity.match_delivered']));
    const matches = (await client('govA').get(`/api/v1/capacity/requests/${request.id}/matches`)).json().items;
    expect(matches.map((m: MatchJson) => m.id)).toEqual([match.id]);
  });

  it('sends asylum-system needs to the ACSG under UNHCR, and a request with both to both leads', async () => {
    const acsg = await client('govB').post('/api/v1/capacity/requests', { country: 'CRI', asylumNeeds: ['appeal'], kind: 'expertise', description: 'Appeals backlog (test)' });
    expect(acsg.json()).toMatchObject({ channel: 'acsg', leads: ['unhcr'], asylumNeeds: ['appeal'] });
    const both = await client('govB').post('/api/v1/capacity/requests', { country: 'CRI', objectives: ['GCM-4', 'GCR-2'], kind: 'funding', description: 'Documentation and self-reliance (test)' });
    expect(both.json()).toMatchObject({ channel: 'both', leads: ['iom', 'unhcr'] });
    expect((await client('unhcr').get(`/api/v1/capacity/requests/${acsg.json().id}`)).json().can).toEqual({ propose: true });
    // IOM does not lead the ACSG: to its coordinator that request does not exist.
    expect((await client('iom').get(`/api/v1/capacity/requests/${acsg.json().id}`)).statusCode).toBe(404);
    const none = await client('govB').post('/api/v1/capacity/requests', { country: 'CRI', kind: 'funding', description: 'Untagged (test)' });
    expect(none.statusCode).toBe(400);
    expect(none.json().details[0].field).toBe('objectives');
  });

  it('refuses low-privilege and other-organisation users, and anonymous reads nothing', async () => {
    const body = { organisation: 'demo-government-a', country: 'COL', objectives: ['GCM-1'], kind: 'funding', description: 'x (test)' };
    expect((await client(null).post('/api/v1/capacity/requests', body)).statusCode).toBe(401);
    expect((await client('govAViewer').post('/api/v1/capacity/requests', body)).statusCode).toBe(403);
    expect((await client('govB').post('/api/v1/capacity/requests', body)).statusCode).toBe(403);
    expect((await client('reporter').post('/api/v1/capacity/requests', body)).statusCode).toBe(403);
    // A coordinator of an NGO files nothing for its NGO: requests come from States.
    const ngo = await client('offerer').post('/api/v1/capacity/requests', { ...body, organisation: 'demo-partner-c' });
    expect(ngo.statusCode).toBe(400);
    expect(ngo.json().details[0].field).toBe('organisation');
    expect((await client('reporter').post('/api/v1/capacity/offers', { objectives: ['GCM-1'], kind: 'funding', description: 'x' })).statusCode).toBe(403);

    const mine = (await client('govA').get('/api/v1/capacity/requests')).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((r: { organisation: { slug: string } }) => r.organisation.slug === 'demo-government-a')).toBe(true);
    const id = mine.items[0].id as string;
    expect((await client('govAViewer').get(`/api/v1/capacity/requests/${id}`)).statusCode).toBe(200);
    // Hidden and absent answer the same.
    const hidden = await client('govB').get(`/api/v1/capacity/requests/${id}`);
    const absent = await client('govB').get('/api/v1/capacity/requests/0190aaaa-0000-7000-8000-000000000000');
    expect([hidden.statusCode, absent.statusCode]).toEqual([404, 404]);
    expect(hidden.json().message).toBe(absent.json().message);
    expect((await client('govB').get('/api/v1/capacity/requests')).json().items.every((r: { organisation: { slug: string } }) => r.organisation.slug === 'demo-government-b')).toBe(true);
    expect((await client('reporter').get('/api/v1/capacity/requests')).statusCode).toBe(403);
    expect((await client('reporter').get('/api/v1/capacity/views/unmet-demand')).statusCode).toBe(403);
    for (const url of ['/api/v1/capacity/requests', '/api/v1/capacity/offers', '/api/v1/capacity/vocabulary', '/api/v1/capacity/views/pledges', `/api/v1/capacity/requests/${id}`, '/api/v1/situations/idp-demo/displacement']) {
      expect((await client(null).get(url)).statusCode, url).toBe(401);
    }
  });

  it('shows an internal situation\'s clusters, their leads and which agency is engaged, recorded by the agencies', async () => {
    const demo = await client('reporter').get('/api/v1/situations/idp-demo/displacement');
    expect(demo.statusCode, demo.body).toBe(200);
    expect(demo.json()).toMatchObject({
      situation: { kind: 'internal' },
      clusters: [
        { cluster: 'protection', lead: { slug: 'unhcr' }, coLead: { slug: 'demo-partner-c' }, engaged: ['unhcr'] },
        { cluster: 'shelter', lead: { slug: 'iom' }, coLead: null, engaged: ['iom', 'unhcr'] },
        { cluster: 'cccm', lead: { slug: 'iom' }, coLead: { slug: 'unhcr' }, engaged: ['iom', 'unhcr'] },
      ],
      agencies: { iom: ['shelter', 'cccm'], unhcr: ['protection', 'shelter', 'cccm'] },
      disaster: null, can: { update: false },
    });

    const op = operatorCtx();
    await app.situations.create(op, { name: 'Internal displacement test', slug: `idp-test-${engine}`, kind: 'internal', origins: [], hosts: ['SDN'] });
    const set = await client('iomIm').put(`/api/v1/situations/idp-test-${engine}/clusters`, {
      clusters: [{ cluster: 'cccm', lead: 'unhcr', coLead: 'iom' }, { cluster: 'wash', lead: 'demo-partner-a', engaged: ['iom'] }], note: 'conflict setting (test)',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ agencies: { iom: ['cccm', 'wash'], unhcr: ['cccm'] }, note: 'conflict setting (test)', can: { update: true } });
    expect((await client('reporter').put(`/api/v1/situations/idp-test-${engine}/clusters`, { clusters: [] })).statusCode).toBe(403);
    const twice = await client('iomIm').put(`/api/v1/situations/idp-test-${engine}/clusters`, { clusters: [{ cluster: 'cccm', lead: 'iom' }, { cluster: 'cccm', lead: 'nobody-here' }] });
    expect(twice.json().details.map((d: { field: string }) => d.field)).toEqual(['clusters[1].cluster', 'clusters[1].lead']);
    expect((await client('reporter').get(`/api/v1/situations/idp-test-${engine}/displacement`)).json().clusters).toHaveLength(2);
  });

  it('refuses a cluster arrangement on a refugee situation, and the disaster flag on any but a disaster, naming the field', async () => {
    const refugees = await client('iomIm').put('/api/v1/situations/venezuela-colombia/clusters', { clusters: [{ cluster: 'protection', lead: 'unhcr' }] });
    expect(refugees.statusCode).toBe(400);
    expect(refugees.json()).toMatchObject({ code: 'validation_failed', details: [{ field: 'clusters' }] });
    expect(refugees.json().message).toMatch(/cross-border situation/);
    const internal = await client('iomIm').put('/api/v1/situations/idp-demo/disaster', { pdd: true, hazard: 'storm', startDate: '2025-10-28' });
    expect(internal.statusCode).toBe(400);
    expect(internal.json().details).toEqual([{ field: 'pdd', message: 'not for a situation of kind internal' }]);

    await app.situations.create(operatorCtx(), { name: 'Disaster test', slug: `disaster-test-${engine}`, kind: 'disaster', origins: ['MOZ'], hosts: ['MOZ'] });
    const url = `/api/v1/situations/disaster-test-${engine}/disaster`;
    expect((await client('iomIm').put(url, { pdd: true, hazard: 'storm', startDate: '2025-03-10', endDate: '2025-03-01' })).json().details).toEqual([{ field: 'endDate', message: 'before the start date' }]);
    const flagged = await client('iomIm').put(url, { pdd: true, hazard: 'storm', startDate: '2025-03-10' });
    expect(flagged.statusCode, flagged.body).toBe(200);
    expect(flagged.json().disaster).toEqual({ pdd: true, hazard: 'storm', startDate: '2025-03-10', endDate: null });
    const clusters = await client('iomIm').put(`/api/v1/situations/disaster-test-${engine}/clusters`, { clusters: [{ cluster: 'cccm', lead: 'iom' }] });
    expect(clusters.json()).toMatchObject({ clusters: [{ cluster: 'cccm', lead: { slug: 'iom' } }], disaster: { pdd: true, hazard: 'storm' } });
  });

  it('gives the vocabulary with its citations to any signed-in account', async () => {
    const v = (await client('reporter').get('/api/v1/capacity/vocabulary')).json();
    expect(v.objectives.filter((o: { framework: string }) => o.framework === 'gcm')).toHaveLength(23);
    expect(v.objectives.find((o: { code: string }) => o.code === 'GCR-1')).toMatchObject({ names: { en: 'Ease pressures on host countries' }, citation: expect.stringContaining('A/73/12 (Part II)') });
    expect(v.clusters.map((c: { code: string }) => c.code)).toContain('cccm');
  });
});
