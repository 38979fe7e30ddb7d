import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

/**
 * Publish once (R6): a regional platform counts its national platforms' validated reports without anyone
 * entering them again, and every platform has a feed others can pull.
 */
describeEachEngine('publish once: the regional platform from its national platforms, and the HXL feeds', (engine) => {
  let t: TestDb;
  let server: Server;
  const get = (url: string) => server.inject({ url });

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app, ['vocabulary', 'figures', 'situations', 'coordination', 'response']);
    server = await buildServer(t.app);
    const op = operatorCtx();
    await t.app.registries.upsertAdminAreas(op, [{ pcode: 'PE15', iso3: 'PER', level: 1, name: 'Lima' }]);
    // A second country under the demo's regional platform, with a synthetic plan: 60 people in destination,
    // and 3 pendular (below k) in the health sector.
    await t.app.platforms.create(op, { name: 'GTRM Peru (test)', slug: 'gtrm-peru-test', tier: 'national', parent: 'r4v-demo', situation: 'venezuela-colombia', country: 'PER' });
    await t.app.platforms.addSector(op, 'gtrm-peru-test', { code: 'protection', name: 'Protection', leads: ['unhcr'] });
    await t.app.platforms.addSector(op, 'gtrm-peru-test', { code: 'health', name: 'Health', leads: ['iom'] });
    await t.app.platforms.addPartner(op, 'gtrm-peru-test', { organisation: 'demo-partner-a', appealing: true, partnerType: 'national_ngo' });
    const plan = await t.app.plans.createPlan(op, 'gtrm-peru-test', { name: 'Peru plan 2025 (test)', startMonth: '2025-01', endMonth: '2025-12' });
    const protection = await t.app.plans.addActivity(op, plan.id, { partner: 'demo-partner-a', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'PE15', countsPin: true, description: 'orientation (synthetic)' });
    const health = await t.app.plans.addActivity(op, plan.id, { partner: 'demo-partner-a', sector: 'health', indicator: 'demo.prot.orientation', pcode: 'PE15', countsPin: true, description: 'care (synthetic)' });
    for (const [activity, rows] of [
      [protection.id, [{ group: 'in_destination' as const, sex: 'female' as const, age: '18-59' as const, reached: 60, newReached: 60 }]],
      [health.id, [{ group: 'pendular' as const, sex: 'male' as const, age: '18-59' as const, reached: 3, newReached: 3 }]],
    ] as const) {
      const { report } = await t.app.reports.saveReport(op, activity, '2025-03', [...rows], true);
      await t.app.reports.review(op, report.id, { decision: 'validate' });
    }
  });
  afterAll(async () => { await server?.close(); await t?.dispose(); });

  it('counts each country by its own platform\'s rules over the reports validated there, and the region as their sum, without re-entry', async () => {
    const op = operatorCtx();
    const r = await t.app.regional.regional(op, 'r4v-demo', { until: '2025-12' });
    expect(r.countries.map((c) => c.country).sort()).toEqual(['COL', 'PER']);
    for (const c of r.countries) {
      // The same figure as the country's own dashboard (its co-leads' view), for the plan of that month.
      const own = await t.app.dashboards.full(c.plan!.id, { until: c.plan!.until, include: 'validated' });
      expect(c.peopleReached).toBe(own.peopleReached.interSector);
      expect(c.bySector).toEqual(own.peopleReached.bySector);
    }
    const per = r.countries.find((c) => c.country === 'PER')!;
    expect(per.peopleReached).toBe(63);
    expect(r.total.peopleReached).toBe(r.countries.reduce((s, c) => s + (c.peopleReached ?? 0), 0));
    expect(r.total.bySector.health).toBe(r.countries.reduce((s, c) => s + (c.bySector.health ?? 0), 0));
    expect(r.disclosure.applied).toBe(false);
  });

  it('publishes the regional table under disclosure control, consistent with each country\'s own public dashboard', async () => {
    const res = await get('/api/v1/platforms/r4v-demo/regional?until=2025-12');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.disclosure).toMatchObject({ k: 5, applied: true });
    const per = r.countries.find((c: { country: string }) => c.country === 'PER');
    expect(per.bySector.health).toBeNull(); // 3 people
    // What Peru's own public dashboard hides, the regional table hides too.
    const national = (await get(`/api/v1/plans/${per.plan.id}/dashboard?until=2025-12`)).json();
    for (const [sector, v] of Object.entries(national.peopleReached.bySector)) if (v === null) expect(per.bySector[sector]).toBeNull();
    // No published value below k; no line with a single hidden value beside a published total.
    const values: Array<number | null> = [r.total.peopleReached, ...Object.values<number | null>(r.total.bySector),
      ...r.countries.flatMap((c: { peopleReached: number | null; bySector: Record<string, number | null> }) => [c.peopleReached, ...Object.values(c.bySector)])];
    for (const v of values) if (v !== null) expect(v === 0 || v >= 5).toBe(true);
    if (r.total.bySector.health !== null) expect(r.countries.filter((c: { bySector: Record<string, number | null> }) => c.bySector.health === null).length).not.toBe(1);

    const hxl = await get('/api/v1/platforms/r4v-demo/regional?until=2025-12&format=hxl');
    expect(hxl.body.split(/\r?\n/)[1]).toBe('#country+code,#indicator+name,#sector+code,#value');
    expect(hxl.body).not.toMatch(/PER,people reached,health,3/);
  });

  it('refuses a national platform with the field named, and a month that is not one', async () => {
    const national = await get('/api/v1/platforms/gtrm-peru-test/regional');
    expect(national.statusCode).toBe(400);
    expect(national.json().details[0]).toMatchObject({ field: 'ref' });
    expect((await get('/api/v1/platforms/r4v-demo/regional?until=2025-13')).statusCode).toBe(400);
    expect((await get('/api/v1/platforms/nowhere/regional')).statusCode).toBe(404);
  });

  it('serves every platform\'s published aggregates as an HXL feed at a stable address, the public view only', async () => {
    const feed = await get('/api/v1/platforms/gtrm-peru-test/feed');
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.headers['content-type']).toContain('text/csv');
    const [header, tags, ...rows] = feed.body.trim().split(/\r?\n/);
    expect(header).toBe('Country,Platform,Plan,Up to,Measure,Dimension,Key,Value');
    expect(tags).toBe('#country+code,#org+platform+code,#meta+plan,#date+month,#indicator+name,#meta+dimension,#meta+key,#value');
    expect(rows.some((r) => r.startsWith('PER,gtrm-peru-test,Peru plan 2025 (test),2025-12,people reached,inter-sector,all,63'))).toBe(true);
    expect(rows.some((r) => /,group,pendular,3$/.test(r))).toBe(false);
    expect(rows.some((r) => r.includes('sum of the partner'))).toBe(false);
    const regional = (await get('/api/v1/platforms/r4v-demo/feed?format=json')).json();
    expect(regional.some((r: { country: string; measure: string }) => r.country === 'COL' && r.measure === 'people reached')).toBe(true);
    expect(regional.some((r: { measure: string }) => r.measure === 'people reached (sum of countries)')).toBe(true);
  });
});
