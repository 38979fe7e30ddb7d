import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as hxl from '../src/hxl/index.js';
import { buildServer, type Server } from '../src/http/server.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { freshDb, SHARED_DATA, type TestDb } from './helpers/engines.js';

const IO = join(SHARED_DATA, 'hxl/libhxl-python-tests/test_io');
const rowsOf = async (ds: hxl.Dataset) => hxl.collect(ds.rows);

describe('HXL in XLSX', () => {
  it('reads the first sheet with a hashtag row, with the same hashtags and rows as the CSV version', async () => {
    const csv = await hxl.openHxl(join(IO, 'input-valid.csv'));
    for (const f of ['input-valid.xlsx', 'input-valid-xlsx.NOEXT']) {
      const x = await hxl.openHxl(join(IO, f));
      expect(x.columns.map(hxl.displayTag)).toEqual(csv.columns.map(hxl.displayTag));
      expect(await rowsOf(x)).toEqual(await rowsOf(await hxl.openHxl(join(IO, 'input-valid.csv'))));
    }
    const multi = await hxl.openHxl(join(SHARED_DATA, 'hxl/hxl-proxy-tests/multisheet-dataset.xlsx'));
    expect(multi.columns.map(hxl.displayTag)).toEqual(['#org', '#sector', '#country']);
  });

  it('writes XLSX that reads back the same', async () => {
    const out = join(tmpdir(), `tandem-${process.pid}.xlsx`);
    await hxl.writeHxlXlsx(await hxl.openHxl(join(IO, 'input-valid.csv')), out);
    const back = await hxl.openHxl(out);
    expect(back.columns.map(hxl.displayTag)).toEqual((await hxl.openHxl(join(IO, 'input-valid.csv'))).columns.map(hxl.displayTag));
    expect(await rowsOf(back)).toEqual(await rowsOf(await hxl.openHxl(join(IO, 'input-valid.csv'))));
  });

  it('refuses an XLSX with too many entries or too much to expand before decompressing it', async () => {
    const path = join(IO, 'input-valid.xlsx');
    await expect(hxl.readHxlXlsx(path, { maxEntries: 3, maxUncompressedBytes: 1e9 })).rejects.toThrow(/entries in the XLSX file, more than the limit of 3/);
    await expect(hxl.readHxlXlsx(path, { maxEntries: 1000, maxUncompressedBytes: 2000 })).rejects.toThrow(/expands beyond/);
    await expect(hxl.openHxl(join(IO, 'input-zip-invalid.zip'))).rejects.toThrow(/input-zip-invalid\.zip/);
  });
});

describe('lists exported as XLSX through the API', () => {
  let t: TestDb;
  let server: Server;
  beforeAll(async () => { t = await freshDb('sqlite'); await seedDemoIfEmpty(t.app); server = await buildServer(t.app); });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('streams figures and situations as XLSX workbooks with the hashtag row', async () => {
    for (const url of ['/api/v1/figures?format=xlsx&host=COL', '/api/v1/situations?format=xlsx']) {
      const res = await server.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const file = join(tmpdir(), `tandem-export-${process.pid}-${url.length}.xlsx`);
      (await import('node:fs')).writeFileSync(file, res.rawPayload);
      const ds = await hxl.openHxl(file);
      expect(ds.columns.some((c) => c.tag)).toBe(true);
      expect((await rowsOf(ds)).length).toBeGreaterThan(0);
    }
  });
});
