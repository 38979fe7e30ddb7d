import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { on } from '../src/core/events.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

describeEachEngine('domain events', (engine) => {
  let t: TestDb;
  let n = 0;
  const situation = () => ({ name: `Events test ${++n}`, slug: `events-test-${n}-${engine}`, origins: ['NIC'], hosts: ['CRI'] });

  beforeAll(async () => { t = await freshDb(engine); });
  afterAll(async () => { await t.dispose(); });

  it('reach an in-transaction subscriber inside the transaction that raised them, seeing its uncommitted change', async () => {
    const seen: Array<{ id: string; visible: boolean }> = [];
    t.app.events.subscribe(on('situation.defined', 'in-transaction', 'test: read inside', async ({ situationId }, trx) => {
      const row = await trx.selectFrom('situations').select('id').where('id', '=', situationId).executeTakeFirst();
      seen.push({ id: situationId, visible: row !== undefined });
    }));
    const s = await t.app.situations.create(operatorCtx(), situation());
    expect(seen).toContainEqual({ id: s.id, visible: true });
  });

  it('undo the change when an in-transaction subscriber fails, and then never reach after-commit subscribers', async () => {
    const after: string[] = [];
    t.app.events.subscribe(on('situation.defined', 'after-commit', 'test: after', async ({ situationId }) => { after.push(situationId); }));
    t.app.events.subscribe(on('situation.defined', 'in-transaction', 'test: refuse', async () => { throw new Error('refused by a subscriber'); }));
    const input = situation();
    await expect(t.app.situations.create(operatorCtx(), input)).rejects.toThrow('refused by a subscriber');
    await expect(t.app.situations.get(input.slug)).rejects.toThrow(/not found/);
    expect(after).toEqual([]);
  });

  it('reach after-commit subscribers once the change is committed and visible to everyone', async () => {
    const t2 = await freshDb(engine);
    try {
      const committed: boolean[] = [];
      t2.app.events.subscribe(on('decision.signed', 'after-commit', 'test: after commit', async ({ decisionId }, db) => {
        committed.push((await db.selectFrom('decisions').select('status').where('id', '=', decisionId).executeTakeFirst())?.status === 'signed');
      }));
      await seedDemoIfEmpty(t2.app);
      // The demo records two decisions signed by both agencies.
      expect(committed).toEqual([true, true]);
    } finally {
      await t2.dispose();
    }
  });

  it('are declared by the modules that raise them: a subscription to an event nobody raises is refused', () => {
    expect([...t.app.events.catalogue.keys()].sort()).toEqual([
      'agreement.approved', 'agreement.concluded', 'agreement.lapsed', 'capacity.match_accepted', 'capacity.match_delivered', 'capacity.request_filed', 'dashboard.exported',
      'decision.conflicting', 'decision.proposed', 'decision.rejected', 'decision.signed', 'decision.withdrawn', 'figures.exported', 'figures.imported',
      'movements.counts_imported', 'movements.mapping_saved', 'movements.point_created', 'movements.survey_consent_withdrawn', 'movements.survey_recorded', 'policy.published', 'protection.person_erased', 'publication.published',
      'referral.closed', 'referral.consent_withdrawn', 'referral.declined', 'referral.overdue', 'referral.sent', 'report.validated', 'situation.defined',
      'solutions.case_dropped', 'solutions.case_moved', 'solutions.figures_imported', 'solutions.return_approved', 'solutions.return_approved_over_objection',
      'solutions.return_completed', 'solutions.return_opened',
    ]);
    // @ts-expect-error: not an event any module declares
    expect(() => t.app.events.subscribe(on('situation.defind', 'after-commit', 'test: typo', async () => undefined))).toThrow(/no module declares/);
  });

  it('tell subscribers which countries an import changed, and say nothing when a file changes nothing', async () => {
    const imported: Array<{ hosts: string[]; inserted: number }> = [];
    t.app.events.subscribe(on('figures.imported', 'after-commit', 'test: imports', async (e) => { imported.push({ hosts: e.hosts, inserted: e.inserted }); }));
    async function* rows() {
      yield {
        row: 2, rowKey: 'k', errors: [],
        figures: [{ refDate: '2030-12-31', datePrecision: 'year' as const, origin: 'NIC', host: 'CRI', area: null, type: 'MIG' as const, sex: 'total' as const, value: 7, includesProtection: false, sourceOrg: 'iom', sourceDataset: 'events-test', sourceRow: 2, method: 'test' }],
      };
    }
    await t.app.imports.ingest(operatorCtx(), 'test', 'events.csv', rows(), { sha256: () => 'x', asOrg: 'iom' });
    await t.app.imports.ingest(operatorCtx(), 'test', 'events.csv', rows(), { sha256: () => 'x', asOrg: 'iom' });
    expect(imported).toEqual([{ hosts: ['CRI'], inserted: 1 }]);
  });
});
