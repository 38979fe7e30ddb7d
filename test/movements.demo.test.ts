import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { MODULES } from '../src/modules.js';
import { movementsModule } from '../src/movements/index.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

/** The 24 months typed in from SNM's table, 2023-01 to 2024-12. */
const MONTHS = Array.from({ length: 24 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

/** What a database holds of population figures (stocks): every figure and every figures import. */
async function stocks(t: TestDb) {
  const db = t.database.db;
  const figures = await db.selectFrom('figures').select(['id', 'pop_type', 'origin_iso3', 'host_iso3', 'sex', 'value', 'version']).orderBy('id').execute();
  const imports = await db.selectFrom('import_batches').select(['id']).orderBy('id').execute();
  return { figures, imports };
}

describeEachEngine('the movements demo: the Darién route as flows, synthetic survey responses', (engine) => {
  let t: TestDb;
  let server: Server;
  const s: Record<string, Session> = {};

  beforeAll(async () => {
    t = await freshDb(engine);
    expect(await seedDemoIfEmpty(t.app)).toBe(true);
    server = await buildServer(t.app);
    const people = [
      ['viewer', 'unhcr', 'viewer'], ['partner', 'demo-partner-a', 'partner_reporter'], ['iomWorker', 'iom', 'case_worker'],
      ['iomIm', 'iom', 'im_officer'], ['unhcrFocal', 'unhcr', 'protection_focal_point'],
    ] as const;
    for (const [name, org, role] of people) s[name] = await signIn(server, (await makeUser(t.app, [[org, role]], { email: `${name.toLowerCase()}-${engine}@demo.test.invalid` })).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('shows a viewer and a partner the Darién corridors month by month, as flows, with SNM\'s published counts', async () => {
    for (const who of ['viewer', 'partner']) {
      const res = await as(server, s[who]!).get('/api/v1/movements/trends?grain=month&transit=PAN');
      expect(res.statusCode, `${who}: ${res.body}`).toBe(200);
      const trend = res.json();
      expect(trend).toMatchObject({ kind: 'flow', measure: 'crossings', label: expect.stringMatching(/not a population stock/) });
      const corridors = trend.series.map((c: { origin: string; transit: string; destination: string }) => `${c.origin}>${c.transit}>${c.destination}`);
      expect(corridors.sort(), who).toEqual(['CHN>PAN>', 'COL>PAN>', 'ECU>PAN>', 'HTI>PAN>', 'VEN>PAN>']);
      const ven = trend.series.find((c: { origin: string }) => c.origin === 'VEN');
      expect(ven.points.map((p: { bucket: string }) => p.bucket)).toEqual(MONTHS);
      // Published by Panama's SNM: 62,700 Venezuelans in August 2023, the peak; 2,992 in December 2024.
      expect(ven.points.find((p: { bucket: string }) => p.bucket === '2023-08').value).toBe(62700);
      expect(ven.points.find((p: { bucket: string }) => p.bucket === '2024-12').value).toBe(2992);
      const hti = trend.series.find((c: { origin: string }) => c.origin === 'HTI');
      expect(hti.points.find((p: { bucket: string }) => p.bucket === '2023-01').value).toBe(10222);
    }
    const top = (await as(server, s.viewer!).get('/api/v1/movements/corridors?transit=PAN&from=2023-01&to=2023-12')).json();
    // Venezuelans through the Darién in 2023: 328,650 of SNM's 520,085 (the sum of its twelve monthly counts).
    expect(top.items[0]).toEqual({ origin: 'VEN', transit: 'PAN', destination: '', value: 328650 });
  });

  it('lists the points of the route with their coordinates for the map, operated by IOM', async () => {
    const res = await as(server, s.viewer!).get('/api/v1/movements/points');
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json<{ items: Array<{ code: string; name: string; country: string; kind: string; lat: number | null; lon: number | null; agency: string }> }>();
    expect(items.map((p) => p.code).sort()).toEqual(['CO-NECOCLI', 'CR-PASO-CANOAS', 'PA-DARIEN', 'PA-LAJAS-BLANCAS', 'PA-SAN-VICENTE']);
    for (const p of items) {
      expect(p.agency, p.code).toBe('iom');
      // On the corridor: between Urabá (Colombia) and the Costa Rican border.
      expect(p.lat, p.code).toBeGreaterThan(7.5);
      expect(p.lat, p.code).toBeLessThan(9);
      expect(p.lon, p.code).toBeGreaterThan(-83.5);
      expect(p.lon, p.code).toBeLessThan(-76.5);
    }
    expect(items.find((p) => p.code === 'PA-LAJAS-BLANCAS')).toMatchObject({ country: 'PAN', kind: 'reception_centre', name: expect.stringMatching(/Lajas Blancas/) });
    expect(items.find((p) => p.code === 'CO-NECOCLI')).toMatchObject({ country: 'COL' });
    expect(items.find((p) => p.code === 'CR-PASO-CANOAS')).toMatchObject({ country: 'CRI', kind: 'border_crossing' });
  });

  it('names SNM as the source of the counts and keeps them as monthly entries at the route point', async () => {
    const db = t.database.db;
    const batches = await db.selectFrom('movement_batches').select(['file_name', 'rows_read', 'inserted', 'mapping']).execute();
    expect(batches).toEqual([{ file_name: expect.stringMatching(/Servicio Nacional de Migración de Panamá .*https:\/\/www\.migracion\.gob\.pa\/estadisticas/), rows_read: 120, inserted: 120, mapping: 'SNM Darien transits by nationality' }]);
    const counts = await db.selectFrom('movement_counts').innerJoin('movement_points', 'movement_points.id', 'movement_counts.point_id')
      .select(['movement_points.code', 'movement_counts.grain', 'movement_counts.direction', 'movement_counts.measure']).distinct().execute();
    expect(counts).toEqual([{ code: 'PA-DARIEN', grain: 'month', direction: 'entry', measure: 'crossings' }]);
  });

  it('keeps the survey responses\' personal fields from a viewer, a partner and another organisation, and labels them SYNTHETIC for IOM\'s case worker', async () => {
    for (const who of ['viewer', 'partner']) {
      const res = await as(server, s[who]!).get('/api/v1/movements/surveys');
      expect(res.statusCode, `${who}: ${res.body}`).toBe(403);
      expect(res.body).not.toMatch(/SYNTHETIC Person/);
    }
    const foreign = (await as(server, s.unhcrFocal!).get('/api/v1/movements/surveys')).json();
    expect(foreign.items).toEqual([]);
    const im = (await as(server, s.iomIm!).get('/api/v1/movements/surveys')).json();
    expect(im.total).toBe(8);
    expect(im.items.every((r: { personal: unknown; answers: unknown }) => r.personal === null && r.answers !== null)).toBe(true);
    const ids = im.items.map((r: { id: string }) => r.id) as string[];
    // One response is hidden from a viewer as one that does not exist.
    const hidden = await as(server, s.viewer!).get(`/api/v1/movements/surveys/${ids[0]}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toMatch(/SYNTHETIC Person/);

    const worker = (await as(server, s.iomWorker!).get('/api/v1/movements/surveys')).json();
    expect(worker.items).toHaveLength(8);
    for (const r of worker.items) {
      expect(r).toMatchObject({ synthetic: true, status: 'consented', point: { code: 'CR-PASO-CANOAS' } });
      expect(r.personal.name).toMatch(/^SYNTHETIC Person \d$/);
      expect(r.personal.contact).toMatch(/^SYNTHETIC /);
      expect(r.personal.remarks).toMatch(/^SYNTHETIC /);
      // A date cannot carry the label: none is recorded.
      expect(r.personal.birthDate).toBeNull();
    }
    // Stored sealed: no label nor name in clear in the database.
    const raw = await t.database.db.selectFrom('movement_survey_responses').select(['name', 'contact', 'remarks', 'synthetic']).execute();
    expect(raw.every((r) => r.synthetic === 1 && r.name !== null && !/SYNTHETIC|Person/.test(`${r.name}${r.contact}${r.remarks}`))).toBe(true);
  });

  it('gives every signed-in account survey aggregates that are not empty, small cells suppressed', async () => {
    const res = await as(server, s.viewer!).get('/api/v1/movements/surveys/aggregates?by=nationality');
    expect(res.statusCode, res.body).toBe(200);
    const agg = res.json();
    expect(agg.months).toHaveLength(1);
    expect(agg.categories).toEqual(expect.arrayContaining(['VEN', 'ECU', 'HTI', 'COL']));
    const month = agg.months[0];
    // Five Venezuelans are published; one Ecuadorian, one Haitian and one Colombian are not.
    expect(agg.cells).toContainEqual({ month, category: 'VEN', value: 5 });
    expect(agg.cells).toContainEqual({ month, category: 'ECU', value: null });
    expect(agg.suppression.suppressed).toBeGreaterThan(0);
    expect(res.body).not.toMatch(/SYNTHETIC/);
  });

  it('seeds once: a second run on the seeded database adds nothing', async () => {
    const before = await t.database.db.selectFrom('movement_counts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await seedDemoIfEmpty(t.app)).toBe(false);
    const after = await t.database.db.selectFrom('movement_counts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(Number(after.n)).toBe(120);
  });

  it('never sums the demo flows into a population figure: the figures are the same with and without the movements demo', async () => {
    const u = await freshDb(engine);
    try {
      await seedDemoIfEmpty(u.app, MODULES.map((m) => m.name).filter((n) => n !== 'movements'));
      const without = await stocks(u);
      expect(without.figures.length).toBeGreaterThan(0);
      // The movements part of the demo, as seedDemoIfEmpty runs it (the last module with a demo).
      await movementsModule.seed!(u.app, operatorCtx());
      const counted = await u.database.db.selectFrom('movement_counts').select((eb) => eb.fn.sum<number>('value').as('n')).executeTakeFirstOrThrow();
      expect(Number(counted.n)).toBeGreaterThan(700_000);
      expect(await stocks(u)).toEqual(without);
    } finally {
      await u.dispose();
    }
  });
});
