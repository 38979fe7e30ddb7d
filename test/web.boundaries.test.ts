/**
 * Admin-area boundaries for the plan dashboards' maps (issue 18): uploaded as GeoJSON by those who keep the
 * registries, checked, normalised and capped in size, read by anyone by country. The real COD boundaries in
 * ../shared/data/reference/geo are read at test time only: they are not copied into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { buildServer, type Server } from '../src/http/server.js';
import { normaliseBoundaries, pcodeProperty } from '../src/vocabulary/boundary.rules.js';
import { makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, SHARED_DATA, type TestDb } from './helpers/engines.js';

const GEO = join(SHARED_DATA, 'reference', 'geo');
const square = (x: number, y: number) => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];
const collection = (features: Array<[string, string, number, number]>) => ({
  type: 'FeatureCollection',
  features: features.map(([pcode, name, x, y]) => ({ type: 'Feature', properties: { admin0Pcod: 'XX', admin1Pcod: pcode, admin1Name: name }, geometry: { type: 'Polygon', coordinates: square(x, y) } })),
});

describe('the boundary rules', () => {
  it('finds the P-code property by its name and its distinct values, and the name of the same level', () => {
    const doc = collection([['BDI001', 'Bubanza', 29, -3], ['BDI002', 'Bujumbura Rural', 29.3, -3.3]]);
    expect(pcodeProperty(doc.features.map((f) => f.properties))).toBe('admin1Pcod');
    const { features, problems } = normaliseBoundaries(doc);
    expect(problems).toEqual([]);
    expect(features.map((f) => f.properties)).toEqual([{ pcode: 'BDI001', name: 'Bubanza' }, { pcode: 'BDI002', name: 'Bujumbura Rural' }]);
  });

  it('rounds coordinates to four decimals and names every problem by feature and property', () => {
    const fine = normaliseBoundaries({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { pcode: 'AB1' }, geometry: { type: 'Polygon', coordinates: [[[1.123456, 2.987654], [2, 2], [2, 3], [1.123456, 2.987654]]] } }] });
    expect(fine.features[0]!.geometry.coordinates).toEqual([[[1.1235, 2.9877], [2, 2], [2, 3], [1.1235, 2.9877]]]);
    const bad = normaliseBoundaries({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { pcode: 'AB1' }, geometry: { type: 'Point', coordinates: [1, 2] } },
        { type: 'Feature', properties: { pcode: 'not a code' }, geometry: { type: 'Polygon', coordinates: square(0, 0) } },
        { type: 'Feature', properties: { pcode: 'AB3' }, geometry: { type: 'Polygon', coordinates: square(0, 0) } },
        { type: 'Feature', properties: { pcode: 'AB3' }, geometry: { type: 'Polygon', coordinates: square(0, 0) } },
      ],
    });
    expect(bad.features).toEqual([]);
    expect(bad.problems).toEqual([
      { feature: 1, property: 'geometry', message: 'a Polygon or MultiPolygon with valid coordinates is required' },
      { feature: 2, property: 'pcode', message: '"not a code" is not a P-code' },
      { feature: 4, property: 'pcode', message: 'AB3 is given twice' },
    ]);
    expect(normaliseBoundaries({ type: 'Topology', objects: {} }).problems[0]!.message).toMatch(/^not a GeoJSON FeatureCollection/);
  });

  it.runIf(existsSync(join(GEO, 'bdi_adm1.geojson')))('reads the real Burundi and Mali admin-1 boundaries (COD)', () => {
    const bdi = normaliseBoundaries(JSON.parse(readFileSync(join(GEO, 'bdi_adm1.geojson'), 'utf8')));
    expect(bdi.problems).toEqual([]);
    expect(bdi.features).toHaveLength(18);
    expect(bdi.features[0]!.properties).toEqual({ pcode: 'BDI001', name: 'Bubanza' });
    const mli = normaliseBoundaries(JSON.parse(readFileSync(join(GEO, 'mli_adm1.geojson'), 'utf8')));
    expect(mli.problems).toEqual([]);
    expect(mli.features.map((f) => f.properties.pcode)).toContain('ML09');
  });
});

describeEachEngine('admin-area boundaries through the API', (engine) => {
  let t: TestDb;
  let server: Server;
  let admin: Session;
  let viewer: Session;

  beforeAll(async () => {
    t = await freshDb(engine);
    server = await buildServer(t.app);
    admin = await signIn(server, (await makeUser(t.app, [['platform', 'platform_admin']])).email);
    await t.app.accounts.createOrganisation(operatorCtx(), { slug: 'ngo-v', name: 'Viewer NGO (test)', kind: 'ngo' });
    viewer = await signIn(server, (await makeUser(t.app, [['ngo-v', 'viewer']])).email);
  });
  afterAll(async () => { await server?.close(); await t?.dispose(); });

  const upload = (s: Session, iso3: string, body: string | Buffer, name = 'adm1.geojson') => server.inject({
    method: 'POST', url: `/api/v1/countries/${iso3}/boundaries?filename=${name}`, payload: body,
    headers: { 'content-type': 'application/octet-stream', cookie: s.cookie, 'x-csrf-token': s.csrf },
  });

  it('reads as an empty collection before any upload, then as uploaded, for anyone', async () => {
    const none = await server.inject({ url: '/api/v1/countries/BDI/boundaries' });
    expect(none.statusCode).toBe(200);
    expect(none.headers['content-type']).toMatch(/^application\/json/);
    expect(none.json()).toEqual({ iso3: 'BDI', updatedAt: null, sourceFile: null, features: [] });
    const file = existsSync(join(GEO, 'bdi_adm1.geojson')) ? readFileSync(join(GEO, 'bdi_adm1.geojson')) : Buffer.from(JSON.stringify(collection([['BDI001', 'Bubanza', 29, -3]])));
    const done = await upload(admin, 'bdi', file, 'bdi_adm1.geojson');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ iso3: 'BDI', matched: 0 });
    expect(done.json().bytes).toBeLessThan(file.length);
    const read = (await server.inject({ url: '/api/v1/countries/bdi/boundaries' })).json();
    expect(read.features).toHaveLength(done.json().features);
    expect(read.sourceFile).toBe('bdi_adm1.geojson');
    expect(read.features[0]).toMatchObject({ type: 'Feature', properties: { pcode: 'BDI001', name: 'Bubanza' }, geometry: { type: expect.stringMatching(/Polygon$/) } });
    // Known admin areas are counted as matched.
    await t.app.registries.upsertAdminAreas(operatorCtx(), [{ pcode: 'BDI001', iso3: 'BDI', level: 1, name: 'Bubanza' }]);
    expect((await upload(admin, 'BDI', file, 'again.geojson')).json().matched).toBe(1);
  });

  it('refuses a visitor and a viewer, an unknown country, a file that is not GeoJSON, and one too large', async () => {
    const small = JSON.stringify(collection([['CO44', 'La Guajira', -73, 11]]));
    const anonymous = await server.inject({ method: 'POST', url: '/api/v1/countries/COL/boundaries?filename=a.geojson', payload: small, headers: { 'content-type': 'application/octet-stream' } });
    expect(anonymous.statusCode).toBe(401);
    expect((await upload(viewer, 'COL', small)).statusCode).toBe(403);
    expect((await upload(admin, 'XXX', small)).statusCode).toBe(400);
    const notJson = await upload(admin, 'COL', 'not json at all');
    expect(notJson.statusCode).toBe(422);
    expect(notJson.json().details[0].file).toBe('adm1.geojson');
    const topo = await upload(admin, 'COL', JSON.stringify({ type: 'Topology', objects: {}, arcs: [] }));
    expect(topo.statusCode).toBe(422);
    const huge = Buffer.alloc(21 * 1024 * 1024, 0x20);
    expect((await upload(admin, 'COL', huge)).statusCode).toBe(413);
    expect((await server.inject({ url: '/api/v1/countries/COL/boundaries' })).json().features).toEqual([]);
  });
});
