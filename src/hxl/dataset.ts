import { formatTagSpec, matches, type TagPattern, type TagSpec } from './tags.js';

/** A column: the text header above it (possibly empty) and its hashtag (null when untagged). */
export interface Column {
  header: string;
  tag: TagSpec | null;
}

/**
 * An HXL dataset as a stream: its columns, and rows produced on demand. Filters take a dataset and
 * return a new one; only those that must see every row (sort, count) hold rows in memory.
 * Rows are arrays of cells, one per column index: filters find their columns once, by tag pattern, and
 * then read cells by index.
 */
export interface Dataset {
  columns: Column[];
  rows: AsyncIterable<string[]>;
  /**
   * The same rows in batches, when the source reads them so (CSV): one await per batch rather than per
   * row. `rows` and `batches` are two views of one stream: read one of them, once.
   */
  batches?: AsyncIterable<string[][]>;
  /** Where the first data row is in the source (1-based), so that errors can name rows as a person sees them. */
  firstRow?: number;
}

export const displayTag = (c: Column) => (c.tag ? formatTagSpec(c.tag) : '');

export function columnIndexes(columns: Column[], pattern: TagPattern): number[] {
  return columns.flatMap((c, i) => (matches(pattern, c.tag) ? [i] : []));
}

/** Lowercase, without accents, trimmed, inner whitespace folded: how HXL compares text. */
export function normalise(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** A number, when the text is one (commas as thousands separators allowed); else null. */
export function asNumber(s: string): number | null {
  const t = s.trim().replace(/,(?=\d{3}\b)/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

async function* flatten(batches: AsyncIterable<string[][]>): AsyncGenerator<string[]> {
  for await (const batch of batches) yield* batch;
}

/** A dataset whose rows come in batches; `rows` reads the same batches row by row. */
export function batchedDataset(columns: Column[], batches: AsyncIterable<string[][]>, firstRow?: number): Dataset {
  let rows: AsyncGenerator<string[]> | undefined;
  return { columns, batches, get rows() { return (rows ??= flatten(batches)); }, ...(firstRow === undefined ? {} : { firstRow }) };
}

/** The rows of a dataset in batches, whichever way its source produces them. */
export async function* batchesOf(ds: Dataset): AsyncGenerator<string[][]> {
  if (ds.batches) {
    yield* ds.batches;
    return;
  }
  for await (const r of ds.rows) yield [r];
}

/** The same rows under new columns (rename, tag): the batches pass through untouched. */
export function withColumns(ds: Dataset, columns: Column[]): Dataset {
  return ds.batches ? batchedDataset(columns, ds.batches) : { columns, rows: ds.rows };
}

/** Each row through `fn` (null drops it), batch by batch. */
export function mapDataset(ds: Dataset, columns: Column[], fn: (row: string[]) => string[] | null): Dataset {
  async function* batches(): AsyncGenerator<string[][]> {
    for await (const batch of batchesOf(ds)) {
      const out: string[][] = [];
      for (const r of batch) {
        const o = fn(r);
        if (o) out.push(o);
      }
      if (out.length > 0) yield out;
    }
  }
  return batchedDataset(columns, batches());
}

export async function* mapRows(rows: AsyncIterable<string[]>, fn: (row: string[]) => string[] | null): AsyncGenerator<string[]> {
  for await (const r of rows) {
    const out = fn(r);
    if (out) yield out;
  }
}

export async function collect(rows: AsyncIterable<string[]>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of rows) out.push(r);
  return out;
}

/** Every row of a dataset, read batch by batch. */
export async function collectRows(ds: Dataset): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of batchesOf(ds)) for (const r of batch) out.push(r);
  return out;
}
