import { formatTagSpec, matches, type TagPattern, type TagSpec } from './tags.js';

/** A column: the text header above it (possibly empty) and its hashtag (null when untagged). */
export interface Column {
  header: string;
  tag: TagSpec | null;
}

/**
 * An HXL dataset as a stream: its columns, and rows produced on demand. Filters take a dataset and
 * return a new one; only those that must see every row (sort, count) hold rows in memory.
 */
export interface Dataset {
  columns: Column[];
  rows: AsyncIterable<string[]>;
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
