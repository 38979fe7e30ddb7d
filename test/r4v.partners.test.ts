import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { R4V_5W_COLUMNS } from '../src/response/r4v.layout.js';
import { makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

/**
 * Two partners of one platform send their own R4V 5W files for the same country and month: each file holds
 * the truth for its sender's rows only. (The integration's matrix found a partner's file deleting the other
 * partner's rows of that month.)
 */
describeEachEngine('R4V 5W files of two partners for one country and month', (engine) => {
  let t: TestDb;
  let server: Server;
  const sessions: Record<string, Session> = {};

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app, ['vocabulary', 'figures', 'situations', 'coordination', 'response']);
    server = await buildServer(t.app);
    for (const org of ['demo-partner-a', 'demo-partner-b']) sessions[org] = await signIn(server, (await makeUser(t.app, [[org, 'partner_reporter']])).email);
  });
  afterAll(async () => { await server?.close(); await t?.dispose(); });

  async function workbook(rows: ReadonlyArray<Record<string, string | number>>): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('5W');
    const headers = R4V_5W_COLUMNS.map(([h]) => h);
    ws.addRow(headers);
    for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('never deletes another partner\'s rows: a partner\'s file replaces only its own', async () => {
    const op = operatorCtx();
    const planId = (await t.app.plans.platformPage(op, 'gifmm-colombia-demo')).plans[0]!.id;
    const admin1 = (await t.app.registries.adminArea('CO11'))!.name;
    const indicator = (await t.app.registries.indicator('demo.prot.orientation'))!.name;
    const row = (org: string, name: string, total: number) => ({
      Country: 'Colombia', Admin1: admin1, Appealing_org: org, Month: '2025-06', Subsector: 'protection', Indicator: indicator,
      Activity_Name: name, Total_monthly: total, New_beneficiaries: 4, IN_DESTINATION: 4,
    });
    const send = async (org: string, rows: ReadonlyArray<Record<string, string | number>>) => {
      const s = sessions[org]!;
      return server.inject({
        method: 'POST', url: `/api/v1/plans/${planId}/r4v/5w?filename=${org}.xlsx`, payload: await workbook(rows),
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/octet-stream' },
      });
    };
    const stored = async () => (await t.app.db.selectFrom('r4v_rows').innerJoin('activities', 'activities.id', 'r4v_rows.activity_id')
      .innerJoin('organisations', 'organisations.id', 'activities.partner_org_id').select(['organisations.slug as org', 'r4v_rows.total_monthly as total']).execute())
      .map((r) => `${r.org}:${Number(r.total)}`).sort();

    const b = await send('demo-partner-b', [row('demo-partner-b', 'B activity (synthetic)', 10)]);
    expect(b.statusCode, b.body).toBe(200);
    const a = await send('demo-partner-a', [row('demo-partner-a', 'A activity (synthetic)', 12)]);
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toMatchObject({ inserted: 1, deleted: 0 });
    expect(await stored()).toEqual(['demo-partner-a:12', 'demo-partner-b:10']);
    // Partner A's next file for the month replaces A's row, and only A's.
    const again = await send('demo-partner-a', [row('demo-partner-a', 'A activity (synthetic)', 15)]);
    expect(again.json()).toMatchObject({ inserted: 1, deleted: 1 });
    expect(await stored()).toEqual(['demo-partner-a:15', 'demo-partner-b:10']);
  });
});
