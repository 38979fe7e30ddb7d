import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { on } from '../src/core/events.js';
import type { Role } from '../src/core/permissions.js';
import { buildServer, type Server } from '../src/http/server.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import type { PopGroup } from '../src/response/index.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

type Cell = string | number | null;
interface ItemJson { spec: { kind: string; view: string }; data: { columns: Array<{ header: string; tag: string }>; rows: Cell[][]; chart: { labels: string[]; values: Array<number | null> } | null; map: { values: Record<string, number | null> } | null; disclosure: { k: number; hidden: number } | null } }
interface PublishedJson { slug: string; version: number; latestVersion: number; title: { en: string; ar?: string }; items: ItemJson[]; versions: Array<{ version: number }> }

/** One CSV line's cells (quoted fields unquoted). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  return [...out, cur];
}

/** The people-reached figure of a published dashboard table (inter-sector), or undefined. */
const interSector = (item: ItemJson) => item.data.rows.find((r) => r[0] === 'people reached' && r[1] === 'inter-sector')?.[4];

describeEachEngine('public reports: composed from public views, published as frozen versions (issue 16)', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let planId = '';
  let activityId = '';
  const published: Array<{ slug: string; version: number; rows: number }> = [];
  const users: Record<string, Session> = {};
  const client = (name: string | null) => as(server, name ? users[name]! : null);

  const report = async (month: string, rows: Array<{ group: PopGroup; n: number }>) => {
    const op = operatorCtx();
    const { report: r } = await app.reports.saveReport(op, activityId, month, rows.map((x) => ({ group: x.group, sex: 'female', age: '18-59', reached: x.n, newReached: x.n })), true);
    await app.reports.review(op, r.id, { decision: 'validate' });
  };

  beforeAll(async () => {
    t = await freshDb(engine);
    app = t.app;
    await seedDemoIfEmpty(app, ['vocabulary', 'figures', 'situations', 'coordination']);
    app.events.subscribe(on('publication.published', 'after-commit', 'test: published', async (e) => { published.push({ slug: e.slug, version: e.version, rows: e.rows }); }));
    server = await buildServer(app);
    const op = operatorCtx();
    const plan = await app.plans.createPlan(op, 'gifmm-colombia-demo', { name: 'Report test plan', startMonth: '2025-01', endMonth: '2025-06' });
    planId = plan.id;
    activityId = (await app.plans.addActivity(op, plan.id, { partner: 'demo-partner-a', sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO54', countsPin: true, description: 'orientation (test)' })).id;
    await report('2025-02', [{ group: 'in_destination', n: 60 }, { group: 'pendular', n: 9 }, { group: 'returnees', n: 3 }]);
    const people: Array<[string, string, Role]> = [
      ['iomLead', 'iom', 'coordinator'], ['iomIm', 'iom', 'im_officer'], ['outsider', 'demo-partner-a', 'coordinator'], ['reporter', 'demo-partner-a', 'partner_reporter'],
    ];
    for (const [name, org, role] of people) users[name] = await signIn(server, (await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-${engine}@reports.test.invalid` })).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const compose = async (who: string, body: object) => {
    const res = await client(who).post('/api/v1/publications', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; slug: string; latestVersion: number; can: { update: boolean; publish: boolean } }>();
  };
  const dashboardItem = (view = 'table') => ({ kind: 'dashboard', view, dashboard: { plan: planId, until: '2025-06' }, caption: { en: 'People reached', ar: 'الأشخاص الذين تم الوصول إليهم' } });
  const pub = (url: string) => server.inject({ url });

  it('publishes v1, keeps showing it while the data change, publishes v2 on demand, and keeps v1 readable at its own address', async () => {
    const draft = await compose('iomLead', {
      platform: 'gifmm-colombia-demo', title: { en: 'Colombia response, first half', ar: 'الاستجابة في كولومبيا' },
      text: { en: 'People reached by the platform\'s partners.\n\nFigures are validated.' }, items: [dashboardItem('chart'), { kind: 'figures', view: 'table', figures: { host: 'COL' } }],
    });
    expect(draft).toMatchObject({ slug: 'colombia-response-first-half', latestVersion: 0, can: { update: true, publish: true } });
    // Never published: the public address does not exist yet.
    expect((await pub(`/api/v1/public/reports/${draft.slug}`)).statusCode).toBe(404);

    const v1 = await client('iomLead').post(`/api/v1/publications/${draft.id}/publish`);
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json()).toMatchObject({ latestVersion: 1, versions: [{ version: 1 }] });
    const first = (await pub(`/api/v1/public/reports/${draft.slug}`)).json<PublishedJson>();
    expect(first).toMatchObject({ version: 1, latestVersion: 1, title: { en: 'Colombia response, first half' } });
    expect(interSector(first.items[0]!)).toBe(72);
    expect(first.items[0]!.data.chart?.labels).toEqual(['Protection']);
    expect(first.items[1]!.data.rows.length).toBeGreaterThan(0);
    expect(first.items[1]!.data.rows.every((r) => r[2] === 'COL')).toBe(true);
    expect(published).toContainEqual({ slug: draft.slug, version: 1, rows: first.items[0]!.data.rows.length + first.items[1]!.data.rows.length });

    // The data change, and the draft's title too: the public address still shows what was published.
    await report('2025-03', [{ group: 'in_destination', n: 40 }]);
    expect((await pub(`/api/v1/plans/${planId}/dashboard`)).json().peopleReached.interSector).toBe(112);
    expect((await client('iomLead').patch(`/api/v1/publications/${draft.id}`, { title: { en: 'Colombia response, updated' } })).statusCode).toBe(200);
    const still = (await pub(`/api/v1/public/reports/${draft.slug}`)).json<PublishedJson>();
    expect(still.version).toBe(1);
    expect(still.title.en).toBe('Colombia response, first half');
    expect(interSector(still.items[0]!)).toBe(72);

    // Republished by the organisation's IM officer: v2 reads the data as they are now; the address does not move.
    expect((await client('iomIm').post(`/api/v1/publications/${draft.id}/publish`)).statusCode).toBe(200);
    const second = (await pub(`/api/v1/public/reports/${draft.slug}`)).json<PublishedJson>();
    expect(second).toMatchObject({ slug: draft.slug, version: 2, latestVersion: 2, title: { en: 'Colombia response, updated' } });
    expect(interSector(second.items[0]!)).toBe(112);
    expect(second.versions.map((v) => v.version)).toEqual([2, 1]);
    const kept = (await pub(`/api/v1/public/reports/${draft.slug}/versions/1`)).json<PublishedJson>();
    expect(kept).toMatchObject({ version: 1, latestVersion: 2, title: { en: 'Colombia response, first half' } });
    expect(interSector(kept.items[0]!)).toBe(72);
    expect((await pub(`/api/v1/public/reports/${draft.slug}/versions/3`)).statusCode).toBe(404);

    // Each version went out once, in the transfer register, on the public interest.
    const transfers = await client('iomLead').get('/api/v1/sharing/transfers?direction=out&limit=50');
    expect(transfers.statusCode, transfers.body).toBe(200);
    const mine = transfers.json<{ items: Array<{ purpose: string | null; legalBasis: string | null; kind: string }> }>().items.filter((x) => x.purpose?.startsWith(`public report ${draft.slug}`));
    expect(mine.map((x) => x.purpose).sort()).toEqual([`public report ${draft.slug}, version 1`, `public report ${draft.slug}, version 2`]);
    expect(mine.every((x) => x.legalBasis === 'public_interest' && x.kind === 'figures')).toBe(true);
  });

  it('reads a dashboard as the public does, even when a co-lead publishes it: no people-reached value below k, nor one recoverable from its total', async () => {
    const lead = (await client('iomLead').get(`/api/v1/plans/${planId}/dashboard`)).json();
    expect(lead.peopleReached.byGroup.returnees).toBe(3); // the co-lead sees every value on the live dashboard
    const draft = await compose('iomLead', { platform: 'gifmm-colombia-demo', title: { en: 'Disclosure check' }, items: [dashboardItem('map')] });
    const preview = await client('iomLead').post('/api/v1/publications/preview', { item: dashboardItem('table') });
    expect(preview.statusCode, preview.body).toBe(200);
    expect((await client('iomLead').post(`/api/v1/publications/${draft.id}/publish`)).statusCode).toBe(200);
    const item = (await pub(`/api/v1/public/reports/${draft.slug}`)).json<PublishedJson>().items[0]!;
    for (const data of [item.data, preview.json<ItemJson['data']>()]) {
      const k = data.disclosure!.k;
      expect(k).toBe(5);
      const people = data.rows.filter((r) => String(r[0]).startsWith('people reached') || String(r[0]).startsWith('new people'));
      for (const r of people) if (typeof r[4] === 'number') expect(r[4] === 0 || r[4] >= k, `${r.join(' | ')}`).toBe(true);
      const group = (g: string) => people.find((r) => r[1] === 'group' && r[2] === g)?.[4];
      expect(group('returnees')).toBeNull();
      expect(group('pendular')).toBeNull();
      expect(data.disclosure!.hidden).toBeGreaterThanOrEqual(2);
    }
    expect(item.data.map?.values).toHaveProperty('CO54');

    // Later reports make the two groups large enough to show; the live dashboard (another release of the same
    // table) and the next version of the report keep them hidden, or the new pendular figure would let a reader
    // recover the earlier returnees. The co-lead sees both.
    await report('2025-04', [{ group: 'pendular', n: 40 }, { group: 'returnees', n: 40 }]);
    const live = (await pub(`/api/v1/plans/${planId}/dashboard?until=2025-06`)).json();
    expect(live.peopleReached.byGroup).toMatchObject({ pendular: null, returnees: null });
    expect((await client('iomLead').get(`/api/v1/plans/${planId}/dashboard?until=2025-06`)).json().peopleReached.byGroup).toMatchObject({ pendular: 49, returnees: 43 });
    expect((await client('iomLead').post(`/api/v1/publications/${draft.id}/publish`)).statusCode).toBe(200);
    const v2 = (await pub(`/api/v1/public/reports/${draft.slug}`)).json<PublishedJson>().items[0]!;
    const groupOf = (g: string) => v2.data.rows.find((r) => r[0] === 'people reached' && r[1] === 'group' && r[2] === g)?.[4];
    expect([groupOf('pendular'), groupOf('returnees'), groupOf('in_destination')]).toEqual([null, null, 100]);
  });

  it('keeps a draft "not found" to whoever may not compose it, signed in or not, and out of their list', async () => {
    const draft = await compose('iomIm', { title: { en: 'Internal draft' }, items: [{ kind: 'figures', view: 'chart', figures: { host: 'COL', type: 'REF' } }] });
    for (const who of ['outsider', 'reporter', null]) {
      expect((await client(who).get(`/api/v1/publications/${draft.id}`)).statusCode, `${who}`).toBe(404);
    }
    expect((await client('outsider').patch(`/api/v1/publications/${draft.id}`, { title: { en: 'Taken over' } })).statusCode).toBe(404);
    expect((await client('outsider').post(`/api/v1/publications/${draft.id}/publish`)).statusCode).toBe(404);
    expect((await client(null).post(`/api/v1/publications/${draft.id}/publish`)).statusCode).toBe(401);
    expect((await client('reporter').post('/api/v1/publications', { title: { en: 'Mine' } })).statusCode).toBe(403);
    expect((await client('outsider').post('/api/v1/publications', { platform: 'gifmm-colombia-demo', title: { en: 'Not a co-lead' } })).statusCode).toBe(403);
    // The same draft for its composers: the IM officer's organisation (own_org) and IOM's coordinator (no platform: not a co-lead here).
    expect((await client('iomIm').get(`/api/v1/publications/${draft.id}`)).statusCode).toBe(200);
    const lists = await Promise.all(['iomIm', 'outsider'].map(async (w) => (await client(w).get('/api/v1/publications')).json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)));
    expect(lists[0]).toContain(draft.id);
    expect(lists[1]).not.toContain(draft.id);
    expect((await client(null).get('/api/v1/publications')).statusCode).toBe(401);
  });

  it('gives the same values for one version as JSON, CSV, HXL (hashtags under the headers) and XLSX (a sheet per item)', async () => {
    const draft = await compose('iomLead', { platform: 'gifmm-colombia-demo', title: { en: 'Formats' }, items: [dashboardItem('table'), { kind: 'figures', view: 'table', figures: { host: 'COL' } }] });
    await client('iomLead').post(`/api/v1/publications/${draft.id}/publish`);
    const base = `/api/v1/public/reports/${draft.slug}/versions/1`;
    const json = (await pub(base)).json<PublishedJson>();
    const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c));
    const book = new ExcelJS.Workbook();
    const xlsx = await pub(`${base}?format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    await book.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
    expect(book.worksheets).toHaveLength(2);
    for (const [i, item] of json.items.entries()) {
      const headers = item.data.columns.map((c) => c.header);
      const tags = item.data.columns.map((c) => c.tag);
      const csv = (await pub(`${base}?format=csv&item=${i + 1}`)).body.trimEnd().split('\r\n');
      const hxl = (await pub(`${base}?format=hxl&item=${i + 1}`)).body.trimEnd().split('\r\n');
      expect(cells(csv[0]!)).toEqual(headers);
      expect(hxl.slice(0, 2).map(cells)).toEqual([headers, tags]);
      const plain = item.data.rows.map((r) => r.map(text));
      expect(csv.slice(1).map(cells)).toEqual(plain);
      expect(hxl.slice(2).map(cells)).toEqual(plain);
      const sheet = book.worksheets[i]!;
      const values = (n: number) => Array.from(sheet.getRow(n).values as Cell[], (v) => v ?? null).slice(1);
      expect(values(2).map(text)).toEqual(tags);
      expect(sheet.rowCount).toBe(item.data.rows.length + 2);
      item.data.rows.forEach((r, j) => expect(values(j + 3).map(text).concat(Array(r.length).fill('')).slice(0, r.length)).toEqual(r.map(text)));
    }
    const whole = (await pub(`${base}?format=hxl`)).body;
    expect(whole.match(/#indicator\+name/g)).toHaveLength(1);
    expect(whole).toContain('#affected');
    expect((await pub(`${base}?format=csv&item=3`)).json().details[0].field).toBe('item');
  });

  it('refuses bad input naming the field', async () => {
    const field = async (res: { statusCode: number; json: () => { details: Array<{ field?: string }> } }) => {
      expect(res.statusCode).toBe(400);
      return res.json().details.map((d) => d.field);
    };
    expect(await field(await client('iomIm').post('/api/v1/publications', { title: { fr: 'Sans anglais' } }))).toEqual(expect.arrayContaining([expect.stringMatching(/title\.en|title\/en|title$/)]));
    expect(await field(await client('iomIm').post('/api/v1/publications', { title: { en: 'x' }, items: [{ kind: 'dashboard', view: 'table' }] }))).toContain('items[0].dashboard');
    expect(await field(await client('iomIm').post('/api/v1/publications', { title: { en: 'x' }, items: [{ kind: 'figures', view: 'map', figures: {} }] }))).toContain('items[0].view');
    expect(await field(await client('iomIm').post('/api/v1/publications/preview', { item: { kind: 'dashboard', view: 'table', dashboard: { plan: 'no-such-plan' } } }))).toContain('item.dashboard.plan');
    expect(await field(await client('iomIm').post('/api/v1/publications', { title: { en: 'x' }, organisation: 'nobody' }))).toContain('organisation');
    const empty = await compose('iomIm', { title: { en: 'Empty' } });
    expect(await field(await client('iomIm').post(`/api/v1/publications/${empty.id}/publish`))).toContain('items');
    const bad = await compose('iomIm', { title: { en: 'Bad plan' }, items: [{ kind: 'dashboard', view: 'table', dashboard: { plan: 'gone' } }] });
    expect(await field(await client('iomIm').post(`/api/v1/publications/${bad.id}/publish`))).toContain('items[0].dashboard.plan');
    // Nothing was published by the refusals.
    expect((await client('iomIm').get(`/api/v1/publications/${bad.id}`)).json().latestVersion).toBe(0);
  });
});
