import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { displayTag, type Column, type Dataset } from './dataset.js';
import { columnsFrom, isTagRow, MAX_HEADER_SCAN } from './read.js';
import { HxlError, parseTagSpec } from './tags.js';

const str = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

async function* from(rows: string[][]): AsyncGenerator<string[]> {
  yield* rows;
}

/** The first array of rows in a JSON document: the document itself, or the first array-valued property (`results`). */
function findRows(doc: unknown): unknown[] | null {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object') {
    for (const v of Object.values(doc)) {
      const found = findRows(v);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Reads HXL JSON: an array of rows (arrays, with a hashtag row as in CSV) or an array of objects whose keys
 * are hashtags, possibly nested in an object (`{"results": [...]}`). JSON is parsed whole.
 */
export async function readHxlJson(path: string): Promise<Dataset> {
  const name = basename(path);
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new HxlError(`${name}: not valid JSON`);
  }
  const rows = findRows(doc);
  if (!rows || rows.length === 0) throw new HxlError(`${name}: no array of rows found`);
  if (rows.every((r) => Array.isArray(r))) {
    const arrays = (rows as unknown[][]).map((r) => r.map(str));
    const at = arrays.slice(0, MAX_HEADER_SCAN).findIndex(isTagRow);
    if (at < 0) throw new HxlError(`${name}: no HXL hashtag row in the first ${MAX_HEADER_SCAN} rows`);
    return { columns: columnsFrom(arrays[at]!, arrays[at - 1]), rows: from(arrays.slice(at + 1)) };
  }
  if (rows.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    const keys: string[] = [];
    for (const r of rows as Array<Record<string, unknown>>) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
    if (!keys.some((k) => parseTagSpec(k))) throw new HxlError(`${name}: no property is an HXL hashtag`);
    const columns: Column[] = keys.map((k) => ({ header: '', tag: parseTagSpec(k) }));
    return { columns, rows: from((rows as Array<Record<string, unknown>>).map((r) => keys.map((k) => str(r[k])))) };
  }
  throw new HxlError(`${name}: rows must all be arrays or all be objects`);
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
