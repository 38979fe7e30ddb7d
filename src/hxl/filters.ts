import { asNumber, batchedDataset, batchesOf, collectRows, columnIndexes, mapDataset, normalise, withColumns, type Column, type Dataset } from './dataset.js';
import { parseDate } from './dates.js';
import { HxlError, matches, parseTagPattern, parseTagSpec, requirePattern, type TagPattern, type TagSpec } from './tags.js';

/** `Header#tag+attr` or `#tag+attr` (the `#` optional): a new column's header and hashtag. */
export function parseColumnSpec(text: string): Column {
  const i = text.indexOf('#');
  const header = i > 0 ? text.slice(0, i) : '';
  const tagText = i >= 0 ? text.slice(i) : `#${text}`;
  const tag = parseTagSpec(tagText);
  if (!tag) throw new HxlError(`"${text}" is not a column spec (expected Header#tag+attr)`);
  return { header, tag };
}

export const patterns = (list: readonly string[]) => list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean).map(requirePattern);
/** Whether column i matches any of the patterns: worked out once per dataset, then a lookup by index. */
const anyMatch = (columns: Column[], ps: TagPattern[]) => {
  const hit = columns.map((c) => ps.some((p) => matches(p, c.tag)));
  return (i: number) => hit[i] === true;
};

/** Compares two cells as HXL does: numbers as numbers, otherwise normalised text. */
export function compareValues(a: string, b: string): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== null && y !== null) return x - y;
  const s = normalise(a);
  const t = normalise(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

// ---- select ----------------------------------------------------------------------------------------

const QUERY_RE = /^\s*(.+?)\s*(!=|<=|>=|!~|=|<|>|~)\s*(.*)$/;

export interface Query {
  pattern: TagPattern;
  op: string;
  value: string;
}

/** `#sector=WASH`, `#affected>100`, `#org~^UN`, `#status!=closed` (the `#` optional). */
export function parseQuery(text: string): Query {
  const m = QUERY_RE.exec(text);
  const pattern = m ? parseTagPattern(m[1]!) : null;
  if (!m || !pattern) throw new HxlError(`"${text}" is not a query (expected #tag=value, #tag>100, #tag~regex ...)`);
  return { pattern, op: m[2]!, value: m[3]! };
}

function test(q: Query, cell: string, re: RegExp | null): boolean {
  switch (q.op) {
    case '=': return compareValues(cell, q.value) === 0;
    case '!=': return compareValues(cell, q.value) !== 0;
    case '<': return compareValues(cell, q.value) < 0;
    case '<=': return compareValues(cell, q.value) <= 0;
    case '>': return compareValues(cell, q.value) > 0;
    case '>=': return compareValues(cell, q.value) >= 0;
    case '~': return re!.test(cell);
    case '!~': return !re!.test(cell);
    default: return false;
  }
}

/** Rows matching any of the queries (a query holds when any matching column satisfies it); `reverse` inverts. */
export function select(ds: Dataset, opts: { queries: readonly string[]; reverse?: boolean }): Dataset {
  const qs = opts.queries.map(parseQuery).map((q) => ({
    q, cols: columnIndexes(ds.columns, q.pattern), re: q.op.endsWith('~') ? new RegExp(q.value, 'i') : null,
  }));
  const keep = (row: string[]) => qs.some(({ q, cols, re }) => cols.some((i) => test(q, row[i] ?? '', re)));
  const reverse = Boolean(opts.reverse);
  return mapDataset(ds, ds.columns, (r) => (keep(r) !== reverse ? r : null));
}

// ---- cut, rename, add, clean ------------------------------------------------------------------------

/** Keeps the columns matching `include` (all when empty), then drops those matching `exclude`. */
export function cut(ds: Dataset, opts: { include?: readonly string[]; exclude?: readonly string[] }): Dataset {
  const inc = patterns(opts.include ?? []);
  const exc = patterns(opts.exclude ?? []);
  const isInc = anyMatch(ds.columns, inc);
  const isExc = anyMatch(ds.columns, exc);
  const keep = ds.columns.map((_, i) => i).filter((i) => (inc.length === 0 || isInc(i)) && !isExc(i));
  return mapDataset(ds, keep.map((i) => ds.columns[i]!), (r) => keep.map((i) => r[i] ?? ''));
}

/** `#targeted:#affected` or `#targeted:Affected#affected`: new tag (and header) for matching columns. */
export function rename(ds: Dataset, opts: { specs: readonly string[] }): Dataset {
  const columns = ds.columns.map((c) => ({ ...c }));
  for (const spec of opts.specs) {
    const i = spec.indexOf(':');
    if (i < 0) throw new HxlError(`"${spec}" is not a rename (expected #old:#new or #old:Header#new)`);
    const pattern = requirePattern(spec.slice(0, i));
    const to = parseColumnSpec(spec.slice(i + 1));
    for (const j of columnIndexes(columns, pattern)) columns[j] = { header: to.header || columns[j]!.header, tag: to.tag };
  }
  return withColumns(ds, columns);
}

/** Adds a column with a constant value: `Header#tag=value`, after the others or `before` them. */
export function add(ds: Dataset, opts: { specs: readonly string[]; before?: boolean }): Dataset {
  const added = opts.specs.map((s) => {
    const i = s.indexOf('=');
    if (i < 0) throw new HxlError(`"${s}" is not a column to add (expected Header#tag=value)`);
    return { column: parseColumnSpec(s.slice(0, i)), value: s.slice(i + 1) };
  });
  const cols = added.map((a) => a.column);
  const vals = added.map((a) => a.value);
  return mapDataset(ds, opts.before ? [...cols, ...ds.columns] : [...ds.columns, ...cols], (r) => {
    const row = Array.from({ length: ds.columns.length }, (_, i) => r[i] ?? '');
    return opts.before ? [...vals, ...row] : [...row, ...vals];
  });
}

/**
 * Cleans values in the matching columns: whitespace (trimmed, inner runs folded), upper or lower case,
 * dates to YYYY-MM-DD, numbers without thousands separators. A value that is not a date or a number is
 * left as it is.
 */
export function clean(ds: Dataset, opts: {
  whitespace?: readonly string[]; whitespaceAll?: boolean; upper?: readonly string[]; lower?: readonly string[];
  dates?: readonly string[]; numbers?: readonly string[];
}): Dataset {
  const ws = anyMatch(ds.columns, patterns(opts.whitespace ?? []));
  const up = anyMatch(ds.columns, patterns(opts.upper ?? []));
  const low = anyMatch(ds.columns, patterns(opts.lower ?? []));
  const dates = anyMatch(ds.columns, patterns(opts.dates ?? []));
  const nums = anyMatch(ds.columns, patterns(opts.numbers ?? []));
  return mapDataset(ds, ds.columns, (r) => r.map((v, i) => {
    let out = v;
    if (opts.whitespaceAll || ws(i)) out = out.trim().replace(/\s+/g, ' ');
    if (up(i)) out = out.toUpperCase();
    if (low(i)) out = out.toLowerCase();
    if (dates(i)) out = parseDate(out) ?? out;
    if (nums(i)) { const n = asNumber(out); if (n !== null) out = String(n); }
    return out;
  }));
}

// ---- sort, count, merge, tag, dedup -----------------------------------------------------------------

function sortKey(value: string, tag: TagSpec | null): [number, number | string] {
  if (tag?.tag === 'date') {
    const d = parseDate(value);
    if (d) return [0, d];
  }
  const n = asNumber(value);
  if (n !== null) return [0, n];
  return [1, normalise(value)];
}

/** Sorts by the matching columns (all when none given): dates as dates, numbers as numbers, text normalised. Holds every row. */
export function sort(ds: Dataset, opts: { keys?: readonly string[]; reverse?: boolean }): Dataset {
  const ps = patterns(opts.keys ?? []);
  const idx = ps.length ? ds.columns.map((_, i) => i).filter(anyMatch(ds.columns, ps)) : ds.columns.map((_, i) => i);
  async function* rows() {
    const all = await collectRows(ds);
    const keyed = all.map((r, n) => ({ r, n, k: idx.map((i) => sortKey(r[i] ?? '', ds.columns[i]!.tag)) }));
    keyed.sort((a, b) => {
      for (let j = 0; j < idx.length; j++) {
        const [x, y] = [a.k[j]!, b.k[j]!];
        if (x[0] !== y[0]) return opts.reverse ? y[0] - x[0] : x[0] - y[0];
        if (x[1] !== y[1]) return (x[1] < y[1] ? -1 : 1) * (opts.reverse ? -1 : 1);
      }
      return a.n - b.n;
    });
    for (const k of keyed) yield k.r;
  }
  return { columns: ds.columns, rows: rows() };
}

/**
 * Looks values up in another dataset by key columns and adds its matching columns. With `replace`,
 * columns the input already has are filled where empty; with `overwrite` too, their values are replaced.
 */
export async function merge(ds: Dataset, opts: { other: Dataset; keys: readonly string[]; tags: readonly string[]; replace?: boolean; overwrite?: boolean }): Promise<Dataset> {
  const keyPs = patterns(opts.keys);
  const tagPs = patterns(opts.tags);
  const keyIn = keyPs.map((p) => columnIndexes(ds.columns, p)[0] ?? -1);
  const keyOther = keyPs.map((p) => columnIndexes(opts.other.columns, p)[0] ?? -1);
  const copy = opts.other.columns.map((_, i) => i).filter(anyMatch(opts.other.columns, tagPs));
  const lookup = new Map<string, string[]>();
  for await (const batch of batchesOf(opts.other)) {
    for (const r of batch) {
      const k = JSON.stringify(keyOther.map((i) => normalise(r[i] ?? '')));
      if (!lookup.has(k)) lookup.set(k, r);
    }
  }
  const targets = copy.map((j) => {
    const c = opts.other.columns[j]!;
    const existing = opts.replace ? ds.columns.findIndex((x) => x.tag && c.tag && x.tag.tag === c.tag.tag && x.tag.attributes.join('+') === c.tag.attributes.join('+')) : -1;
    return { j, existing };
  });
  const appended = targets.filter((t) => t.existing < 0).map((t) => opts.other.columns[t.j]!);
  return mapDataset(ds, [...ds.columns, ...appended], (r) => {
    const row = Array.from({ length: ds.columns.length }, (_, i) => r[i] ?? '');
    const found = lookup.get(JSON.stringify(keyIn.map((i) => normalise(row[i] ?? ''))));
    const extra: string[] = [];
    for (const t of targets) {
      const v = found?.[t.j] ?? '';
      if (t.existing < 0) extra.push(v);
      else if (opts.overwrite || row[t.existing] === '') row[t.existing] = v;
    }
    return [...row, ...extra];
  });
}

/**
 * Tags an untagged dataset: `Header text#tag` maps every untagged column whose header contains the text
 * (or, with `exact`, is the text), compared without case or accents.
 */
export function tag(ds: Dataset, opts: { maps: readonly string[]; defaultTag?: string; exact?: boolean }): Dataset {
  const columns = ds.columns.map((c) => ({ ...c }));
  for (const m of opts.maps) {
    const i = m.lastIndexOf('#');
    if (i <= 0) throw new HxlError(`"${m}" is not a tagging rule (expected Header text#tag)`);
    const text = normalise(m.slice(0, i));
    const spec = parseTagSpec(m.slice(i));
    if (!spec) throw new HxlError(`"${m.slice(i)}" is not a hashtag`);
    for (const c of columns) {
      const h = normalise(c.header);
      if (!c.tag && (opts.exact ? h === text : h.includes(text))) c.tag = spec;
    }
  }
  if (opts.defaultTag) {
    const d = parseTagSpec(opts.defaultTag.startsWith('#') ? opts.defaultTag : `#${opts.defaultTag}`);
    if (!d) throw new HxlError(`"${opts.defaultTag}" is not a hashtag`);
    for (const c of columns) if (!c.tag) c.tag = d;
  }
  return withColumns(ds, columns);
}

/** Drops rows whose values in the matching columns (all when none) repeat an earlier row's. */
export function dedup(ds: Dataset, opts: { keys?: readonly string[] }): Dataset {
  const ps = patterns(opts.keys ?? []);
  const idx = ps.length ? ds.columns.map((_, i) => i).filter(anyMatch(ds.columns, ps)) : ds.columns.map((_, i) => i);
  const seen = new Set<string>();
  return mapDataset(ds, ds.columns, (r) => {
    const k = JSON.stringify(idx.map((i) => normalise(r[i] ?? '')));
    if (seen.has(k)) return null;
    seen.add(k);
    return r;
  });
}

/**
 * Appends other datasets below this one. A column of an appended dataset goes under the first column with
 * the same hashtag not yet used; columns with no match are added at the right.
 */
export function append(ds: Dataset, opts: { others: readonly Dataset[] }): Dataset {
  const columns = [...ds.columns];
  const key = (c: Column) => (c.tag ? `${c.tag.tag}+${[...c.tag.attributes].sort().join('+')}` : `header:${c.header}`);
  const maps = opts.others.map((other) => {
    const used = new Set<number>();
    return other.columns.map((c) => {
      const i = columns.findIndex((x, j) => !used.has(j) && key(x) === key(c));
      if (i >= 0) { used.add(i); return i; }
      columns.push(c);
      used.add(columns.length - 1);
      return columns.length - 1;
    });
  });
  async function* batches(): AsyncGenerator<string[][]> {
    for await (const batch of batchesOf(ds)) yield batch.map((r) => Array.from({ length: columns.length }, (_, i) => r[i] ?? ''));
    for (const [k, other] of opts.others.entries()) {
      for await (const batch of batchesOf(other)) {
        yield batch.map((r) => {
          const out = Array.from({ length: columns.length }, () => '');
          maps[k]!.forEach((to, from) => { out[to] = r[from] ?? ''; });
          return out;
        });
      }
    }
  }
  return batchedDataset(columns, batches());
}

/** Fills empty cells of the matching columns (all when none) with the value above them. */
export function fill(ds: Dataset, opts: { keys?: readonly string[] }): Dataset {
  const ps = patterns(opts.keys ?? []);
  const on = ps.length ? anyMatch(ds.columns, ps) : () => true;
  const last: string[] = [];
  return mapDataset(ds, ds.columns, (r) => r.map((v, i) => {
    if (!on(i)) return v;
    if (v.trim() === '') return last[i] ?? v;
    last[i] = v;
    return v;
  }));
}
