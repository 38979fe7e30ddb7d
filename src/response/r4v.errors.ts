/**
 * R4V's error report (its 5WErrorReport.xlsx): the 5W rows with one column per check that found something
 * ("Review"), checks that found nothing left out, and "Review" = "Please review activity" on every row with
 * a hit. A second sheet, and the HXL export, name each problem by row, column and check.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { listAsDataset, type Dataset, type HxlField } from '../hxl/index.js';
import { ROW_CHECKS, type RowCheckHit } from './r4v.checks.js';
import { R4V_5W_COLUMNS, type R4vRow } from './r4v.layout.js';

/** One problem as the report lists it: a row of the file, one of its columns, the check, what it means. */
export interface ErrorLine { row: number; column: string; check: string; message: string }

/** Every hit as one line per column it points at. */
export function errorLines(hits: readonly RowCheckHit[]): ErrorLine[] {
  return hits.flatMap((h) => h.columns.map((column) => ({ row: h.row, column, check: h.check, message: h.message })));
}

const HXL: ReadonlyArray<HxlField<ErrorLine>> = [
  ['Row', '#meta+row', (l) => l.row], ['Column', '#meta+column', (l) => l.column], ['Check', '#indicator+check', (l) => l.check], ['Message', '#description', (l) => l.message],
];
/** The problems as an HXL dataset. */
export const errorDataset = (hits: readonly RowCheckHit[]): Dataset => listAsDataset(HXL, errorLines(hits));

/** A check's column header: R4V's 2023 code calls PiNNoBenef DirectAssistanceNoBenef. */
const header = (check: string, peopleType: string) => (check === 'PiNNoBenef' && peopleType === 'Direct Assistance' ? 'DirectAssistanceNoBenef' : check);

/** The report's first sheet: R4V's 29 columns (COVID19 aside), the checks with a hit, and Review. */
export function errorSheet(rows: ReadonlyArray<R4vRow & { sourceRow?: number }>, hits: readonly RowCheckHit[], peopleType = 'Direct Assistance'): Array<Array<string | number | null>> {
  const byRow = new Map<number, Set<string>>();
  for (const h of hits) byRow.set(h.row, (byRow.get(h.row) ?? new Set()).add(h.check));
  const used = ROW_CHECKS.filter((c) => hits.some((h) => h.check === c));
  const columns = R4V_5W_COLUMNS.filter(([h]) => h !== 'COVID19');
  const out: Array<Array<string | number | null>> = [[...columns.map(([h]) => h), ...used.map((c) => header(c, peopleType)), 'Review']];
  rows.forEach((r, i) => {
    const got = byRow.get(r.sourceRow ?? i + 2);
    out.push([...columns.map(([, f]) => r[f]), ...used.map((c) => (got?.has(c) ? 'Review' : '')), got ? 'Please review activity' : null]);
  });
  return out;
}

/** Writes the error report (sheet "Sheet1" in R4V's shape, sheet "Problems" by row, column and check). */
export async function writeErrorReport(rows: ReadonlyArray<R4vRow & { sourceRow?: number }>, hits: readonly RowCheckHit[], out: Writable | string, peopleType = 'Direct Assistance'): Promise<void> {
  const stream = typeof out === 'string' ? createWriteStream(out) : out;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  const sheet = wb.addWorksheet('Sheet1');
  for (const line of errorSheet(rows, hits, peopleType)) sheet.addRow(line).commit();
  sheet.commit();
  const problems = wb.addWorksheet('Problems');
  problems.addRow(['Row', 'Column', 'Check', 'Message']).commit();
  for (const l of errorLines(hits)) problems.addRow([l.row, l.column, l.check, l.message]).commit();
  problems.commit();
  await wb.commit();
}
