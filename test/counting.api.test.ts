import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { up as platformCountingMigration } from '../src/response/migrations/20261202_0001_platform_counting.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

/**
 * A platform's way of counting (issue 19, items 3 and 4): people in transit as persons (R4V's way, the default)
 * or as times assisted, and the sexes and age bands its reports use, with existing reports converted.
 */
describeEachEngine('how a platform counts: transit and its sexes and age bands', (engine) => {
  let t: TestDb;
  let server: Server;
  let lead: Session; // IOM coordinator: IOM co-leads the demo platform
  let partner: Session; // a partner's reporter
  let planId: string;
  let activityId: string;
  const demo = '/api/v1/platforms/gifmm-colombia-demo/counting';

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app, ['vocabulary', 'figures', 'situations', 'coordination', 'response']);
    server = await buildServer(t.app);
    lead = await signIn(server, (await makeUser(t.app, [['iom', 'coordinator']])).email);
    partner = await signIn(server, (await makeUser(t.app, [['demo-partner-a', 'partner_reporter']])).email);
    planId = (await server.inject({ url: '/api/v1/platforms/gifmm-colombia-demo' })).json().plans[0].id;
    const op = operatorCtx();
    const a = await t.app.plans.addActivity(op, planId, {
      partner: 'demo-partner-a', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO11', countsPin: true, description: 'Orientation (test)',
    });
    activityId = a.id;
    const { report } = await t.app.reports.saveReport(op, a.id, '2025-03', [
      { group: 'in_destination', sex: 'female', age: '18-59', reached: 40, newReached: 30 },
      { group: 'in_destination', sex: 'female', age: '60+', reached: 12, newReached: 10 },
      { group: 'in_destination', sex: 'male', age: '0-17', reached: 25, newReached: 25 },
    ], true);
    await t.app.reports.review(op, report.id, { decision: 'validate' });
  });
  afterAll(async () => { await server?.close(); await t?.dispose(); });

  const dashboard = async () => (await as(server, lead).get(`/api/v1/plans/${planId}/dashboard`)).json();

  it('counts people in transit as persons by default, and as times assisted, apart, where the platform asks for it', async () => {
    const shown = (await server.inject({ url: demo })).json();
    expect(shown).toMatchObject({ transit: 'persons', sexes: ['female', 'male'], ages: ['0-17', '18-59', '60+'], can: { update: false } });

    const persons = await dashboard();
    expect(persons.platform.transit).toBe('persons');
    // The demo's January: 300 consultations of people in transit (a PiN activity), 240 people by its formula (0.8).
    expect(persons.peopleReached.byGroup.in_transit).toBe(240);
    expect(persons.timesAssistedInTransit).toBe(0);
    expect(persons.notes.join(' ')).toContain('in transit are counted as persons');

    const changed = await as(server, lead).put(demo, { transit: 'times-assisted' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ transit: 'times-assisted', convertedReports: 0 });
    const apart = await dashboard();
    expect(apart.peopleReached.byGroup.in_transit).toBeUndefined();
    expect(apart.timesAssistedInTransit).toBe(240);
    expect(persons.peopleReached.interSector - apart.peopleReached.interSector).toBe(240);
    const hxl = (await as(server, lead).get(`/api/v1/plans/${planId}/dashboard?format=hxl`)).body;
    expect(hxl).toContain('times assisted in transit (not persons),all,all,all,240');

    await as(server, lead).put(demo, { transit: 'persons' });
    expect((await dashboard()).peopleReached.interSector).toBe(persons.peopleReached.interSector);
    expect((await as(server, lead).get(`/api/v1/plans/${planId}/dashboard?format=hxl`)).body).not.toContain('times assisted');
  });

  it('lets only whoever may change the R4V settings change it; everyone may read it', async () => {
    expect((await as(server, lead).get(demo)).json().can.update).toBe(true);
    expect((await as(server, partner).get(demo)).json().can.update).toBe(false);
    // The same answer as the R4V settings give a partner (the route-level gate: it may never change them).
    const refused = await as(server, partner).put(demo, { transit: 'times-assisted' });
    expect(refused.statusCode).toBe((await as(server, partner).put('/api/v1/platforms/gifmm-colombia-demo/r4v/settings', { model: 'sum' })).statusCode);
    expect([403, 404]).toContain(refused.statusCode);
    expect((await server.inject({ method: 'PUT', url: demo, payload: { transit: 'times-assisted' } })).statusCode).toBe(401);
    expect((await server.inject({ url: demo })).json().transit).toBe('persons');
    const gap = await as(server, lead).put(demo, { ages: ['0-17', '60+'] });
    expect(gap.statusCode).toBe(400);
    expect(gap.json().details[0]).toMatchObject({ field: 'ages', message: expect.stringContaining('"60+"') });
  });

  it('converts every report to coarser bands in one change, keeping each group\'s figures; refuses finer bands, naming the band', async () => {
    const before = await dashboard();
    const r4v = await as(server, lead).put(demo, { sexes: ['female', 'male', 'other'], ages: ['0-17', '18+'] });
    expect(r4v.statusCode, r4v.body).toBe(200);
    expect(r4v.json()).toMatchObject({ sexes: ['female', 'male', 'other'], ages: ['0-17', '18+'] });
    expect(r4v.json().convertedReports).toBeGreaterThan(1); // the demo's reports and this test's

    const mine = (await as(server, lead).get(`/api/v1/plans/${planId}/reports?activity=${activityId}&month=2025-03`)).json().items[0];
    expect(mine.status).toBe('validated');
    expect(mine.rows.map((r: { group: string; sex: string; age: string; reached: number; newReached: number }) => [r.group, r.sex, r.age, r.reached, r.newReached])).toEqual([
      ['in_destination', 'female', '18+', 52, 40], ['in_destination', 'male', '0-17', 25, 25],
    ]);
    const after = await dashboard();
    expect(after.peopleReached).toEqual(before.peopleReached);
    expect(after.byMonth).toEqual(before.byMonth);
    expect(after.bySexAndAge.map((c: { sex: string; age: string }) => `${c.sex} ${c.age}`)).toEqual(['female 0-17', 'female 18+', 'male 0-17', 'male 18+', 'other 0-17', 'other 18+']);
    const sum = (cells: Array<{ newReached: number }>) => cells.reduce((s, c) => s + c.newReached, 0);
    expect(sum(after.bySexAndAge)).toBe(sum(before.bySexAndAge));

    // A report in bands the platform no longer declares is refused, naming the cell's field.
    const old = await as(server, partner).put(`/api/v1/activities/${activityId}/reports/2025-04`, { rows: [{ group: 'in_destination', sex: 'female', age: '60+', reached: 1, newReached: 1 }] });
    expect(old.statusCode).toBe(400);
    expect(old.json().details).toEqual([{ field: 'rows[0].age', message: expect.stringContaining('0-17, 18+') }]);
    const other = await as(server, partner).put(`/api/v1/activities/${activityId}/reports/2025-04`, { rows: [{ group: 'in_destination', sex: 'other', age: '18+', reached: 2, newReached: 2 }] });
    expect(other.statusCode, other.body).toBe(200);

    // Back to finer bands: 18+ cannot be split into 18-59 and 60+, and "other" has no place among female and male.
    const finer = await as(server, lead).put(demo, { sexes: ['female', 'male'], ages: ['0-17', '18-59', '60+'] });
    expect(finer.statusCode).toBe(400);
    expect(finer.json().message).toContain('age band "18+"');
    expect(finer.json().message).toContain('sex "other"');
    expect(finer.json().details[0].field).toBe('ages');
    expect((await server.inject({ url: demo })).json().ages).toEqual(['0-17', '18+']);
    expect((await dashboard()).peopleReached).toEqual(before.peopleReached);
  });

  it('writes and reads the reporting template in the platform\'s bands, and refuses a template of other bands by its column', async () => {
    const hxl = (await as(server, partner).get(`/api/v1/plans/${planId}/template?month=2025-05&format=hxl`)).body;
    const lines = hxl.trim().split(/\r?\n/);
    const tags = lines[1]!.split(',');
    expect(tags.filter((x) => x.startsWith('#reached') && !x.includes('x_new'))).toEqual([
      '#reached+f+children', '#reached+f+adults+elderly', '#reached+m+children', '#reached+m+adults+elderly', '#reached+x_other+children', '#reached+x_other+adults+elderly',
    ]);
    const row = lines.findIndex((l) => l.startsWith(activityId));
    const fill = (values: Record<string, string>) => lines[row]!.split(',').map((v, i) => values[tags[i]!] ?? v).join(',');
    const upload = (body: string) => server.inject({
      method: 'POST', url: `/api/v1/plans/${planId}/reports/upload?filename=may.csv`, payload: body,
      headers: { 'content-type': 'application/octet-stream', cookie: partner.cookie, 'x-csrf-token': partner.csrf },
    });
    const ok = await upload([lines[0], lines[1], fill({ '#reached+f+adults+elderly': '9', '#reached+x_new+f+adults+elderly': '4' })].join('\n'));
    expect(ok.statusCode, ok.body).toBe(200);
    const may = (await as(server, partner).get(`/api/v1/plans/${planId}/reports?activity=${activityId}&month=2025-05`)).json().items[0];
    expect(may.rows).toContainEqual(expect.objectContaining({ sex: 'female', age: '18+', reached: 9, newReached: 4 }));

    // A template written before the change (female and male, 0-17, 18-59, 60+) is refused whole, by its column.
    const stale = ['Activity id,Month,Population group,Reached Female 60+', '#activity+code,#date+month,#group+code,#reached+f+elderly', `${activityId},2025-06,in_destination,3`].join('\n');
    const refused = await upload(stale);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details[0]).toMatchObject({ column: '#reached+f+elderly', message: expect.stringContaining('not one of this platform\'s cells') });
  });

  it('gives every platform that existed before it the bands its reports hold, explicitly, and transit as persons', async () => {
    // The migration run again on this database, as it ran on databases that held platforms and reports.
    const db = t.app.db;
    await db.schema.dropTable('platform_counting').execute();
    await platformCountingMigration(db as never);
    const rows = await db.selectFrom('platform_counting').selectAll().execute();
    const platforms = await db.selectFrom('platforms').select('id').execute();
    expect(rows.map((r) => r.platform_id).sort()).toEqual(platforms.map((p) => p.id).sort());
    for (const r of rows) expect([r.transit, JSON.parse(r.sexes), JSON.parse(r.ages)]).toEqual(['persons', ['female', 'male'], ['0-17', '18-59', '60+']]);
  });

  // PostgreSQL runs transactions side by side (SQLite one at a time): a report whose cells were checked against
  // the old bands must not be written once a change of bands has committed.
  it.runIf(engine === 'postgres')('refuses a report saved while the platform\'s bands change, instead of writing cells in bands it no longer declares', async () => {
    const db = t.app.db;
    const platformId = (await db.selectFrom('platforms').select('id').where('slug', '=', 'gifmm-colombia-demo').executeTakeFirstOrThrow()).id;
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => { commit = resolve; });
    let held!: () => void;
    const holding = new Promise<void>((resolve) => { held = resolve; });
    // A change of bands in progress, as the counting service makes it: the platform held, the new bands written.
    const change = db.transaction().execute(async (tx) => {
      await tx.selectFrom('platforms').select('id').where('id', '=', platformId).forUpdate().execute();
      await tx.updateTable('platform_counting').set({ ages: JSON.stringify(['0-17', '18+']) }).where('platform_id', '=', platformId).execute();
      held();
      await committed;
    });
    await holding;
    const saving = as(server, partner).put(`/api/v1/activities/${activityId}/reports/2025-07`, { rows: [{ group: 'in_destination', sex: 'female', age: '18-59', reached: 5, newReached: 5 }] });
    // The save checked its cells against the committed (old) bands and now waits on the platform.
    for (let i = 0; i < 100; i++) {
      const waiting = await sql<{ n: string }>`select count(*) as n from pg_locks where not granted`.execute(db);
      if (Number(waiting.rows[0]!.n) > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    commit();
    await change;
    const saved = await saving;
    expect(saved.statusCode, saved.body).toBe(409);
    expect(saved.json().message).toContain('bands changed');
    expect((await as(server, partner).get(`/api/v1/plans/${planId}/reports?activity=${activityId}&month=2025-07`)).json().items).toEqual([]);
    // Saved again, it is checked against the new bands.
    const again = await as(server, partner).put(`/api/v1/activities/${activityId}/reports/2025-07`, { rows: [{ group: 'in_destination', sex: 'female', age: '18-59', reached: 5, newReached: 5 }] });
    expect(again.statusCode).toBe(400);
    expect(again.json().details[0].field).toBe('rows[0].age');
  });
});
