import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { displayTag, type Dataset } from './dataset.js';
import { columnsFrom, isTagRow, MAX_HEADER_SCAN } from './read.js';
import { maxInflatedBytes, megabytes } from '../core/limits.js';
import { HxlError } from './tags.js';

/** Limits on an XLSX file's zip (zip bombs, entry floods). */
export interface XlsxLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
}
export const xlsxLimits = (): XlsxLimits => ({ maxEntries: 10_000, maxUncompressedBytes: maxInflatedBytes() });

/**
 * Refuses a zip with too many entries, or whose entries expand beyond the limit: every entry is inflated
 * once and its bytes counted (a declared size can lie; yauzl also refuses an entry whose actual size
 * differs from the declared one), before exceljs reads anything.
 */
export function checkZip(path: string, limits: XlsxLimits = xlsxLimits()): Promise<void> {
  const name = basename(path);
  const invalid = () => new HxlError(`${name}: not a valid XLSX (zip) file`);
  const bomb = () => new HxlError(`${name}: the XLSX file expands beyond ${megabytes(limits.maxUncompressedBytes)} (a zip bomb?)`);
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(invalid());
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        zip.close();
        reject(e);
      };
      if (zip.entryCount > limits.maxEntries) {
        return fail(new HxlError(`${name}: ${zip.entryCount} entries in the XLSX file, more than the limit of ${limits.maxEntries}`));
      }
      let total = 0;
      zip.on('entry', (e: yauzl.Entry) => {
        total += e.uncompressedSize;
        if (total > limits.maxUncompressedBytes) return fail(bomb());
        if (e.fileName.endsWith('/')) return zip.readEntry();
        total -= e.uncompressedSize;
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return fail(invalid());
          stream.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > limits.maxUncompressedBytes) {
              stream.destroy();
              fail(bomb());
            }
          });
          stream.on('error', () => fail(invalid()));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.on('end', () => {
        if (!settled) { settled = true; resolve(); }
      });
      zip.on('error', () => fail(invalid()));
      zip.readEntry();
    });
  });
}

/** A cell's value as HXL text: dates as YYYY-MM-DD, formulas by their result, rich text as its text. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if (o.error) return o.error;
    return '';
  }
  return String(v);
}

/**
 * Reads the first sheet that has a hashtag row, streaming its rows (exceljs's streaming reader), after
 * checking the zip against the limits. `untagged: true` reads a workbook with no hashtag row (for the tag
 * filter, as for CSV): the first non-empty row of the first sheet is the headers.
 */
export async function readHxlXlsx(path: string, limits: XlsxLimits = xlsxLimits(), opts: { untagged?: boolean } = {}): Promise<Dataset> {
  await checkZip(path, limits);
  try {
    return await fromSheets(path, new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore',
    }), opts);
  } catch (e) {
    if (e instanceof HxlError) throw e;
    // The streaming reader fails on workbooks whose parts come in an unusual order; within the checked
    // limits, read the whole workbook instead.
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.readFile(path);
    } catch {
      throw new HxlError(`${basename(path)}: not a readable XLSX workbook`);
    }
    async function* sheets() {
      for (const ws of wb.worksheets) {
        yield (async function* () { for (let i = 1; i <= ws.rowCount; i++) yield ws.getRow(i); })();
      }
    }
    return fromSheets(path, sheets(), opts);
  }
}

async function fromSheets(path: string, sheetsIn: AsyncIterable<AsyncIterable<ExcelJS.Row>>, opts: { untagged?: boolean } = {}): Promise<Dataset> {
  const name = basename(path);
  for await (const sheet of sheetsIn) {
    const seen: string[][] = [];
    const it = sheet[Symbol.asyncIterator]();
    const cells = (row: ExcelJS.Row) => {
      const values = (row.values as unknown[]).slice(1);
      return Array.from(values, cellText);
    };
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const row = cells(next.value);
      if (opts.untagged && row.every((c) => c.trim() === '')) continue;
      if (opts.untagged || isTagRow(row)) {
        const columns = opts.untagged ? row.map((h) => ({ header: h.trim(), tag: null })) : columnsFrom(row, seen.at(-1));
        async function* rows() {
          for (;;) {
            const n = await it.next();
            if (n.done) return;
            const r = cells(n.value);
            // A sheet omits trailing empty cells: pad to the columns, as a CSV row would be.
            while (r.length < columns.length) r.push('');
            if (r.some((c) => c !== '')) yield r;
          }
        }
        return { columns, rows: rows(), firstRow: next.value.number + 1 };
      }
      seen.push(row);
      if (seen.length >= MAX_HEADER_SCAN) break;
    }
  }
  throw new HxlError(`${name}: no sheet has an HXL hashtag row in its first ${MAX_HEADER_SCAN} rows`);
}

/** Writes a dataset as an XLSX workbook (one sheet: headers, hashtags, rows), streamed to `out`. */
export async function writeHxlXlsx(ds: Dataset, out: Writable | string): Promise<void> {
  const stream = typeof out === 'string' ? createWriteStream(out) : out;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  const sheet = wb.addWorksheet('HXL');
  if (ds.columns.some((c) => c.header)) sheet.addRow(ds.columns.map((c) => c.header)).commit();
  sheet.addRow(ds.columns.map(displayTag)).commit();
  for await (const row of ds.rows) sheet.addRow(row).commit();
  sheet.commit();
  await wb.commit();
}
