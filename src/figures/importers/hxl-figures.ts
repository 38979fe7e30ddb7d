import type { ErrorDetail } from '../../core/errors.js';
import { columnIndexes, displayTag, type Dataset } from '../../hxl/index.js';
import { parseDate } from '../../hxl/index.js';
import { isPopulationType } from '../../vocabulary/index.js';
import type { FigureDraft } from '../figure.model.js';
import { DIMENSIONS, valueColumns } from '../hxl-profile.js';
import { parseCount } from './importer.js';

export interface HxlFigureOptions {
  file: string;
  /** Source organisation when the file has no #meta+source column. */
  source?: string;
  /** The declared dataset name; a figure's dataset is its publisher and this name (`unhcr:hxl`), never the file's name. */
  dataset: string;
  isKnownCountry(code: string): boolean;
}

/**
 * Turns the rows of an HXL dataset into figure rows, in the wide shape (one column per type, tagged as in
 * the profile) or the long shape (#indicator+code holding the type, #affected holding the value). Every
 * error names the file, the row and the column's hashtag.
 */
export async function* hxlFigureRows(ds: Dataset, o: HxlFigureOptions, firstDataRow = 3) {
  const col = (p: (typeof DIMENSIONS)[keyof typeof DIMENSIONS]) => columnIndexes(ds.columns, p)[0] ?? -1;
  const at = { date: col(DIMENSIONS.date), origin: col(DIMENSIONS.origin), host: col(DIMENSIONS.host), adm2: col(DIMENSIONS.adm2),
    adm1: col(DIMENSIONS.adm1), source: col(DIMENSIONS.source), type: col(DIMENSIONS.type), value: col(DIMENSIONS.value), sex: col(DIMENSIONS.sex), inclusive: col(DIMENSIONS.inclusive) };
  const wide = valueColumns(ds.columns);
  const tagOf = (i: number) => displayTag(ds.columns[i]!);
  const structural: ErrorDetail[] = [];
  if (at.date < 0) structural.push({ file: o.file, row: 2, column: '#date', message: 'no #date column (a year such as 2024, or a date)' });
  if (at.host < 0) structural.push({ file: o.file, row: 2, column: '#country+code', message: 'no #country+code column for the host country' });
  if (wide.length === 0 && (at.type < 0 || at.value < 0)) {
    structural.push({ file: o.file, row: 2, message: 'no figure columns: tag them as in the profile (#affected+refugees ...), or give #indicator+code and #affected' });
  }
  if (at.source < 0 && !o.source) structural.push({ file: o.file, row: 2, column: '#meta+source', message: 'no #meta+source column: say which organisation published the figures (--source)' });
  if (structural.length) {
    yield { row: 2, rowKey: 'header', figures: [] as FigureDraft[], errors: structural };
    return;
  }

  let row = firstDataRow - 1;
  for await (const r of ds.rows) {
    row++;
    const errors: ErrorDetail[] = [];
    const cell = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
    if (r.length > ds.columns.length && r.slice(ds.columns.length).some((v) => v.trim() !== '')) {
      errors.push({ file: o.file, row, message: `the row has ${r.length} cells but the hashtag row has ${ds.columns.length}` });
    }
    const rawDate = cell(at.date);
    const date = /^\d{4}$/.test(rawDate) ? `${rawDate}-12-31` : parseDate(rawDate);
    if (!date) errors.push({ file: o.file, row, column: tagOf(at.date), message: `"${rawDate}" is not a year or a date` });
    const country = (i: number, required: boolean) => {
      const v = cell(i).toUpperCase();
      if (!v && !required) return null;
      if (!/^[A-Z]{3}$/.test(v) || !o.isKnownCountry(v)) {
        errors.push({ file: o.file, row, column: tagOf(i), message: `"${cell(i)}" is not a known ISO3 country code` });
        return null;
      }
      return v;
    };
    const host = country(at.host, true);
    const origin = at.origin >= 0 ? country(at.origin, false) : null;
    const area = cell(at.adm2) || cell(at.adm1) || null;
    const source = (cell(at.source) || o.source || '').toLowerCase();
    const base = { refDate: date ?? '', datePrecision: /^\d{4}$/.test(rawDate) ? 'year' as const : 'day' as const, origin, host: host ?? '', area,
      sourceOrg: source, sourceDataset: `${source}:${o.dataset}`, sourceRow: row, method: `HXL import of ${o.file}` };
    const figures: FigureDraft[] = [];
    const push = (type: FigureDraft['type'], sex: FigureDraft['sex'], inclusive: boolean, i: number) => {
      const value = parseCount(r[i], tagOf(i), { file: o.file, row, isKnownCountry: o.isKnownCountry }, errors);
      if (value !== null) figures.push({ ...base, type, sex, value, includesProtection: inclusive });
    };
    for (const v of wide) push(v.type, v.sex, v.inclusive, v.index);
    // A long row's type and sex as its figure will carry them: two rows written differently ("REF" with no
    // sex, "ref" with "total") are the same figure, and the check of repeated rows must see it.
    const code = at.type >= 0 ? cell(at.type).toUpperCase() : '';
    const sexCell = cell(at.sex).toLowerCase();
    const sex = sexCell === 'female' || sexCell === 'male' ? sexCell : 'total';
    if (at.type >= 0 && at.value >= 0 && code) {
      if (!isPopulationType(code)) errors.push({ file: o.file, row, column: tagOf(at.type), message: `"${cell(at.type)}" is not a population type code` });
      else push(code, sex, ['1', 'true', 'yes'].includes(cell(at.inclusive).toLowerCase()), at.value);
    }
    const rowKey = [base.refDate, origin ?? '', host ?? '', area ?? '', source, code, code ? sex : ''].join('|');
    yield { row, rowKey, figures: errors.length ? [] : figures, errors, sourceColumn: at.source >= 0 ? tagOf(at.source) : '--source' };
  }
}
