/** Grouping and aggregation of HXL rows (`count`): the filter that keeps state per group rather than per row. */
import { asNumber, batchesOf, columnIndexes, normalise, type Column, type Dataset } from './dataset.js';
import { compareValues, parseColumnSpec, patterns } from './filters.js';
import { HxlError, requirePattern, type TagPattern } from './tags.js';

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
