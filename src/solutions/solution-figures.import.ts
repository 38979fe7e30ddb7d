import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import type { Kysely } from 'kysely';
import { ImportError, type ErrorDetail } from '../core/errors.js';
import { MAX_RECORD_CHARS } from '../core/limits.js';
import type { DB } from '../core/tables.js';
import { SOLUTION_SERIES, type SolutionSeries } from './strategy.schemas.js';

/** The columns UNHCR's solutions file (refugees R package, `solutions`) must have. */
export const SOLUTION_COLUMNS = ['year', 'coo_iso', 'coa_iso', ...SOLUTION_SERIES] as const;
const MAX_ERRORS = 100;

export interface SolutionFigure { year: number; origin: string; asylum: string; series: SolutionSeries; value: number; row: number }

/**
 * Reads and checks the whole file before anything is written: every error names the file, the row (the
 * header is row 1) and the column. An empty cell is "not published" and gives no figure; a zero is a figure.
 */
export async function readSolutionsFile(path: string, isCountry: (iso3: string) => boolean): Promise<{ file: string; sha256: string; rows: number; figures: SolutionFigure[] }> {
  const file = basename(path);
  try {
    await stat(path);
  } catch {
    throw new ImportError(`${file}: cannot read the file`, [{ file, message: 'the file does not exist or cannot be read' }]);
  }
  const hash = createHash('sha256');
  const input = createReadStream(path);
  input.on('data', (chunk) => hash.update(chunk));
  const parser = input.pipe(parse({ columns: true, bom: true, trim: true, relax_column_count: false, max_record_size: MAX_RECORD_CHARS }));
  const errors: ErrorDetail[] = [];
  let total = 0;
  const fail = (e: ErrorDetail) => { total++; if (errors.length < MAX_ERRORS) errors.push(e); };
  const figures: SolutionFigure[] = [];
  const seen = new Map<string, number>();
  let row = 1;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      row++;
      if (row === 2) {
        const missing = SOLUTION_COLUMNS.filter((c) => !(c in record));
        if (missing.length) throw new ImportError(`${file}: the header lacks ${missing.join(', ')}`, missing.map((c) => ({ file, row: 1, column: c, message: 'required column missing' })));
      }
      const year = Number(record.year);
      if (!/^\d{4}$/.test(record.year ?? '') || year < 1900 || year > 2100) fail({ file, row, column: 'year', message: `"${record.year ?? ''}" is not a year between 1900 and 2100` });
      const origin = (record.coo_iso ?? '').toUpperCase();
      const asylum = (record.coa_iso ?? '').toUpperCase();
      if (!isCountry(origin)) fail({ file, row, column: 'coo_iso', message: `"${record.coo_iso ?? ''}" is not a known ISO3 country code` });
      if (!isCountry(asylum)) fail({ file, row, column: 'coa_iso', message: `"${record.coa_iso ?? ''}" is not a known ISO3 country code` });
      const key = `${record.year}|${origin}|${asylum}`;
      if (seen.has(key)) fail({ file, row, message: `the same year, origin and asylum country as row ${seen.get(key)}` });
      seen.set(key, row);
      for (const series of SOLUTION_SERIES) {
        const v = (record[series] ?? '').trim();
        if (v === '' || v.toUpperCase() === 'NA') continue;
        const n = Number(v);
        if (!/^\d+(\.0+)?(e\+?\d+)?$/i.test(v) || !Number.isSafeInteger(n)) { fail({ file, row, column: series, message: `"${v}" is not a whole number of people` }); continue; }
        figures.push({ year, origin, asylum, series, value: n, row });
      }
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(`${file}: the file is not a readable CSV`, [{ file, row: row + 1, message: e instanceof Error ? e.message.slice(0, 200) : 'unreadable' }]);
  }
  if (row === 1) throw new ImportError(`${file}: the file has no rows`, [{ file, row: 1, message: 'a header and at least one row are needed' }]);
  if (total > 0) throw new ImportError(`${file}: ${total} error${total === 1 ? '' : 's'}; nothing was imported`, errors, total);
  return { file, sha256: hash.digest('hex'), rows: row - 1, figures };
}

/** Writes the figures in one transaction: new ones inserted, changed values updated, the rest left alone. */
export async function writeSolutionFigures(trx: Kysely<DB>, batchId: string, figures: readonly SolutionFigure[]) {
  const existing = new Map<string, number>();
  for (const r of await trx.selectFrom('solution_figures').select(['year', 'origin_iso3', 'asylum_iso3', 'series', 'value']).execute()) {
    existing.set(`${r.series}|${r.asylum_iso3}|${r.year}|${r.origin_iso3}`, Number(r.value));
  }
  const fresh = [];
  let updated = 0;
  let unchanged = 0;
  for (const f of figures) {
    const old = existing.get(`${f.series}|${f.asylum}|${f.year}|${f.origin}`);
    if (old === undefined) fresh.push({ year: f.year, origin_iso3: f.origin, asylum_iso3: f.asylum, series: f.series, value: f.value, source_row: f.row, batch_id: batchId });
    else if (old === f.value) unchanged++;
    else {
      await trx.updateTable('solution_figures').set({ value: f.value, source_row: f.row, batch_id: batchId })
        .where('series', '=', f.series).where('asylum_iso3', '=', f.asylum).where('year', '=', f.year).where('origin_iso3', '=', f.origin).execute();
      updated++;
    }
  }
  for (let i = 0; i < fresh.length; i += 500) await trx.insertInto('solution_figures').values(fresh.slice(i, i + 500)).execute();
  return { inserted: fresh.length, updated, unchanged };
}
