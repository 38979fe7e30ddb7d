import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { on } from '../src/core/events.js';
import { buildServer, type Server } from '../src/http/server.js';
import { keysOf } from '../src/protection/master-key.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

/** A clock the test moves: retention ends without waiting a year. */
function testClock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advanceDays: (d: number) => { t += d * 86_400_000; } };
}

/** A synthetic respondent's answers (made up for the test). */
const answers = (point: string, extra: Record<string, unknown> = {}) => ({
  point, date: '2026-03-01', consent: true, consentMethod: 'verbal', sex: 'female', ageBand: '26_35', nationality: 'VEN', origin: 'VEN', departure: 'COL',
  destination: 'PER', reason: 'economic', transport: 'bus', needs: ['food', 'health'], withChildren: true, ...extra,
});
const PERSONAL = { name: 'Synthetic Marisol Test-Uno', contact: '+51 900 000 111', birthDate: '1992-07-04', remarks: 'Synthetic remark: travels with two children' };

describeEachEngine('flow-monitoring surveys: consent, sealed personal fields, own organisation only, aggregates for all', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  const s: Record<string, Session> = {};
  const events: string[] = [];
  let point = '';
  let otherPoint = '';
  let responseId = '';

  beforeAll(async () => {
    t = await freshDb(engine);
    app = createApp(t.database, { protection: { now: clock.now, masterKeys: keysOf([randomBytes(32)], 'test', null) } });
    for (const e of ['movements.survey_recorded', 'movements.survey_consent_withdrawn'] as const) {
      app.events.subscribe(on(e, 'after-commit', 'test: survey events', async (p) => { events.push(`${e} ${JSON.stringify(p)}`); }));
    }
    server = await buildServer(app);
    const people = [
      ['iomWorker', 'iom', 'case_worker'], ['iomIm', 'iom', 'im_officer'], ['iomCoord', 'iom', 'coordinator'],
      ['unhcrFocal', 'unhcr', 'protection_focal_point'], ['admin', 'platform', 'platform_admin'], ['viewer', 'unhcr', 'viewer'],
    ] as const;
    for (const [name, org, role] of people) s[name] = await signIn(server, (await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-${engine}@surveys.test.invalid` })).email);
    point = (await app.flows.createPoint(operatorCtx(), { code: 'PER-TUM-T', name: 'Tumbes (test)', country: 'PER', kind: 'border_crossing', asOrg: 'iom' })).id;
    otherPoint = (await app.flows.createPoint(operatorCtx(), { code: 'ECU-HUA-T', name: 'Huaquillas (test)', country: 'ECU', kind: 'border_crossing', asOrg: 'unhcr' })).id;
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const raw = (id: string) => app.db.selectFrom('movement_survey_responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const keyOf = (id: string) => app.db.selectFrom('protection_keyring').select('wrapped_key').where('purpose', '=', `survey:${id}`).executeTakeFirst();

  it('refuses a response without consent, naming the field, and records nothing', async () => {
    for (const consent of [false, undefined]) {
      const body: Record<string, unknown> = answers(point, { ...PERSONAL, consent });
      if (consent === undefined) delete body.consent;
      const res = await as(server, s.iomWorker!).post('/api/v1/movements/surveys', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field.replace(/^body\./, ''))).toContain('consent');
    }
    // The service refuses it the same way (the CLI, the seed, another module).
    await expect(app.flowSurveys.create(operatorCtx(), answers(point, { consent: false }))).rejects.toMatchObject({ code: 'validation_failed', details: [{ field: 'consent' }] });
    const n = await app.db.selectFrom('movement_survey_responses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('names the field of each bad answer', async () => {
    const w = as(server, s.iomWorker!);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ sex: 'x' }, 'sex'], [{ ageBand: '30' }, 'ageBand'], [{ nationality: 'ZZZ' }, 'nationality'], [{ destination: 'PE' }, 'destination'],
      [{ reason: 'fun' }, 'reason'], [{ needs: ['food', 'food'] }, 'needs'], [{ needs: ['none', 'food'] }, 'needs'], [{ date: '2026-02-30' }, 'date'],
      [{ retainUntil: '2031-01-01' }, 'retainUntil'], [{ retainUntil: '2026-01-01' }, 'retainUntil'], [{ birthDate: '2027-01-01' }, 'birthDate'],
      [{ point: 'no-such-point' }, 'point'], [{ contact: '' }, 'contact'],
    ];
    for (const [patch, field] of cases) {
      const res = await w.post('/api/v1/movements/surveys', answers(point, patch));
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field.replace(/^body\./, '')), field).toContain(field);
    }
  });

  it('records a consented response with its personal fields sealed: the database holds no name, contact, birth date or remark in clear', async () => {
    const res = await as(server, s.iomWorker!).post('/api/v1/movements/surveys', answers(point, PERSONAL));
    expect(res.statusCode, res.body).toBe(201);
    responseId = res.json().id;
    expect(res.json()).toMatchObject({
      status: 'consented', organisation: { slug: 'iom' }, point: { id: point, code: 'PER-TUM-T' }, retainUntil: '2027-03-01',
      answers: { nationality: 'VEN', needs: ['food', 'health'], withChildren: true }, personal: { name: PERSONAL.name, contact: PERSONAL.contact, birthDate: PERSONAL.birthDate },
      can: { withdraw: true, readPersonal: true },
    });
    const row = await raw(responseId);
    for (const col of ['name', 'contact', 'birth_date', 'remarks'] as const) expect(row[col]).toMatch(/^v1\./);
    const text = JSON.stringify(row);
    for (const v of Object.values(PERSONAL)) expect(text).not.toContain(v);
    expect(text).not.toContain('Marisol');
    // Coded answers stay in plain columns, for the aggregates.
    expect(row).toMatchObject({ nationality: 'VEN', reason: 'economic', month: '2026-03', age_band: '26_35' });
    // The response's own key is in the keyring, wrapped by the master key (never the key itself).
    expect((await keyOf(responseId))?.wrapped_key).toMatch(/^[^.]+\.v1\./);
    // A ciphertext moved to another column does not open.
    await app.db.updateTable('movement_survey_responses').set({ contact: row.name }).where('id', '=', responseId).execute();
    await expect(app.flowSurveys.get(operatorCtx(), responseId)).rejects.toThrow();
    await app.db.updateTable('movement_survey_responses').set({ contact: row.contact }).where('id', '=', responseId).execute();
    expect(events.some((e) => e.startsWith('movements.survey_recorded') && e.includes(responseId) && !e.includes('Marisol'))).toBe(true);
  });

  it('lets the organisation\'s information-management officer read the coded answers, never the personal fields', async () => {
    const one = await as(server, s.iomIm!).get(`/api/v1/movements/surveys/${responseId}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ answers: { nationality: 'VEN' }, personal: null, can: { withdraw: false, readPersonal: false } });
    expect(one.body).not.toContain('Marisol');
    const list = await as(server, s.iomIm!).get('/api/v1/movements/surveys');
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([responseId]);
    expect(list.body).not.toContain('Marisol');
    const w = await as(server, s.iomIm!).post('/api/v1/movements/surveys', answers(point));
    expect(w.statusCode).toBe(403);
  });

  it('answers 404 to another organisation and to an administrator, as for a response that does not exist, and lists none to them', async () => {
    for (const who of ['unhcrFocal', 'admin', 'viewer', 'iomCoord'] as const) {
      const hidden = await as(server, s[who]!).get(`/api/v1/movements/surveys/${responseId}`);
      const absent = await as(server, s[who]!).get('/api/v1/movements/surveys/0190aaaa-0000-7000-8000-000000000000');
      expect(hidden.statusCode, `${who}: ${hidden.body}`).toBe(404);
      expect(absent.statusCode).toBe(404);
      expect(hidden.json().message).toBe(absent.json().message);
      const withdraw = await as(server, s[who]!).post(`/api/v1/movements/surveys/${responseId}/withdraw`);
      expect(withdraw.statusCode, who).toBe(404);
      expect(hidden.body + withdraw.body).not.toContain('Marisol');
    }
    const unhcrList = await as(server, s.unhcrFocal!).get('/api/v1/movements/surveys');
    expect(unhcrList.statusCode).toBe(200);
    expect(unhcrList.json()).toMatchObject({ items: [], total: 0 });
    // Nor may another organisation record a response at a point it does not operate.
    const foreign = await as(server, s.unhcrFocal!).post('/api/v1/movements/surveys', answers(point));
    expect(foreign.statusCode).toBe(403);
  });

  it('publishes aggregates to every signed-in account with small cells suppressed and nothing personal', async () => {
    const w = as(server, s.iomWorker!);
    for (let i = 0; i < 6; i++) expect((await w.post('/api/v1/movements/surveys', answers(point, { nationality: 'VEN', name: `Synthetic Person ${i}` }))).statusCode).toBe(201);
    for (let i = 0; i < 2; i++) expect((await w.post('/api/v1/movements/surveys', answers(point, { nationality: 'COL', origin: 'COL', sex: 'male' }))).statusCode).toBe(201);
    const anon = await as(server, null).get('/api/v1/movements/surveys/aggregates?by=nationality');
    expect(anon.statusCode).toBe(401);
    for (const who of ['viewer', 'unhcrFocal', 'admin'] as const) {
      const res = await as(server, s[who]!).get(`/api/v1/movements/surveys/aggregates?by=nationality&point=${point}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ kind: 'survey', by: 'nationality', suppression: { k: 5 }, months: ['2026-03'], categories: ['COL', 'VEN'] });
      const cell = (month: string | null, category: string | null) => body.cells.find((c: { month: string | null; category: string | null }) => c.month === month && c.category === category);
      expect(cell('2026-03', 'COL').value).toBeNull();
      expect(body.suppression.suppressed).toBeGreaterThan(1);
      // No published cell gives the two away: whatever is shown, COL cannot be recovered as total less VEN.
      const total = cell('2026-03', null).value;
      const ven = cell('2026-03', 'VEN').value;
      expect(total === null || ven === null).toBe(true);
      expect(res.body).not.toMatch(/Synthetic|Marisol|\+51|1992/);
    }
    const bySexAge = await as(server, s.viewer!).get('/api/v1/movements/surveys/aggregates?by=sex_age');
    expect(bySexAge.json().categories).toEqual(['female:26_35', 'male:26_35']);
    const needs = await as(server, s.viewer!).get('/api/v1/movements/surveys/aggregates?by=needs');
    expect(needs.json()).toMatchObject({ categories: ['food', 'health'], label: expect.stringContaining('mentions') });
    expect(needs.json().cells.find((c: { month: string | null; category: string | null }) => c.month === null && c.category === 'food').value).toBe(9);
    const bad = await as(server, s.viewer!).get('/api/v1/movements/surveys/aggregates?by=name');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('querystring.by');
  });

  it('erases every answer and personal field at once when the person withdraws consent, and stops counting the response', async () => {
    const economic = async () => (await as(server, s.viewer!).get(`/api/v1/movements/surveys/aggregates?by=reason&point=${point}`)).json()
      .cells.find((c: { month: string | null; category: string | null }) => c.month === null && c.category === 'economic').value;
    expect(await economic()).toBe(9);
    const res = await as(server, s.iomWorker!).post(`/api/v1/movements/surveys/${responseId}/withdraw`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', answers: null, personal: null, personalErased: true, can: { withdraw: false } });
    const row = await raw(responseId);
    expect(row).toMatchObject({ name: null, contact: null, birth_date: null, remarks: null, nationality: null, sex: null, reason: null });
    expect(row.consent_withdrawn_at).not.toBeNull();
    expect(await keyOf(responseId)).toBeUndefined();
    const needs = await app.db.selectFrom('movement_survey_needs').selectAll().where('response_id', '=', responseId).execute();
    expect(needs).toEqual([]);
    expect(await economic()).toBe(8);
    // Withdrawing again changes nothing and raises nothing.
    const again = await as(server, s.iomWorker!).post(`/api/v1/movements/surveys/${responseId}/withdraw`);
    expect(again.statusCode).toBe(200);
    expect(events.filter((e) => e.startsWith('movements.survey_consent_withdrawn'))).toEqual([`movements.survey_consent_withdrawn ${JSON.stringify({ responseId, orgId: row.org_id })}`]);
  });

  it('erases personal fields and their keys once retention ends, keeping the coded answers for the aggregates', async () => {
    const created = await as(server, s.iomWorker!).post('/api/v1/movements/surveys', answers(point, { ...PERSONAL, retainUntil: '2026-06-30' }));
    const id = created.json().id as string;
    expect(created.json().retainUntil).toBe('2026-06-30');
    expect(await app.flowSurveys.runRetention(operatorCtx())).toEqual({ erased: 0 });
    clock.advanceDays(130);
    expect((await app.flowSurveys.runRetention(operatorCtx())).erased).toBe(1);
    const row = await raw(id);
    expect(row).toMatchObject({ name: null, contact: null, birth_date: null, remarks: null, nationality: 'VEN', reason: 'economic' });
    expect(row.personal_erased_at).not.toBeNull();
    expect(await keyOf(id)).toBeUndefined();
    const seen = await as(server, s.iomWorker!).get(`/api/v1/movements/surveys/${id}`);
    expect(seen.json()).toMatchObject({ status: 'consented', personal: null, personalErased: true, answers: { nationality: 'VEN' } });
    // The responses recorded with the default twelve months keep theirs.
    expect((await raw(responseId)).personal_erased_at).not.toBeNull();
    const kept = await app.db.selectFrom('movement_survey_responses').select('id').where('personal_erased_at', 'is', null).execute();
    expect(kept.length).toBe(8);
    expect(await app.flowSurveys.runRetention(operatorCtx())).toEqual({ erased: 0 });
  });

  it('keeps every survey key openable through a rotation of the master key', async () => {
    const live = await as(server, s.iomWorker!).post('/api/v1/movements/surveys', answers(point, { name: 'Synthetic Rotation' }));
    const id = live.json().id as string;
    const before = (await keyOf(id))!.wrapped_key;
    const rotated = await app.protectionKeys.rotate();
    expect(rotated.keyring).toBeGreaterThan(0);
    expect((await keyOf(id))!.wrapped_key).not.toBe(before);
    const read = await as(server, s.iomWorker!).get(`/api/v1/movements/surveys/${id}`);
    expect(read.json().personal.name).toBe('Synthetic Rotation');
  });

  it('lists the organisation\'s responses a page at a time, the latest first, by point', async () => {
    const page = await as(server, s.iomWorker!).get(`/api/v1/movements/surveys?limit=3&offset=0&point=${point}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ total: 11, limit: 3, offset: 0 });
    expect(page.json().items).toHaveLength(3);
    const none = await as(server, s.iomWorker!).get(`/api/v1/movements/surveys?point=${otherPoint}`);
    expect(none.json().total).toBe(0);
  });
});
