import { Type, type Static } from '@sinclair/typebox';
import type { ErrorDetail } from '../core/errors.js';
import { ValidationError } from '../core/errors.js';
import { inputCheck } from '../core/validate.js';
import { asNumber, normalise, type Dataset } from './dataset.js';
import { readDate, type DateOrder } from './dates.js';
import { columnLetter, openTable, type RawRow } from './sheet.js';
import { formatTagSpec, HxlError, parseTagSpec, type TagSpec } from './tags.js';
import type { XlsxLimits } from './xlsx.js';

const Tag = Type.String({ minLength: 2, maxLength: 200, description: 'a hashtag with attributes: #affected+f+children' });
const ColumnType = Type.Union([Type.Literal('text'), Type.Literal('date'), Type.Literal('count'), Type.Literal('number')], {
  description: 'how values are read: text; date (ISO, Excel serial, day- or month-first as dateOrder says); count (a whole number ≥ 0, float residues rounded with a warning); number. Default: date for #date, count for #affected, #population, #inneed, #targeted, #reached, else text',
});

/**
 * A saved mapping: how an untagged CSV or XLSX file is read. Which sheet, where the header rows are (a
 * group header merged over several columns applies to each of them: the column's header is its header
 * rows joined by " / "), and for each column its hashtag, chosen by the header's exact text (compared
 * without case, accents or extra spaces) or, only when asked, by a regular expression.
 */
export const MappingSpecSchema = Type.Object({
  sheet: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Integer({ minimum: 1, maximum: 1000 })], { description: 'the sheet, by name or 1-based position (XLSX; default the first)' })),
  headerRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'the first header row, 1-based (default 1): the rows above it are a preamble' })),
  headerRows: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'how many header rows (default 1)' })),
  dateOrder: Type.Optional(Type.Union([Type.Literal('dmy'), Type.Literal('mdy')], { description: 'how numeric dates are written; without it an ambiguous one (03/04/2024) is refused' })),
  columns: Type.Array(Type.Object({
    header: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'the header exactly (case, accents and spaces aside)' })),
    pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a regular expression the header must match (case-insensitive)' })),
    tag: Tag,
    type: Type.Optional(ColumnType),
    values: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 200 }), { description: 'values replaced before reading (compared without case or accents): {"Hombres": "m"}' })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
  constants: Type.Optional(Type.Array(Type.Object({ tag: Tag, value: Type.String({ maxLength: 200 }) }, { additionalProperties: false }), { maxItems: 50, description: 'columns the file lacks, with one value for every row' })),
  ignore: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 500, description: 'headers known and left out on purpose: no warning for them' })),
}, { additionalProperties: false });
export type MappingSpec = Static<typeof MappingSpecSchema>;
export type MappedType = 'text' | 'date' | 'count' | 'number';

const checkShape = inputCheck(MappingSpecSchema, 'mapping');

/** A mapping as given (JSON from a file, a request, the database), checked: every rule one header or one pattern, every tag a hashtag. */
export function checkMapping(value: unknown): MappingSpec {
  const spec = checkShape(value);
  const details: ErrorDetail[] = [];
  spec.columns.forEach((c, i) => {
    if ((c.header === undefined) === (c.pattern === undefined)) details.push({ field: `columns[${i}]`, message: 'give either "header" (exact) or "pattern" (a regular expression), not both' });
    if (!parseTagSpec(c.tag)) details.push({ field: `columns[${i}].tag`, message: `"${c.tag}" is not a hashtag (expected #tag+attribute)` });
    if (c.pattern !== undefined) {
      try { new RegExp(c.pattern, 'i'); } catch { details.push({ field: `columns[${i}].pattern`, message: 'not a valid regular expression' }); }
    }
  });
  spec.constants?.forEach((c, i) => { if (!parseTagSpec(c.tag)) details.push({ field: `constants[${i}].tag`, message: `"${c.tag}" is not a hashtag` }); });
  if (details.length) throw new ValidationError('the mapping is not valid', details);
  return spec;
}

const COUNT_TAGS = new Set(['affected', 'population', 'inneed', 'targeted', 'reached']);
const typeOf = (tag: TagSpec, given: MappedType | undefined): MappedType => given ?? (tag.tag === 'date' ? 'date' : COUNT_TAGS.has(tag.tag) ? 'count' : 'text');

/** A column of the mapped table: where it comes from (a letter, or a constant), its header as read, its hashtag and type. */
export interface MappedColumn {
  source: number | null;
  letter: string;
  header: string;
  tag: TagSpec;
  type: MappedType;
  constant?: string;
  recode?: Map<string, string>;
}

/** A row as it will be read: the mapped values in column order, and its problems (each naming file, row and column). */
export interface MappedRow {
  row: number;
  values: string[];
  errors: ErrorDetail[];
}

export interface MappedTable {
  file: string;
  sheet: string | null;
  sha256: string;
  /** Every column of the file as its header rows name it, with the hashtag given to it (null: not mapped). */
  headers: Array<{ letter: string; header: string; tag: string | null }>;
  columns: MappedColumn[];
  /** Unmapped columns, rules that matched nothing; while reading, every rounded float residue (the first 50, then a count). */
  warnings: string[];
  rows: AsyncIterable<MappedRow>;
}

/** Headers from the header rows: a group header (merged, so only in its first cell) carries over the columns under it. */
export function combineHeaders(headerRows: readonly (readonly string[])[]): string[] {
  const width = Math.max(0, ...headerRows.map((r) => r.length));
  const filled = headerRows.map((r) => Array.from({ length: width }, (_, c) => (r[c] ?? '').trim()));
  for (let r = 0; r < filled.length - 1; r++) {
    for (let c = 1; c < width; c++) {
      const sameGroup = r === 0 || filled[r - 1]![c] === filled[r - 1]![c - 1];
      if (filled[r]![c] === '' && sameGroup) filled[r]![c] = filled[r]![c - 1]!;
    }
  }
  return Array.from({ length: width }, (_, c) => {
    const parts: string[] = [];
    for (const row of filled) if (row[c] && row[c] !== parts.at(-1)) parts.push(row[c]);
    return parts.join(' / ');
  });
}

const MAX_WARNINGS = 50;

/** Reads a file through a mapping: header rows, hashtags, dates and counts as the mapping says, a problem for each bad cell. */
export async function readMapped(path: string, specIn: MappingSpec, opts: { name?: string; limits?: XlsxLimits } = {}): Promise<MappedTable> {
  const spec = checkMapping(specIn);
  const firstHeader = spec.headerRow ?? 1;
  const lastHeader = firstHeader + (spec.headerRows ?? 1) - 1;
  const rules = spec.columns.map((c) => ({
    ...c, spec: parseTagSpec(c.tag)!, re: c.pattern ? new RegExp(c.pattern, 'i') : null, exact: c.header ? normalise(c.header) : null, used: false,
  }));
  // Exact rules first, then patterns, each in the order written: the first that holds gives the hashtag.
  const ruleFor = (header: string) => {
    const h = normalise(header);
    return rules.find((r) => r.exact !== null && r.exact === h) ?? rules.find((r) => r.re !== null && header !== '' && r.re.test(header));
  };
  const headersOf = (rows: readonly RawRow[]) => {
    const headerRows: string[][] = Array.from({ length: lastHeader - firstHeader + 1 }, () => []);
    for (const r of rows) if (r.row >= firstHeader && r.row <= lastHeader) headerRows[r.row - firstHeader] = r.cells;
    return combineHeaders(headerRows);
  };
  // Without a sheet named, the first sheet whose headers the mapping knows is read (a workbook often opens on notes).
  const accept = { through: lastHeader, test: (rows: readonly RawRow[]) => headersOf(rows).some((h) => ruleFor(h) !== undefined) };
  const table = await openTable(path, { name: opts.name, sheet: spec.sheet, limits: opts.limits, accept });
  const file = table.file;
  const it = table.rows[Symbol.asyncIterator]();
  const head: RawRow[] = [];
  let pending: RawRow | null = null;
  for (;;) {
    const n = await it.next();
    if (n.done) break;
    if (n.value.row > lastHeader) { pending = n.value; break; }
    head.push(n.value);
  }
  const headers = headersOf(head);
  const where = `row${lastHeader > firstHeader ? `s ${firstHeader}–${lastHeader}` : ` ${firstHeader}`}${table.sheet ? ` of sheet "${table.sheet}"` : ''}`;
  if (headers.every((h) => h === '')) throw new HxlError(`${file}: no header in ${where}`, firstHeader);
  if (!headers.some((h) => ruleFor(h) !== undefined)) {
    throw new HxlError(`${file}: no header in ${where} matches the mapping (the headers read: ${headers.filter(Boolean).slice(0, 8).map((h) => `"${h}"`).join(', ')})`, firstHeader);
  }

  const warnings: string[] = [];
  const ignored = new Set((spec.ignore ?? []).map(normalise));
  const columns: MappedColumn[] = [];
  const tagOf: Array<string | null> = headers.map(() => null);
  headers.forEach((header, i) => {
    const h = normalise(header);
    const rule = ruleFor(header);
    if (!rule) {
      if (header !== '' && !ignored.has(h)) warnings.push(`column ${columnLetter(i)} "${header}" is not mapped: its values are not read`);
      return;
    }
    rule.used = true;
    tagOf[i] = formatTagSpec(rule.spec);
    const recode = rule.values ? new Map(Object.entries(rule.values).map(([k, v]) => [normalise(k), v])) : undefined;
    columns.push({ source: i, letter: columnLetter(i), header, tag: rule.spec, type: typeOf(rule.spec, rule.type), recode });
  });
  for (const r of rules) if (!r.used) warnings.push(`no column matches ${r.header !== undefined ? `the header "${r.header}"` : `the pattern /${r.pattern}/`} (${r.tag})`);
  for (const c of spec.constants ?? []) {
    const tag = parseTagSpec(c.tag)!;
    columns.push({ source: null, letter: '', header: formatTagSpec(tag), tag, type: typeOf(tag, undefined), constant: c.value });
  }

  const order: DateOrder | undefined = spec.dateOrder;
  let residues = 0;
  const read = (col: MappedColumn, raw: string, row: number, errors: ErrorDetail[]): string => {
    let v = raw.trim();
    if (col.recode) v = col.recode.get(normalise(v)) ?? v;
    if (v === '' || col.type === 'text') return v;
    const column = col.source === null ? col.header : `${col.letter} (${col.header})`;
    if (col.type === 'date') {
      const d = readDate(v, order);
      if ('date' in d) return d.date;
      errors.push({ file, row, column, message: d.error });
      return '';
    }
    const n = asNumber(v);
    if (n === null) {
      errors.push({ file, row, column, message: `"${v}" is not a number` });
      return '';
    }
    if (col.type === 'number') return String(n);
    const whole = Math.round(n);
    if (n < 0) errors.push({ file, row, column, message: `${v} is negative: a count cannot be` });
    else if (!Number.isSafeInteger(whole)) errors.push({ file, row, column, message: `${v} is too large` });
    else if (whole !== n) {
      // A float residue from a spreadsheet's arithmetic (1234.0000000002) is rounded, and said; a real fraction is refused.
      if (Math.abs(n - whole) > 1e-6 * Math.max(1, Math.abs(n))) errors.push({ file, row, column, message: `${v} is not a whole number` });
      else {
        residues++;
        if (residues <= MAX_WARNINGS) warnings.push(`row ${row}, column ${column}: ${v} rounded to ${whole} (a float residue)`);
      }
    }
    return String(whole);
  };

  async function* rows(): AsyncGenerator<MappedRow> {
    const one = (r: RawRow): MappedRow | null => {
      if (!columns.some((c) => c.source !== null && (r.cells[c.source] ?? '').trim() !== '')) return null;
      const errors: ErrorDetail[] = [];
      const values = columns.map((c) => (c.source === null ? read(c, c.constant ?? '', r.row, errors) : read(c, r.cells[c.source] ?? '', r.row, errors)));
      return { row: r.row, values, errors };
    };
    try {
      if (pending) { const m = one(pending); if (m) yield m; }
      for (;;) {
        const n = await it.next();
        if (n.done) break;
        const m = one(n.value);
        if (m) yield m;
      }
    } finally {
      if (residues > MAX_WARNINGS) warnings.push(`… and ${residues - MAX_WARNINGS} more float residues rounded`);
    }
  }

  return {
    file, sheet: table.sheet, sha256: table.sha256, columns, warnings, rows: rows(),
    headers: headers.map((header, i) => ({ letter: columnLetter(i), header, tag: tagOf[i]! })),
  };
}

/** What the mapping makes of a file's first rows, without importing anything: the headers as read, the hashtags, the values, the problems. */
export async function previewMapped(path: string, spec: MappingSpec, opts: { name?: string; rows?: number; limits?: XlsxLimits } = {}) {
  const m = await readMapped(path, spec, opts);
  const rows: MappedRow[] = [];
  const it = m.rows[Symbol.asyncIterator]();
  while (rows.length < (opts.rows ?? 10)) {
    const n = await it.next();
    if (n.done) break;
    rows.push(n.value);
  }
  await it.return?.(undefined);
  return {
    file: m.file, sheet: m.sheet, headers: m.headers,
    columns: m.columns.map((c) => ({ letter: c.letter || null, header: c.header, tag: formatTagSpec(c.tag), type: c.type, constant: c.constant ?? null })),
    rows, warnings: [...m.warnings], mapped: m.columns,
  };
}

/** The mapped table as an HXL dataset; the first row with a problem stops it with an error naming the file, row and column. */
export function mappedDataset(m: MappedTable): Dataset {
  async function* rows() {
    for await (const r of m.rows) {
      const e = r.errors[0];
      if (e) throw new HxlError(`${m.file}: row ${r.row}, column ${e.column}: ${e.message}`, r.row, e.column);
      yield r.values;
    }
  }
  return { columns: m.columns.map((c) => ({ header: c.header, tag: c.tag })), rows: rows() };
}
