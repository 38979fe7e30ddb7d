import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import * as hxl from '../src/hxl/index.js';
import { SHIPPED_MAPPINGS } from '../src/movements/index.js';
import { makeZip, writeFile } from './helpers/files.js';
import { SHARED_DATA } from './helpers/engines.js';
import { syntheticDtmWorkbook } from './fixtures/synthetic-movements.js';

const DTM = SHIPPED_MAPPINGS.find((m) => m.name === 'dtm-flow-monitoring')!;
describe('mapped reading of untagged files', () => {
  afterEach(() => { delete process.env.TANDEM_MAX_INFLATED_MB; });

  it('reads the DTM layout through the shipped mapping: the first sheet it knows, two header rows, merged group headers, serial dates', async () => {
    const path = await syntheticDtmWorkbook('dtm.xlsx', [
      ['2024-03-01', 'Lajas Blancas', 'PA-LB', 'Incoming', 'Venezuela', 'United States of America', [120, 40, 80, 35]],
      ['2024-03-02', 'Lajas Blancas', 'PA-LB', 'Outgoing', 'Ecuador', 'Mexico', [3, 0, 2, 1]],
    ]);
    // Sheet 1 is notes: the mapping names no sheet, so the first whose headers it knows is read; named, it is refused.
    await expect(hxl.readMapped(path, { ...DTM.read, sheet: 1 })).rejects.toThrow(/dtm\.xlsx: no header in rows 1–2 of sheet "Read me" matches the mapping \(the headers read: "SYNTHETIC/);
    expect((await hxl.readMapped(path, { ...DTM.read, sheet: 'fmp data' })).sheet).toBe('FMP data');
    const m = await hxl.readMapped(path, DTM.read);
    expect(m.sheet).toBe('FMP data');
    expect(m.headers.map((h) => h.header).slice(10)).toEqual(['Means of Transport', 'Males / Adults', 'Males / Children', 'Females / Adults', 'Females / Children', 'Total individuals']);
    expect(m.warnings).toEqual([]);
    const rows = await collectRows(m.rows);
    expect(rows.map((r) => r.row)).toEqual([3, 4]);
    expect(rows[0]!.errors).toEqual([]);
    expect(rows[0]!.values.slice(0, 3)).toEqual(['2024-03-01', 'Panama', 'Lajas Blancas']);
    expect(rows[0]!.values.slice(-4)).toEqual(['120', '40', '80', '35']);
  });

  it('matches headers exactly by default: "Female family members" is never tagged as the men\'s column', async () => {
    const path = writeFile('family.csv', 'Male,Female family members,Male household heads,Notes\n4,7,1,x\n');
    const m = await hxl.readMapped(path, { columns: [{ header: 'male', tag: '#affected+m' }, { header: 'Female family members', tag: '#affected+f' }] });
    expect(m.headers.map((h) => h.tag)).toEqual(['#affected+m', '#affected+f', null, null]);
    expect(m.warnings).toEqual(['column C "Male household heads" is not mapped: its values are not read', 'column D "Notes" is not mapped: its values are not read']);
    const byPattern = await hxl.readMapped(path, { columns: [{ pattern: '^male\\b', tag: '#affected+m' }], ignore: ['notes'] });
    expect(byPattern.headers.map((h) => h.tag)).toEqual(['#affected+m', null, '#affected+m', null]);
    expect(byPattern.warnings).toEqual(['column B "Female family members" is not mapped: its values are not read']);
    await expect(hxl.readMapped(path, { columns: [{ header: 'Male', pattern: 'x', tag: '#affected' }] })).rejects.toMatchObject({ details: [{ field: 'columns[0]' }] });
    await expect(hxl.readMapped(path, { columns: [{ header: 'Male', tag: 'affected' }] })).rejects.toMatchObject({ details: [{ field: 'columns[0].tag' }] });
  });

  it('reads serial, day-first and month-first dates; refuses an ambiguous one naming file, row and column', async () => {
    const path = writeFile('dates.csv', 'Date,n\n42645,1\n19/3/2015,2\n03/04/2024,3\n2024-02-30,4\n');
    const rows = await collectRows((await hxl.readMapped(path, { columns: [{ header: 'Date', tag: '#date' }, { header: 'n', tag: '#affected' }] })).rows);
    expect(rows.map((r) => r.values[0])).toEqual(['2016-10-02', '2015-03-19', '', '']);
    expect(rows[2]!.errors).toEqual([{ file: 'dates.csv', row: 4, column: 'A (Date)', message: expect.stringMatching(/"03\/04\/2024" is ambiguous: day first or month first/) }]);
    expect(rows[3]!.errors[0]).toMatchObject({ row: 5, column: 'A (Date)', message: expect.stringMatching(/not a day of the calendar/) });
    const dmy = await collectRows((await hxl.readMapped(path, { dateOrder: 'dmy', columns: [{ header: 'Date', tag: '#date' }] })).rows);
    expect(dmy[2]!.values).toEqual(['2024-04-03']);
    const mdy = await collectRows((await hxl.readMapped(path, { dateOrder: 'mdy', columns: [{ header: 'Date', tag: '#date' }] })).rows);
    expect(mdy[2]!.values).toEqual(['2024-03-04']);
    expect(mdy[1]!.errors[0]).toMatchObject({ row: 3, message: expect.stringMatching(/"19\/3\/2015" is not a day of the calendar \(read mdy\)/) });
  });

  it('clean-dates converts an Excel serial instead of leaving 42645 as it is; a year stays a year', async () => {
    const ds = await hxl.readHxlText('#date,#affected\n42645,1\n2015,2\n');
    expect(await hxl.collect(hxl.clean(ds, { dates: ['#date'] }).rows)).toEqual([['2016-10-02', '1'], ['2015', '2']]);
    expect(hxl.excelSerialDate('45352')).toBe('2024-03-01');
  });

  it('rounds a float residue with a warning, refuses a real fraction and a negative count', async () => {
    const path = writeFile('residue.csv', 'País,Actual\nPerú,1234.0000000002\nChile,10.5\nEcuador,-3\n');
    const m = await hxl.readMapped(path, { columns: [{ header: 'País', tag: '#country+name' }, { header: 'Actual', tag: '#affected+rmg+current' }] });
    const rows = await collectRows(m.rows);
    expect(rows[0]!.values).toEqual(['Perú', '1234']);
    expect(m.warnings).toEqual(['row 2, column B (Actual): 1234.0000000002 rounded to 1234 (a float residue)']);
    expect(rows[1]!.errors[0]).toMatchObject({ row: 3, column: 'B (Actual)', message: '10.5 is not a whole number' });
    expect(rows[2]!.errors[0]).toMatchObject({ row: 4, message: expect.stringMatching(/negative/) });
  });

  it('previews the first rows as they will be read, and reads gzipped shared files', async () => {
    const p = await hxl.previewMapped(join(SHARED_DATA, 'mixed_movements/iom_mmp.csv.gz'), { columns: [{ header: 't', tag: '#date' }, { header: 'dead', tag: '#affected+dead' }] }, { rows: 2 });
    expect(p.rows).toEqual([{ row: 2, values: ['2014-01-06', '1'], errors: [] }, { row: 3, values: ['2014-01-12', '1'], errors: [] }]);
    expect(p.warnings).toContain('column I "nat" is not mapped: its values are not read');
  });

  it('reads an untagged workbook for the tag filter, as CSV', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow([]);
    ws.addRow(['Organisation', 'Female family members']);
    ws.addRow(['IOM', 3]);
    const path = writeFile('untagged.xlsx', Buffer.alloc(0));
    await wb.xlsx.writeFile(path);
    await expect(hxl.readHxlXlsx(path)).rejects.toThrow(/no sheet has an HXL hashtag row/);
    const ds = hxl.tag(await hxl.readHxlXlsx(path, hxl.xlsxLimits(), { untagged: true }), { maps: ['Organisation#org', 'Male#affected+m'], exact: true });
    expect(ds.columns.map(hxl.displayTag)).toEqual(['#org', '']);
    expect(await hxl.collect(ds.rows)).toEqual([['IOM', '3']]);
  });

  it('refuses hostile files by name: a zip bomb, a row too wide, a sheet that is not there, a truncated gzip', async () => {
    process.env.TANDEM_MAX_INFLATED_MB = '1';
    const bomb = writeFile('bomb.xlsx', makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20) }]));
    await expect(hxl.readMapped(bomb, { columns: [{ header: 'a', tag: '#org' }] })).rejects.toThrow(/bomb\.xlsx: the XLSX file expands beyond 1 MB/);
    const gzBomb = writeFile('bomb.csv.gz', `a,b\n${'1,2\n'.repeat(400_000)}`);
    const big = await hxl.readMapped(gzBomb, { columns: [{ header: 'a', tag: '#affected' }] });
    await expect(collectRows(big.rows)).rejects.toThrow(/bomb\.csv\.gz: the file expands beyond 1 MB/);
    const wide = writeFile('wide.csv', `${Array.from({ length: 2_500 }, (_, i) => `c${i}`).join(',')}\n`);
    await expect(hxl.readMapped(wide, { columns: [{ header: 'c1', tag: '#org' }] })).rejects.toThrow(/wide\.csv: row 1 has more than 2000 cells/);
    const path = await syntheticDtmWorkbook('sheets.xlsx', [['2024-03-01', 'P', 'P1', 'Incoming', 'Venezuela', 'Mexico', [1, 1, 1, 1]]]);
    await expect(hxl.readMapped(path, { ...DTM.read, sheet: 'Data' })).rejects.toThrow(/sheets\.xlsx: no sheet "Data" \(the workbook has "Read me", "FMP data"\)/);
    const cut = writeFile('cut.csv.gz', gzipSync(Buffer.from('a,b\n1,2\n'.repeat(1000))).subarray(0, 40));
    await expect(hxl.readMapped(cut, { columns: [{ header: 'a', tag: '#org' }] }).then((m) => collectRows(m.rows))).rejects.toThrow(/cut\.csv\.gz: (the compressed file is truncated or corrupt|no header)/);
  });
});

async function collectRows<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}
