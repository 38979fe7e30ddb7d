/**
 * R4V's workbooks read and written with exceljs: the 5W file (ActivityInfo's export), the proportions
 * table, and the consolidated report. Reading streams rows after the zip is checked against the limits
 * (a hostile file cannot expand beyond them), as src/hxl/xlsx.ts does.
 */
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ImportError, type ErrorDetail } from '../core/errors.js';
import { checkZip, HxlError, xlsxLimits, type XlsxLimits } from '../hxl/index.js';
import { proportionsKey, type Proportions } from './consolidation.models.js';
import type { ShownRow } from './r4v.disclosure.js';
import { R4V_5W_COLUMNS, R4V_OPTIONAL_COLUMNS, R4V_OUTPUT_COLUMNS, type R4vRow } from './r4v.layout.js';

/** At most this many 5W rows in one file (R4V's yearly regional export is about 200,000). */
export const MAX_5W_ROWS = 2_000_000;
const MAX_ERRORS = 100;

type Cell = string | number | null;

/** A cell as plain text or number: formulas by their result, rich text as its text, dates as YYYY-MM-DD. */
export function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return plainCell(o.result);
    if ('text' in o) return plainCell(o.text);
    if (o.error) return o.error;
  }
  return null;
}

async function* sheetRows(path: string, limits: XlsxLimits, sheetName?: string): AsyncGenerator<{ n: number; cells: Cell[] }> {
  const file = basename(path);
  try {
    await checkZip(path, limits);
  } catch (e) {
    if (e instanceof HxlError) throw new ImportError(e.message, [{ file, message: e.message.replace(`${file}: `, '') }]);
    throw e;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let yielded = false;
  let found = false;
  try {
    for await (const sheet of reader) {
      const ws = sheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string };
      if (sheetName !== undefined && ws.name !== sheetName) {
        for await (const _ of ws) { /* skip the sheet's rows */ }
        continue;
      }
      found = true;
      for await (const row of ws) { yielded = true; yield { n: row.number, cells: (row.values as unknown[]).slice(1).map(plainCell) }; }
      break;
    }
  } catch (e) {
    if (yielded || e instanceof ImportError) throw e;
    // The streaming reader fails on workbooks whose parts come in an unusual order; within the checked
    // limits, read the whole workbook instead (as src/hxl/xlsx.ts does).
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.readFile(path);
    } catch {
      throw new ImportError(`${basename(path)}: not a readable XLSX workbook`, [{ file: basename(path), message: 'not a readable XLSX workbook' }]);
    }
    const ws = sheetName === undefined ? wb.worksheets[0] : wb.getWorksheet(sheetName);
    if (ws) {
      found = true;
      for (let i = 1; i <= ws.rowCount; i++) yield { n: i, cells: (ws.getRow(i).values as unknown[]).slice(1).map(plainCell) };
    }
  }
  if (sheetName !== undefined && !found) throw new ImportError(`${basename(path)}: no sheet named "${sheetName}"`, [{ file: basename(path), message: `no sheet named "${sheetName}"` }]);
}

const fail = (file: string, problems: ErrorDetail[], total: number) =>
  new ImportError(`${file}: ${total} problem${total === 1 ? '' : 's'}; nothing was imported`, problems.slice(0, MAX_ERRORS), total);

/**
 * Reads a 5W workbook in R4V's layout (2022's 30 columns or 2023's 29): columns by their header, in any
 * order; a number column refuses text that is not a number, naming the file, row and column. All or nothing.
 */
export async function read5w(path: string, limits: XlsxLimits = xlsxLimits()): Promise<Array<R4vRow & { sourceRow: number }>> {
  const file = basename(path);
  const rows: Array<R4vRow & { sourceRow: number }> = [];
  const problems: ErrorDetail[] = [];
  let total = 0;
  let index: Map<string, number> | undefined;
  for await (const { n, cells } of sheetRows(path, limits)) {
    if (!index) {
      index = new Map(cells.map((c, i) => [String(c ?? '').trim(), i]));
      const missing = R4V_5W_COLUMNS.filter(([h]) => !index?.has(h) && !R4V_OPTIONAL_COLUMNS.has(h)).map(([h]) => h);
      if (missing.length) throw fail(file, missing.map((column) => ({ file, row: n, column, message: 'this column of R4V\'s 5W layout is missing' })), missing.length);
      continue;
    }
    if (cells.every((c) => c === null || c === '')) continue;
    if (rows.length >= MAX_5W_ROWS) throw fail(file, [{ file, row: n, message: `more than ${MAX_5W_ROWS.toLocaleString('en-US')} rows` }], 1);
    const out: Record<string, string | number | null> = { sourceRow: n };
    for (const [header, field, kind] of R4V_5W_COLUMNS) {
      const i = index.get(header);
      const v = i === undefined ? null : cells[i] ?? null;
      if (kind === 'text') { out[field] = v === null || v === '' ? null : String(v); continue; }
      if (v === null || (typeof v === 'string' && v.trim() === '')) { out[field] = null; continue; }
      const x = typeof v === 'number' ? v : Number(v.trim());
      if (!Number.isFinite(x)) {
        total++;
        if (problems.length < MAX_ERRORS) problems.push({ file, row: n, column: header, message: `"${String(v)}" is not a number` });
        out[field] = null;
      } else out[field] = x;
    }
    for (const f of ['country', 'admin1', 'appealingOrg', 'month', 'sector', 'indicator', 'activityName'] as const) out[f] ??= '';
    rows.push(out as unknown as R4vRow & { sourceRow: number });
  }
  if (!index) throw fail(file, [{ file, message: 'the workbook has no header row' }], 1);
  if (total) throw fail(file, problems, total);
  return rows;
}

const SHARE_COLUMNS = ['Dest_GIrls', 'Dest_Boys', 'Dest_Women', 'Dest_Men', 'Transit_GIrls', 'Transit_Boys', 'Transit_Women', 'Transit_Men',
  'HC_Girls', 'HC_Boys', 'HC_Women', 'HC_Men', 'Pendular_Girls', 'Pendular_Boys', 'Pendular_Women', 'Pendular_Men',
  'Returnees_Girls', 'Returnees_Boys', 'Returnees_Women', 'Returnees_Men'] as const;

/** Reads R4V's proportions workbook (sheet pinproportions or targetproportions) into a table by country, admin 1 and sector. */
export async function readProportions(path: string, sheet: 'pinproportions' | 'targetproportions' = 'pinproportions', limits: XlsxLimits = xlsxLimits()): Promise<Proportions> {
  const file = basename(path);
  const out = new Map<string, Array<number | null>>();
  let index: Map<string, number> | undefined;
  for await (const { n, cells } of sheetRows(path, limits, sheet)) {
    if (!index) {
      index = new Map(cells.map((c, i) => [String(c ?? '').trim(), i]));
      const missing = ['Country', 'Admin1', 'Subsector', ...SHARE_COLUMNS].filter((h) => !index?.has(h));
      if (missing.length) throw fail(file, missing.map((column) => ({ file, row: n, column, message: 'missing from the proportions sheet' })), missing.length);
      continue;
    }
    const at = (h: string) => cells[index?.get(h) ?? -1] ?? null;
    const shares = SHARE_COLUMNS.map((h) => { const v = at(h); const x = typeof v === 'number' ? v : v === null || v === '' ? NaN : Number(v); return Number.isFinite(x) ? x : null; });
    // R's left join keeps every match; a key given twice would duplicate sector rows (the table has none).
    out.set(proportionsKey(String(at('Country') ?? ''), String(at('Admin1') ?? ''), String(at('Subsector') ?? '')), shares);
  }
  return out;
}

/** A consolidated row as its 23 cells, in R4V's column order (a figure hidden by disclosure control: an empty cell). */
export function outputCells(r: ShownRow): Cell[] {
  return [r.platform, r.country, r.admin1, r.month, r.sector, r.monthlyTotal, r.monthlyCva, r.total, r.inDestination, r.inTransit,
    r.hostCommunities, r.pendulars, r.returnees, r.girls, r.boys, r.women, r.men, r.otherUnder, r.otherAbove, r.cva,
    r.checkPopType, r.checkAgd, r.checkCva];
}

/**
 * Writes the consolidated report as R4V does (one sheet "Sheet1", a header row, then the rows), streamed; under
 * disclosure control, a second sheet "Disclosure" says how many figures are hidden and why.
 */
export async function writeConsolidatedXlsx(rows: Iterable<ShownRow>, out: Writable | string, note?: string): Promise<void> {
  const stream = typeof out === 'string' ? createWriteStream(out) : out;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  const sheet = wb.addWorksheet('Sheet1');
  sheet.addRow([...R4V_OUTPUT_COLUMNS]).commit();
  for (const r of rows) sheet.addRow(outputCells(r)).commit();
  sheet.commit();
  if (note) {
    const about = wb.addWorksheet('Disclosure');
    about.addRow([note]).commit();
    about.commit();
  }
  await wb.commit();
}

/** The sentence an export under disclosure control carries (the XLSX's "Disclosure" sheet, the `x-disclosure` header). */
export const disclosureNote = (d: { k: number; hidden: number }) =>
  `${d.hidden} figure${d.hidden === 1 ? '' : 's'} hidden (empty): fewer than ${d.k} people, or a figure that would reveal one from its total. The platform's members read every figure.`;

/** A PiN or Target row of R4V's proportions workbook: country, admin 1, sector and the total. */
export interface PinRow { country: string; admin1: string; sector: string; pin: number | null; target: number | null }

/**
 * Reads the people in need and the targets by country, admin 1 and sector from R4V's proportions workbook (its
 * sheets "PiN 2022" and "Target": columns "PiN Country", "PiN Admin1", "Subsector", "PiN Total", and the same with
 * "Target"; the prefix may be left out). A row without a total is passed over; a key given twice with a total, or a
 * total that is not a number, is refused, naming the file, sheet, row and column. All or nothing.
 */
export async function readPinTable(path: string, sheets: { pin: string; target: string } = { pin: 'PiN 2022', target: 'Target' }, limits: XlsxLimits = xlsxLimits()): Promise<PinRow[]> {
  const file = basename(path);
  const problems: ErrorDetail[] = [];
  const out = new Map<string, PinRow>();
  for (const [kind, sheet] of [['pin', sheets.pin], ['target', sheets.target]] as const) {
    let index: Map<string, number> | undefined;
    const seen = new Set<string>();
    for await (const { n, cells } of sheetRows(path, limits, sheet)) {
      if (!index) {
        index = new Map(cells.map((c, i) => [String(c ?? '').trim().replace(/^(PiN|Target)\s+/i, ''), i]));
        const missing = ['Country', 'Admin1', 'Subsector', 'Total'].filter((h) => !index?.has(h));
        if (missing.length) throw fail(file, missing.map((column) => ({ file, row: n, column, message: `missing from the sheet "${sheet}"` })), missing.length);
        continue;
      }
      const at = (h: string) => cells[index?.get(h) ?? -1] ?? null;
      const [country, admin1, sector] = (['Country', 'Admin1', 'Subsector'] as const).map((h) => String(at(h) ?? '').trim());
      if (!country && !admin1 && !sector) continue;
      const v = at('Total');
      // A row without a total holds no figure (R4V's Target sheet repeats a key once empty): it is passed over.
      if (v === null || (typeof v === 'string' && v.trim() === '')) continue;
      const total = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(total)) problems.push({ file, row: n, column: 'Total', message: `sheet "${sheet}": "${String(v)}" is not a number` });
      const key = `${country}\u0000${admin1}\u0000${sector}`;
      if (seen.has(key)) problems.push({ file, row: n, column: 'Subsector', message: `sheet "${sheet}": ${country} / ${admin1} / ${sector} is given twice` });
      seen.add(key);
      const row = out.get(key) ?? { country: country ?? '', admin1: admin1 ?? '', sector: sector ?? '', pin: null, target: null };
      row[kind] = Number.isFinite(total) ? total : null;
      out.set(key, row);
    }
  }
  if (problems.length) throw fail(file, problems, problems.length);
  return [...out.values()];
}

/** Reads every cell of a workbook's first sheet (small files: the consolidated reports the tests compare). */
export async function readCells(path: string, limits: XlsxLimits = xlsxLimits()): Promise<Cell[][]> {
  const out: Cell[][] = [];
  for await (const { cells } of sheetRows(path, limits)) out.push(cells);
  return out;
}
