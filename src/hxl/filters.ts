import { asNumber, batchedDataset, batchesOf, collect, collectRows, columnIndexes, mapDataset, normalise, withColumns, type Column, type Dataset } from './dataset.js';
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

const patterns = (list: readonly string[]) => list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean).map(requirePattern);
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
 * A copy of a cell that holds only its own characters. A cell read from CSV is a slice of the piece of
 * text it came in, and keeping it (a group's key) would keep the whole piece in memory.
 */
const own = (cell: string) => ` ${cell}`.slice(1);

export interface Aggregator {
  fn: 'count' | 'sum' | 'average' | 'min' | 'max';
  pattern: TagPattern | null;
  column: Column;
}

/** `count()`, `sum(#targeted) as Total targeted#targeted+total`, `average(#affected)`, `min(...)`, `max(...)`. */
export function parseAggregator(text: string): Aggregator {
  const m = /^\s*(count|sum|average|min|max)\s*\(\s*([^)]*)\)\s*(?:as\s+(.+))?$/i.exec(text);
  if (!m) throw new HxlError(`"${text}" is not an aggregator (expected sum(#tag) as Header#tag+attr)`);
  const fn = m[1]!.toLowerCase() as Aggregator['fn'];
  const pattern = m[2]!.trim() ? requirePattern(m[2]!) : null;
  if (fn !== 'count' && !pattern) throw new HxlError(`${fn}() needs a tag pattern`);
  const column = m[3] ? parseColumnSpec(m[3].trim()) : fn === 'count'
    ? { header: 'Count', tag: { tag: 'meta', attributes: ['count'] } }
    : { header: `${fn[0]!.toUpperCase()}${fn.slice(1)}`, tag: { tag: pattern!.tag, attributes: [...pattern!.include, fn] } };
  return { fn, pattern, column };
}

/** Groups rows by the matching columns and aggregates (default: a count). Output is sorted by group. */
export function count(ds: Dataset, opts: { keys: readonly string[]; aggregators?: readonly string[]; countSpec?: string }): Dataset {
  const keyIdx = patterns(opts.keys).map((p) => {
    const i = columnIndexes(ds.columns, p)[0];
    if (i === undefined) throw new HxlError(`no column matches ${JSON.stringify(p.tag)} to count by`);
    return i;
  });
  const aggs = (opts.aggregators?.length ? opts.aggregators : ['count()']).map(parseAggregator);
  if (opts.countSpec) for (const a of aggs) if (a.fn === 'count') a.column = parseColumnSpec(opts.countSpec);
  const aggIdx = aggs.map((a) => (a.pattern ? columnIndexes(ds.columns, a.pattern) : []));
  type Group = { key: string[]; n: number; values: number[][] };
  async function* rows() {
    const groups = new Map<string, Group>();
    // The group of a key as written, so that each distinct spelling is normalised once (bounded: a
    // column of unique values is normalised row by row rather than remembered).
    const byRaw = new Map<string, Group>();
    const single = keyIdx.length === 1 ? keyIdx[0]! : -1;
    const hasValues = aggIdx.some((cols) => cols.length > 0);
    for await (const batch of batchesOf(ds)) {
      for (const r of batch) {
        const raw = single >= 0 ? (r[single] ?? '') : JSON.stringify(keyIdx.map((i) => r[i] ?? ''));
        let g = byRaw.get(raw);
        if (!g) {
          const key = keyIdx.map((i) => own(r[i] ?? ''));
          const id = JSON.stringify(key.map(normalise));
          g = groups.get(id);
          if (!g) groups.set(id, (g = { key, n: 0, values: aggs.map(() => []) }));
          if (byRaw.size >= 100_000) byRaw.clear();
          byRaw.set(own(raw), g);
        }
        g.n++;
        if (hasValues) aggIdx.forEach((cols, j) => { for (const i of cols) { const v = asNumber(r[i] ?? ''); if (v !== null) g.values[j]!.push(v); } });
      }
    }
    const sorted = [...groups.values()].sort((a, b) => {
      for (let j = 0; j < a.key.length; j++) { const c = compareValues(a.key[j]!, b.key[j]!); if (c) return c; }
      return 0;
    });
    const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6));
    for (const g of sorted) {
      yield [...g.key, ...aggs.map((a, j) => {
        const vs = g.values[j]!;
        if (a.fn === 'count') return String(g.n);
        if (vs.length === 0) return '';
        if (a.fn === 'sum') return fmt(vs.reduce((s, v) => s + v, 0));
        if (a.fn === 'average') return fmt(vs.reduce((s, v) => s + v, 0) / vs.length);
        return fmt(a.fn === 'min' ? Math.min(...vs) : Math.max(...vs));
      })];
    }
  }
  return { columns: [...keyIdx.map((i) => ds.columns[i]!), ...aggs.map((a) => a.column)], rows: rows() };
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

export const DATATYPES = ['text', 'number', 'date', 'url', 'email'] as const;

export interface ValidationProblem {
  row: number;
  column: string;
  message: string;
}

/**
 * Checks a dataset against an HXL schema (a dataset itself): `#valid_tag` names the columns a rule applies
 * to, `#valid_datatype` the type their values must have, `#valid_required` (true/yes) that they may not be
 * empty. Returns every problem found.
 */
export async function validate(ds: Dataset, schema: Dataset): Promise<ValidationProblem[]> {
  const idx = (p: string) => columnIndexes(schema.columns, requirePattern(p))[0] ?? -1;
  const [tagAt, typeAt, reqAt] = [idx('#valid_tag'), idx('#valid_datatype'), idx('#valid_required')];
  if (tagAt < 0) throw new HxlError('the schema has no #valid_tag column');
  const rules = (await collect(schema.rows)).map((r) => ({
    pattern: requirePattern(r[tagAt] ?? ''), type: (r[typeAt] ?? '').trim().toLowerCase(), required: /^(true|yes|1)$/i.test((r[reqAt] ?? '').trim()),
  }));
  for (const rule of rules) {
    if (rule.type && !(DATATYPES as readonly string[]).includes(rule.type)) throw new HxlError(`unknown datatype "${rule.type}" in the schema`);
  }
  const ok = (type: string, v: string) =>
    type === 'number' ? asNumber(v) !== null
    : type === 'date' ? parseDate(v) !== null
    : type === 'url' ? /^https?:\/\/\S+$/i.test(v)
    : type === 'email' ? /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)
    : true;
  const problems: ValidationProblem[] = [];
  let row = (ds.firstRow ?? 3) - 1;
  const ruleColumns = rules.map((rule) => columnIndexes(ds.columns, rule.pattern));
  for await (const batch of batchesOf(ds)) for (const r of batch) {
    row++;
    for (const [k, rule] of rules.entries()) {
      for (const i of ruleColumns[k]!) {
        const v = (r[i] ?? '').trim();
        const tagText = ds.columns[i]!.tag ? `#${ds.columns[i]!.tag.tag}` : '';
        if (v === '' && rule.required) problems.push({ row, column: tagText, message: 'a value is required' });
        else if (v !== '' && rule.type && !ok(rule.type, v)) problems.push({ row, column: tagText, message: `"${v}" is not a ${rule.type}` });
      }
    }
  }
  return problems;
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
