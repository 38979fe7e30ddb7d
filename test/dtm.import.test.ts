import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { ImportError } from '../src/core/errors.js';
import { describeEachEngine, freshDb, SHARED_DATA, type TestDb } from './helpers/engines.js';
import { writeFile } from './helpers/files.js';

const op = operatorCtx();
const API_ADMIN1 = join(SHARED_DATA, 'dtm/dtm-api-raw/displacement-admin1-admin0pcode-tcd.json');
const HXL_EXPORT = join(SHARED_DATA, 'dtm/global-iom-dtm-from-api-admin-0-to-2.csv');

describeEachEngine('importing IOM DTM figures', (engine) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(engine); });
  afterAll(async () => { await t.dispose(); });

  it('takes the latest round of an operation from the DTM API, summing displacement reasons', async () => {
    const s = await t.app.imports.runDtm(op, API_ADMIN1, { asOrg: 'iom' });
    expect(s).toMatchObject({ inserted: 1, superseded: 54 });
    const { items } = await t.app.figures.page(operatorCtx(), { host: 'TCD', type: 'IDP' }, { limit: 10 });
    // Round 24 (January 2025) covers Lac only: 221,543 displaced by conflict + 4,146 by natural disaster.
    expect(items).toEqual([expect.objectContaining({ refDate: '2025-01-31', area: 'TD07', value: 225_689, source: expect.objectContaining({ organisation: 'iom' }) })]);
  });

  it('imports the DTM HXL export by admin area, and changes nothing the second time', async () => {
    const first = await t.app.imports.runDtm(op, HXL_EXPORT, { asOrg: 'iom' });
    expect(first.inserted).toBeGreaterThan(500);
    const again = await t.app.imports.runDtm(op, HXL_EXPORT, { asOrg: 'iom' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, batchId: null });
  });

  it('refuses a record with a bad count or country, naming the row and field, and imports nothing', async () => {
    const bad = writeFile(`dtm-bad-${engine}.json`, JSON.stringify({ result: [
      { operation: 'Op', admin0Pcode: 'TCD', adminLevel: 0, numPresentIdpInd: 10, reportingDate: '2024-01-31T00:00:00', roundNumber: 1 },
      { operation: 'Op', admin0Pcode: 'QQQ', adminLevel: 0, numPresentIdpInd: -3, reportingDate: '2024-01-31T00:00:00', roundNumber: 1 },
    ] }));
    const err = await t.app.imports.runDtm(op, bad, { asOrg: 'iom' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).details).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 2, column: 'admin0Pcode' }), expect.objectContaining({ row: 2, column: 'numPresentIdpInd' }),
    ]));
    expect((await t.app.figures.page(operatorCtx(), { dataset: 'iom-dtm:Op' }, { limit: 5 })).items).toEqual([]);
  });
});
