/**
 * What the web interface needs from the response module (issue 18): the reason a report came back addressed to
 * its partner, one activity's reports, a dashboard with names beside codes, filters, sex and age and funding
 * coverage, and template uploads that name the column as the partner sees it and refuse a P-code not the activity's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

describeEachEngine('the response API as the web interface reads it', (engine) => {
  let t: TestDb;
  let server: Server;
  let partner: Session; // demo partner A
  let reviewer: Session; // UNHCR coordinator: UNHCR co-leads the demo platform
  let planId: string;
  let activity: { id: string; pcode: string };

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    partner = await signIn(server, (await makeUser(t.app, [['demo-partner-a', 'partner_reporter']])).email);
    reviewer = await signIn(server, (await makeUser(t.app, [['unhcr', 'coordinator']])).email);
    planId = (await t.app.plans.platformPage(operatorCtx(), 'gifmm-colombia-demo')).plans[0]!.id;
    activity = (await as(server, partner).get(`/api/v1/plans/${planId}/activities`)).json()[0];
  });
  afterAll(async () => { await server?.close(); await t?.dispose(); });

  const cells = (reached: number, fresh: number) => [{ group: 'in_destination', sex: 'female', age: '18-59', reached, newReached: fresh }];

  it('lists exactly one activity\'s report for a month, and all of its months without the month', async () => {
    const p = as(server, partner);
    expect((await p.put(`/api/v1/activities/${activity.id}/reports/2025-05`, { rows: cells(10, 5) })).statusCode).toBe(200);
    const one = (await p.get(`/api/v1/plans/${planId}/reports?activity=${activity.id}&month=2025-05`)).json();
    expect(one.items.map((r: { activityId: string; month: string }) => [r.activityId, r.month])).toEqual([[activity.id, '2025-05']]);
    const months = (await p.get(`/api/v1/plans/${planId}/reports?activity=${activity.id}`)).json().items.map((r: { month: string }) => r.month);
    expect(months).toEqual(['2025-05', '2025-02', '2025-01']);
    expect((await p.get(`/api/v1/plans/${planId}/reports?activity=nothing`)).json().items).toEqual([]);
  });

  it('returns a report with a reason its partner reads, and keeps the reviewer\'s note from it', async () => {
    const p = as(server, partner);
    const submitted = await p.put(`/api/v1/activities/${activity.id}/reports/2025-06`, { rows: cells(20, 10), submit: true });
    const id = submitted.json().report.id;
    expect(submitted.json().report.returnReason).toBeNull();
    const nothing = await as(server, reviewer).post(`/api/v1/reports/${id}/review`, { decision: 'return' });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().details.map((d: { field: string }) => d.field)).toEqual(['note', 'reason']);
    const returned = await as(server, reviewer).post(`/api/v1/reports/${id}/review`, { decision: 'return', reason: 'Check the adult women: 20 in a month is low.', note: 'Reviewer only: compare with B' });
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: 'Check the adult women: 20 in a month is low.', reviewerNote: 'Reviewer only: compare with B' });
    const seen = (await p.get(`/api/v1/reports/${id}`)).json();
    expect(seen).toMatchObject({ status: 'returned', returnReason: 'Check the adult women: 20 in a month is low.' });
    expect(JSON.stringify(seen)).not.toContain('Reviewer only');
    // Corrected and validated: the reason stays, for the record.
    await p.put(`/api/v1/activities/${activity.id}/reports/2025-06`, { rows: cells(200, 10), submit: true });
    const validated = await as(server, reviewer).post(`/api/v1/reports/${id}/review`, { decision: 'validate' });
    expect(validated.json()).toMatchObject({ status: 'validated', returnReason: 'Check the adult women: 20 in a month is low.' });
    // A return with only the reviewers' note still passes (the partner then reads no reason).
    const other = (await p.put(`/api/v1/activities/${activity.id}/reports/2025-07`, { rows: cells(5, 5), submit: true })).json().report.id;
    expect((await as(server, reviewer).post(`/api/v1/reports/${other}/review`, { decision: 'return', note: 'internal' })).json()).toMatchObject({ status: 'returned', returnReason: null });
  });

  it('gives the dashboard with the name of every code, narrowed to a sector, an area or a partner, with sex and age and funding coverage', async () => {
    // As a co-lead: the per-partner sums are the co-leads' (and each partner's own), not the public's.
    const all = (await as(server, reviewer).get(`/api/v1/plans/${planId}/dashboard`)).json();
    expect(all.names.areas).toMatchObject({ CO11: 'Bogota, D.C.', CO44: 'La Guajira', CO54: 'Norte de Santander' });
    expect(all.names.partners['demo-partner-a']).toMatch(/^Demo partner A/);
    expect(all.names.sectors.wash).toBe('Water, Sanitation and Hygiene');
    expect(all.byPartner.find((p: { partner: string }) => p.partner === 'demo-partner-a').partnerName).toBe(all.names.partners['demo-partner-a']);
    const req = all.byPartner.reduce((s: number, p: { requirementsUsd: number }) => s + p.requirementsUsd, 0);
    const fund = all.byPartner.reduce((s: number, p: { fundingUsd: number }) => s + p.fundingUsd, 0);
    expect(all.fundingTotal).toEqual({ requirementsUsd: req, fundingUsd: fund, coverage: fund / req });
    for (const f of all.funding) expect(f.coverage).toBe(f.requirementsUsd > 0 ? f.fundingUsd / f.requirementsUsd : null);
    expect(all.bySexAndAge).toHaveLength(6);
    expect(all.bySexAndAge.every((c: { newReached: number }) => c.newReached >= 0)).toBe(true);
    expect(all.filter).toEqual({ sector: null, area: null, partner: null });

    const bySector = (await server.inject({ url: `/api/v1/plans/${planId}/dashboard?sector=wash` })).json();
    expect(Object.keys(bySector.peopleReached.bySector)).toEqual(['wash']);
    expect(bySector.peopleReached.interSector).toBe(all.peopleReached.bySector.wash);
    expect(bySector.funding.map((f: { sector: string }) => f.sector)).toEqual(['wash']);
    expect(bySector.names).toEqual(all.names);
    const byArea = (await server.inject({ url: `/api/v1/plans/${planId}/dashboard?area=CO44` })).json();
    expect(Object.keys(byArea.peopleReached.byArea)).toEqual(['CO44']);
    expect(byArea.peopleReached.interSector).toBe(all.peopleReached.byArea.CO44);
    const byPartner = (await as(server, reviewer).get(`/api/v1/plans/${planId}/dashboard?partner=demo-partner-c`)).json();
    expect(byPartner.byPartner.map((p: { partner: string }) => p.partner)).toEqual(['demo-partner-c']);
    // The public reads the partner's consolidated figures, not its per-partner sum.
    const publicly = (await server.inject({ url: `/api/v1/plans/${planId}/dashboard?partner=demo-partner-c` })).json();
    expect(publicly.peopleReached).toEqual(byPartner.peopleReached);
    expect(publicly.byPartner).toEqual([]);
    const unknown = (await server.inject({ url: `/api/v1/plans/${planId}/dashboard?partner=nobody` })).json();
    expect(unknown.peopleReached.interSector).toBe(0);

    const hxl = (await server.inject({ url: `/api/v1/plans/${planId}/dashboard?format=hxl` })).body.split(/\r?\n/);
    expect(hxl[1]).toBe('#indicator+name,#meta+dimension,#meta+key,#meta+key+name,#value');
    expect(hxl.find((l) => l.includes(',area,CO44,'))).toContain('La Guajira');
  });

  it('names a wrong cell of an uploaded template by its header and hashtag, and refuses a P-code that is not the activity\'s', async () => {
    const template = (await server.inject({ url: `/api/v1/plans/${planId}/template?month=2025-08&format=hxl`, headers: { cookie: partner.cookie } })).body;
    const lines = template.trim().split(/\r?\n/);
    const tags = lines[1]!.split(',');
    const fill = (line: string, values: Record<string, string>) => line.split(',').map((v, i) => values[tags[i]!] ?? v).join(',');
    const upload = (rows: string[]) => server.inject({
      method: 'POST', url: `/api/v1/plans/${planId}/reports/upload?filename=august.csv`, payload: [lines[0], lines[1], ...rows].join('\n'),
      headers: { 'content-type': 'application/octet-stream', cookie: partner.cookie, 'x-csrf-token': partner.csrf },
    });
    const bad = await upload([fill(lines[2]!, { '#reached+f+adults': 'sixty' })]);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details[0]).toEqual({ file: 'august.csv', row: 3, column: '#reached+f+adults', message: 'Reached Female 18-59: "sixty" is not a whole number, 0 or more' });
    const tooMany = await upload([fill(lines[2]!, { '#reached+f+adults': '5', '#reached+x_new+f+adults': '9' })]);
    expect(tooMany.json().details[0]).toMatchObject({ column: '#reached+x_new+f+adults', message: expect.stringMatching(/^New Female 18-59: /) });
    const unknown = await upload([fill(lines[2]!, { '#adm1+code': 'CO99', '#reached+f+adults': '5' })]);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().details[0]).toMatchObject({ row: 3, column: '#adm1+code', message: expect.stringMatching(/^Admin area \(P-code\): "CO99" is not a known P-code/) });
    const elsewhere = await upload([fill(lines[2]!, { '#adm1+code': 'CO11', '#reached+f+adults': '5' })]);
    expect(elsewhere.json().details[0].message).toMatch(/"CO11" is not this activity's area \(CO54, Norte de Santander\)/);
    expect((await as(server, partner).get(`/api/v1/plans/${planId}/reports?month=2025-08`)).json().items).toEqual([]);
    const good = await upload([fill(lines[2]!, { '#reached+f+adults': '5' })]);
    expect(good.statusCode, good.body).toBe(200);
  });
});
