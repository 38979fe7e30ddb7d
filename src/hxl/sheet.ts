import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import ExcelJS from 'exceljs';
import { byteCap, InflatedTooLargeError, MAX_RECORD_CHARS, maxInflatedBytes } from '../core/limits.js';
import { CsvError, CsvTokenizer } from './csv.js';
import { HxlError } from './tags.js';
import { cellText, checkZip, xlsxLimits, type XlsxLimits } from './xlsx.js';

/** One row of a sheet or CSV file as a person sees it: its number (1-based, blank rows counted) and its cells as text. */
export interface RawRow {
  row: number;
  cells: string[];
}

/** A table read without any hashtag: the rows of one sheet (XLSX) or of the file (CSV, plain or gzip). */
export interface RawTable {
  file: string;
  format: 'csv' | 'xlsx';
  /** The sheet read (XLSX), by name. */
  sheet: string | null;
  rows: AsyncIterable<RawRow>;
  /** SHA-256 of the file's bytes as stored (complete once computed; the file is hashed before reading). */
  sha256: string;
}

/**
 * When no sheet is named: which sheet to read, from its first rows (up to row `through`). The first sheet
 * accepted is read; none accepted is an error naming the sheets.
 */
export interface SheetTest {
  through: number;
  test(rows: readonly RawRow[]): boolean;
}

/** Most cells a row may have: a sheet with more is refused rather than held in memory. */
export const MAX_ROW_CELLS = 2_000;

/** The letter(s) Excel shows for a 0-based column: 0 → A, 27 → AB. */
export function columnLetter(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

async function head(path: string, name: string): Promise<Buffer> {
  const fh = await open(path, 'r').catch(() => {
    throw new HxlError(`${name}: the file does not exist or cannot be read`);
  });
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (bytesRead === 0) throw new HxlError(`${name}: the file is empty`);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const tooWide = (name: string, row: number) => new HxlError(`${name}: row ${row} has more than ${MAX_ROW_CELLS} cells`, row);

/**
 * Opens a CSV (any of , ; tab | as delimiter; gzip recognised by its first bytes and capped once inflated;
 * Latin-1 when not UTF-8) or an XLSX workbook (its zip checked against the limits first; the sheet named,
 * or given by its 1-based position, or the first). Nothing is tagged: the mapping decides what the rows mean.
 */
export async function openTable(path: string, opts: { name?: string; sheet?: string | number; limits?: XlsxLimits; accept?: SheetTest } = {}): Promise<RawTable> {
  const name = opts.name ?? basename(path);
  const first = await head(path, name);
  const sha256 = await sha256Of(path);
  if (first[0] === 0x50 && first[1] === 0x4b) {
    const limits = opts.limits ?? xlsxLimits();
    await checkZip(path, limits);
    return { file: name, format: 'xlsx', ...(await xlsxSheet(path, name, opts.sheet, opts.accept)), sha256 };
  }
  if (opts.sheet !== undefined && opts.sheet !== 1) throw new HxlError(`${name}: a CSV file has no sheet "${opts.sheet}"`);
  const gzipped = first[0] === 0x1f && first[1] === 0x8b;
  if (!gzipped && first.includes(0)) throw new HxlError(`${name}: not a CSV or XLSX file (binary content)`);
  let encoding: BufferEncoding = 'utf8';
  if (!gzipped) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    } catch {
      encoding = 'latin1';
    }
  }
  return { file: name, format: 'csv', sheet: null, rows: csvRows(path, name, gzipped, encoding), sha256 };
}

async function* csvRows(path: string, name: string, gzipped: boolean, encoding: BufferEncoding): AsyncGenerator<RawRow> {
  const raw = createReadStream(path);
  const limit = maxInflatedBytes();
  const gunzip = gzipped ? raw.pipe(createGunzip()) : null;
  const bytes: Readable = gunzip ? gunzip.pipe(byteCap(limit, () => new InflatedTooLargeError(name, limit))) : raw;
  for (const s of [raw, gunzip]) if (s && s !== bytes) s.on('error', (e: Error) => bytes.destroy(e));
  // Latin-1 text is read as it is; UTF-8 is decoded cell by cell (see CsvOptions.utf8Bytes).
  const tokenizer = new CsvTokenizer({ maxRecordChars: MAX_RECORD_CHARS, utf8Bytes: encoding === 'utf8' });
  let row = 0;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      for (const cells of tokenizer.push(chunk.toString('latin1'))) {
        row++;
        if (cells.length > MAX_ROW_CELLS) throw tooWide(name, row);
        yield { row, cells };
      }
    }
    for (const cells of tokenizer.end()) {
      row++;
      if (cells.length > MAX_ROW_CELLS) throw tooWide(name, row);
      yield { row, cells };
    }
  } catch (e) {
    if (e instanceof HxlError) throw e;
    const err = e as { code?: string; message?: string };
    if (err.code === 'too_large' || e instanceof InflatedTooLargeError) throw e;
    if (err.code === 'Z_BUF_ERROR' || err.code === 'Z_DATA_ERROR' || /unexpected end of file/i.test(err.message ?? '')) {
      throw new HxlError(`${name}: the compressed file is truncated or corrupt`);
    }
    if (e instanceof CsvError && e.kind === 'too_long') throw new HxlError(`${name}: a record is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters after row ${row}: an unclosed quote?`, row + 1);
    if (e instanceof CsvError) throw new HxlError(`${name}: not valid CSV after row ${row} (line ${e.line}): ${e.message}`, row + 1);
    throw new HxlError(`${name}: not valid CSV after row ${row}`, row + 1);
  } finally {
    raw.destroy();
    gunzip?.destroy();
  }
}

type SheetReader = AsyncIterable<ExcelJS.Row> & { name?: string };

function rowCells(row: ExcelJS.Row, name: string): string[] {
  const values = row.values as unknown[];
  if (values.length - 1 > MAX_ROW_CELLS) throw tooWide(name, row.number);
  return Array.from(values.slice(1), cellText);
}

const wanted = (sheet: string | number | undefined, index: number, sheetName: string) =>
  sheet === undefined ? index === 1 : typeof sheet === 'number' ? sheet === index : sheet.trim().toLowerCase() === sheetName.trim().toLowerCase();

/**
 * The rows of one sheet, streamed (exceljs's streaming reader: merged cells give their value in their
 * first cell only, which is how group headers are read): the one named, or the first `accept` takes, or
 * the first. A sheet before it is read through and dropped.
 */
async function xlsxSheet(path: string, name: string, sheet: string | number | undefined, accept?: SheetTest): Promise<{ sheet: string; rows: AsyncIterable<RawRow> }> {
  const seen: string[] = [];
  const pick = async (sheets: AsyncIterable<SheetReader>) => {
    let index = 0;
    for await (const ws of sheets) {
      index++;
      const sheetName = ws.name ?? `Sheet${index}`;
      seen.push(sheetName);
      const it = ws[Symbol.asyncIterator]();
      const head: RawRow[] = [];
      let ended = false;
      if (sheet === undefined && accept) {
        while (head.length === 0 || head.at(-1)!.row <= accept.through) {
          const n = await it.next();
          if (n.done) { ended = true; break; }
          head.push({ row: n.value.number, cells: rowCells(n.value, name) });
        }
      }
      const chosen = sheet === undefined && accept ? accept.test(head.filter((r) => r.row <= accept.through)) : wanted(sheet, index, sheetName);
      if (!chosen) {
        if (!ended) for (let n = await it.next(); !n.done; n = await it.next()) { /* read through */ }
        continue;
      }
      async function* rows(): AsyncGenerator<RawRow> {
        yield* head;
        if (ended) return;
        for (let n = await it.next(); !n.done; n = await it.next()) yield { row: n.value.number, cells: rowCells(n.value, name) };
      }
      return { sheet: sheetName, rows: rows() };
    }
    const names = seen.map((s) => `"${s}"`).join(', ') || 'no sheets';
    if (sheet === undefined) throw new HxlError(`${name}: no sheet has the headers the mapping expects (the workbook has ${names})`);
    throw new HxlError(`${name}: no sheet ${typeof sheet === 'number' ? `number ${sheet}` : `"${sheet}"`} (the workbook has ${names})`);
  };
  try {
    return await pick(new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore',
    }));
  } catch (e) {
    if (e instanceof HxlError) throw e;
    // Parts in an unusual order defeat the streaming reader: within the checked limits, read it whole.
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.readFile(path);
    } catch {
      throw new HxlError(`${name}: not a readable XLSX workbook`);
    }
    seen.length = 0;
    async function* whole(): AsyncGenerator<SheetReader> {
      for (const ws of wb.worksheets) {
        const reader = (async function* () { for (let i = 1; i <= ws.rowCount; i++) yield ws.getRow(i); })() as SheetReader;
        reader.name = ws.name;
        yield reader;
      }
    }
    return pick(whole());
  }
}
