import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import * as hxl from '../src/hxl/index.js';
import { makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { makeZip, unhcrCsv, unhcrRow, writeFile } from './helpers/files.js';
import { answerBeforeBody } from './helpers/raw.js';

const HXL_HEAD = ['#date', '#country+code+origin', '#country+code+host', '#indicator+code', '#affected', '#meta+source'];

describe('hostile files are refused by the readers, by name, without exhausting memory', () => {
  afterEach(() => { delete process.env.TANDEM_MAX_INFLATED_MB; });

  it('a JSON value longer than the cell limit, nesting past the depth limit, too many columns', async () => {
    const long = writeFile('long.json', JSON.stringify([HXL_HEAD, ['2024-01-01', 'x'.repeat(100_000)]]));
    await expect(hxl.collect((await hxl.readHxlJson(long)).rows)).rejects.toThrow(/long\.json: a value is longer than 32,768 characters/);
    const deep = writeFile('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
    await expect(hxl.readHxlJson(deep)).rejects.toThrow(/deep\.json: nested deeper than 32 levels/);
    const wide = writeFile('wide.json', JSON.stringify([Array.from({ length: 1_500 }, (_, i) => `#x+c${i}`)]));
    await expect(hxl.readHxlJson(wide)).rejects.toThrow(/wide\.json: a row has more than 1000 cells/);
    const keys = writeFile('keys.json', JSON.stringify(Array.from({ length: 1_500 }, (_, i) => ({ [`#x+k${i}`]: 1 }))));
    await expect(hxl.readHxlJson(keys)).rejects.toThrow(/keys\.json: the rows have more than 1000 distinct properties/);
    const broken = writeFile('broken.json', '[["#org"],["a"');
    await expect(hxl.collect((await hxl.readHxlJson(broken)).rows)).rejects.toThrow(/broken\.json: not valid JSON/);
  });

  it('reads JSON rows as a stream: nested objects of rows, numbers and nested values as text', async () => {
    const path = writeFile('rows.json', JSON.stringify({ meta: { n: 2 }, results: [{ '#org': 'A', '#affected': 12, '#meta': { a: [1, 'b'] } }, { '#org': null, '#x': true }] }));
    const ds = await hxl.readHxlJson(path);
    expect(ds.columns.map(hxl.displayTag)).toEqual(['#org', '#affected', '#meta', '#x']);
    expect(await hxl.collect(ds.rows)).toEqual([['A', '12', '{"a":[1,"b"]}', ''], ['', '', '', 'true']]);
  });

  it('a CSV record with an unclosed quote stops at the record limit and names the line', async () => {
    const path = writeFile('quote.csv', `#org,#affected\n"A,1\n${'x,'.repeat(700_000)}\n`);
    const ds = await hxl.readHxlCsv(path);
    await expect(hxl.collect(ds.rows)).rejects.toThrow(/quote\.csv: a record is longer than 1,048,576 characters \(line \d+\): an unclosed quote\?/);
  });

  it('a CSV with millions of columns, or with one 100 MB line, stops at the record limit and names the file', async () => {
    const wide = writeFile('wide.csv', `${'#x,'.repeat(2_000_000)}#y\n1\n`);
    const readAll = async (path: string) => hxl.collect((await hxl.readHxlCsv(path)).rows);
    await expect(readAll(wide)).rejects.toThrow(/wide\.csv: a record is longer than 1,048,576 characters/);
    const mb = Buffer.alloc(1024 * 1024, 'a');
    const long = writeFile('long.csv', Buffer.concat([Buffer.from('#org,#affected\nA,'), ...Array.from({ length: 100 }, () => mb), Buffer.from('\n')]));
    await expect(readAll(long)).rejects.toThrow(/long\.csv: a record is longer than 1,048,576 characters \(line 2\)/);
  });

  it('an XLSX whose entries expand past the limit, or whose declared sizes lie, is refused before exceljs reads it', async () => {
    process.env.TANDEM_MAX_INFLATED_MB = '1';
    const big = writeFile('big.xlsx', makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20) }]));
    await expect(hxl.readHxlXlsx(big)).rejects.toThrow(/big\.xlsx: the XLSX file expands beyond 1 MB/);
    const liar = writeFile('liar.xlsx', makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20), declaredSize: 100 }]));
    await expect(hxl.readHxlXlsx(liar)).rejects.toThrow(/liar\.xlsx: (not a valid XLSX|the XLSX file expands beyond)/);
  });
});

describeEachEngine('hostile uploads change nothing', (engine) => {
  let t: TestDb;
  let server: Server;
  let officer: Session;

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    officer = await signIn(server, (await makeUser(t.app, [['unhcr', 'im_officer']])).email);
  });
  afterAll(async () => { delete process.env.TANDEM_MAX_INFLATED_MB; await server.close(); await t.dispose(); });

  const upload = (query: string, payload: Buffer | string) => server.inject({
    method: 'POST', url: `/api/v1/imports?${query}`, payload,
    headers: { 'content-type': 'application/octet-stream', cookie: officer.cookie, 'x-csrf-token': officer.csrf },
  });
  const count = async () => Number((await t.database.db.selectFrom('figures').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses an account that may not import this file before reading a byte of its body', async () => {
    const iom = await signIn(server, (await makeUser(t.app, [['iom', 'im_officer']])).email);
    // 200 MB announced, a few bytes sent: an answer can only come from a check made before the body is read.
    const answer = await answerBeforeBody(server, '/api/v1/imports?kind=unhcr-population&filename=statistics.csv', { cookie: iom.cookie, 'x-csrf-token': iom.csrf });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).message).toMatch(/these figures are unhcr's/);
  });

  it('a gzip that expands past the limit is refused as a whole, naming the file', async () => {
    process.env.TANDEM_MAX_INFLATED_MB = '1';
    const rows = Array.from({ length: 40_000 }, (_, i) => unhcrRow(2040, 'NIC', 'CRI', i, 0));
    const before = await count();
    const res = await upload('kind=unhcr-population&filename=bomb.csv.gz', gzipSync(unhcrCsv(rows)));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import_failed', message: expect.stringMatching(/^bomb\.csv\.gz: the file expands beyond 1 MB/) });
    expect(await count()).toBe(before);
  });

  it('an HXL JSON with an over-long value fails mid-stream as a refusal, not a server error', async () => {
    const rows = [HXL_HEAD, ['2041-06-30', 'VEN', 'COL', 'MIG', '10', 'unhcr'], ['2041-06-30', 'VEN', 'PER', 'MIG', 'y'.repeat(50_000), 'unhcr']];
    const before = await count();
    const res = await upload('kind=hxl&filename=long.json', JSON.stringify(rows));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import_failed', message: expect.stringContaining('long.json: a value is longer than 32,768 characters') });
    expect(await count()).toBe(before);
  });
});
