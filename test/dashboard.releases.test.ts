import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

interface Cell { sector: string; area: string; group: string; value: number | null }

/**
 * A plan's live dashboard is a table published again every time a report is validated (issue 16: the same
 * cells suppressed in every release of the same table). A value hidden once stays hidden in later releases,
 * in the dashboard, its HXL export and the month's figures, so that two releases cannot be differenced; the
 * co-leads see every value.
 */
describeEachEngine('a live dashboard keeps hidden what its earlier releases hid', (engine) => {
  let t: TestDb;
  let server: Server;
  let planId = '';
  let lead: Session;

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    planId = (await t.app.plans.platformPage(operatorCtx(), 'gifmm-colombia-demo')).plans[0]!.id;
    const u = await makeUser(t.app, [['unhcr', 'coordinator']], { email: `lead-releases-${engine}@test.invalid` });
    lead = await signIn(server, u.email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  /** One validated report of a new activity in Antioquia (where the demo reports nothing): returnees only. */
  async function report(partner: string, returnees: number) {
    const op = operatorCtx();
    const act = await t.app.plans.addActivity(op, planId, { partner, sector: 'protection', indicator: 'demo.prot.orientation', pcode: 'CO05', countsPin: true, description: 'test: releases' });
    const { report: r } = await t.app.reports.saveReport(op, act.id, '2025-02', [{ group: 'returnees', sex: 'female', age: '18-59', reached: returnees, newReached: returnees }], true);
    await t.app.reports.review(op, r.id, { decision: 'validate' });
  }
  const antioquia = (cells: Cell[]) => cells.find((c) => c.sector === 'protection' && c.area === 'CO05' && c.group === 'returnees');
  const visitor = async () => (await server.inject({ url: `/api/v1/plans/${planId}/dashboard` })).json<{ peopleReached: { cells: Cell[]; byArea: Record<string, number | null> }; disclosure: { hidden: number } }>();
  const month = async () => (await server.inject({ url: `/api/v1/plans/${planId}/monthly?month=2025-02` })).json<{ byArea: Record<string, number | null> }>();

  it('hides a small count, and still hides it once later reports lift it above k', async () => {
    await report('demo-partner-a', 3);
    const first = await visitor();
    expect(antioquia(first.peopleReached.cells)?.value).toBeNull();
    expect(first.peopleReached.byArea.CO05).toBeNull();
    expect((await month()).byArea.CO05).toBeNull();

    await report('demo-partner-b', 40);
    const second = await visitor();
    // Without the memory the cell would now be published (40: the larger activity, this platform counting the highest within a sector).
    expect(antioquia(second.peopleReached.cells)?.value).toBeNull();
    expect(second.peopleReached.byArea.CO05).toBeNull();
    expect((await month()).byArea.CO05).toBeNull();
    const hxl = (await server.inject({ url: `/api/v1/plans/${planId}/dashboard?format=hxl` })).body;
    expect(hxl).toMatch(/people reached,area,CO05,[^,\n]*,\r?\n/);
    // Every value the first release hid is hidden in the second.
    const hiddenKeys = (cells: Cell[]) => cells.filter((c) => c.value === null).map((c) => `${c.sector}|${c.area}|${c.group}`);
    for (const key of hiddenKeys(first.peopleReached.cells)) expect(hiddenKeys(second.peopleReached.cells)).toContain(key);
  });

  it('shows the co-leads every value', async () => {
    const d = (await as(server, lead).get(`/api/v1/plans/${planId}/dashboard`)).json<{ peopleReached: { cells: Cell[] }; disclosure: { applied: boolean } }>();
    expect(d.disclosure.applied).toBe(false);
    expect(antioquia(d.peopleReached.cells)?.value).toBe(40);
  });
});
