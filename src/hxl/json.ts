import { basename } from 'node:path';
import { displayTag, type Column, type Dataset } from './dataset.js';
import { DEFAULT_JSON_LIMITS, scanJsonRows, type JsonLimits } from './json-scan.js';
import { columnsFrom, isTagRow, MAX_HEADER_SCAN } from './read.js';
import { HxlError, parseTagSpec } from './tags.js';

/**
 * Reads HXL JSON: an array of rows (arrays, with a hashtag row as in CSV) or an array of objects whose keys
 * are hashtags, possibly nested in an object (`{"results": [...]}`). The file is streamed, never held whole
 * (see scanJsonRows for the limits); rows of objects take two passes, the first to learn every key.
 */
export async function readHxlJson(path: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): Promise<Dataset> {
  const name = basename(path);
  const mixed = () => new HxlError(`${name}: rows must all be arrays or all be objects`);
  const scan = scanJsonRows(path, limits);
  const first = await scan.next();
  if (first.done) {
    await scan.return(undefined);
    throw new HxlError(`${name}: no array of rows found`);
  }
  if ('cells' in first.value) {
    const seen: string[][] = [first.value.cells];
    while (!isTagRow(seen.at(-1)!) && seen.length < MAX_HEADER_SCAN) {
      const next = await scan.next();
      if (next.done) break;
      if (!('cells' in next.value)) throw mixed();
      seen.push(next.value.cells);
    }
    const at = seen.findIndex(isTagRow);
    if (at < 0) {
      await scan.return(undefined);
      throw new HxlError(`${name}: no HXL hashtag row in the first ${MAX_HEADER_SCAN} rows`);
    }
    const rest = async function* (): AsyncGenerator<string[]> {
      yield* seen.slice(at + 1);
      for await (const r of scan) {
        if (!('cells' in r)) throw mixed();
        yield r.cells;
      }
    };
    return { columns: columnsFrom(seen[at]!, seen[at - 1]), rows: rest() };
  }
  // Objects: every key over all rows is a column, in order of first appearance.
  await scan.return(undefined);
  const keys = new Map<string, number>();
  for await (const r of scanJsonRows(path, limits)) {
    if (!('entries' in r)) throw mixed();
    for (const [k] of r.entries) {
      if (keys.has(k)) continue;
      if (keys.size >= limits.maxColumns) throw new HxlError(`${name}: the rows have more than ${limits.maxColumns} distinct properties`);
      keys.set(k, keys.size);
    }
  }
  if (![...keys.keys()].some((k) => parseTagSpec(k))) throw new HxlError(`${name}: no property is an HXL hashtag`);
  const columns: Column[] = [...keys.keys()].map((k) => ({ header: '', tag: parseTagSpec(k) }));
  const rows = async function* (): AsyncGenerator<string[]> {
    for await (const r of scanJsonRows(path, limits)) {
      if (!('entries' in r)) throw mixed();
      const cells = new Array<string>(keys.size).fill('');
      for (const [k, v] of r.entries) cells[keys.get(k)!] = v;
      yield cells;
    }
  };
  return { columns, rows: rows() };
}

/**
 * Writes HXL JSON, streamed: as arrays (headers, hashtags, rows), or as objects keyed by hashtag (untagged
 * columns are left out, as in the reference implementation).
 */
export async function* writeHxlJson(ds: Dataset, opts: { objects?: boolean } = {}): AsyncGenerator<string> {
  const n = ds.columns.length;
  const tags = ds.columns.map(displayTag);
  let first = true;
  const sep = () => (first ? ((first = false), '\n') : ',\n');
  yield '[';
  if (!opts.objects) {
    if (ds.columns.some((c) => c.header)) yield sep() + JSON.stringify(ds.columns.map((c) => c.header));
    yield sep() + JSON.stringify(tags);
  }
  for await (const row of ds.rows) {
    const cells = Array.from({ length: n }, (_, i) => row[i] ?? '');
    if (opts.objects) {
      const o: Record<string, string> = {};
      tags.forEach((t, i) => { if (t && !(t in o)) o[t] = cells[i]!; });
      yield sep() + JSON.stringify(o);
    } else {
      yield sep() + JSON.stringify(cells);
    }
  }
  yield '\n]\n';
}
