import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Column, Dataset } from './dataset.js';
import { MAX_RECORD_CHARS } from '../core/limits.js';
import { HxlError, parseTagSpec } from './tags.js';

/** How far down a file the hashtag row is looked for (free-text preambles, several header rows). */
export const MAX_HEADER_SCAN = 25;

/**
 * Is this row a hashtag row? At least half of its non-empty cells are tag specs, as in the reference
 * implementation; a cell that is not one leaves its column untagged.
 */
export function isTagRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  const tags = filled.filter((c) => parseTagSpec(c) !== null).length;
  return tags > 0 && tags * 2 >= filled.length;
}

/** Columns from the hashtag row and the row above it. */
export function columnsFrom(tagRow: readonly string[], headers: readonly string[] = []): Column[] {
  return tagRow.map((cell, i) => ({ header: headers[i] ?? '', tag: parseTagSpec(cell) }));
}

/** UTF-8 unless the first 64 KiB are not valid UTF-8, then Latin-1 (older exports). */
async function sniffEncoding(path: string): Promise<BufferEncoding> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, bytesRead), { stream: true });
      return 'utf8';
    } catch {
      return 'latin1';
    }
  } finally {
    await fh.close();
  }
}

/**
 * Reads HXL from CSV text (any of , ; tab | as delimiter, BOM allowed): finds the hashtag row, takes the
 * row above it as the headers, and streams the rows below it. `untagged: true` reads a file with no
 * hashtag row (for the tag filter): its first row is the headers.
 */
export async function readHxlCsv(source: string | Readable, opts: { name?: string; untagged?: boolean } = {}): Promise<Dataset> {
  const name = opts.name ?? (typeof source === 'string' ? basename(source) : 'input');
  const input = typeof source === 'string' ? createReadStream(source, { encoding: await sniffEncoding(source) }) : source;
  const parser = input.pipe(parse({
    bom: true, relax_column_count: true, delimiter: [',', ';', '\t', '|'], record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: false, relax_quotes: true, max_record_size: MAX_RECORD_CHARS,
  }));
  input.on('error', (e: Error) => parser.destroy(e));
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  // csv-parse's own errors become HXL errors that name the file and the line.
  const iterator = {
    next: async (): Promise<IteratorResult<string[]>> => {
      try {
        return await records.next();
      } catch (e) {
        throw csvError(e, name);
      }
    },
  };

  const seen: string[][] = [];
  let columns: Column[] | null = null;
  while (columns === null) {
    const next = await iterator.next();
    if (next.done) break;
    const row = next.value;
    if (opts.untagged) {
      columns = row.map((h) => ({ header: h, tag: null }));
      break;
    }
    if (isTagRow(row)) {
      const bad = row.findIndex((c) => c.trim().startsWith('#') && parseTagSpec(c) === null);
      if (bad >= 0) {
        parser.destroy();
        throw new HxlError(`${name}: malformed hashtag "${row[bad]!.trim()}" in column ${bad + 1} of the hashtag row (row ${seen.length + 1})`, seen.length + 1, row[bad]);
      }
      columns = columnsFrom(row, seen.at(-1));
      break;
    }
    seen.push(row);
    if (seen.length >= MAX_HEADER_SCAN) break;
  }
  if (!columns) {
    parser.destroy();
    throw new HxlError(`${name}: no HXL hashtag row in the first ${MAX_HEADER_SCAN} rows (expected a row such as #org,#adm1,#affected)`);
  }

  async function* rows(): AsyncGenerator<string[]> {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      if (next.value.every((c) => c === '')) continue;
      yield next.value;
    }
  }
  return { columns, rows: rows(), firstRow: opts.untagged ? 2 : seen.length + 2 };
}

function csvError(e: unknown, name: string): unknown {
  const err = e as { code?: unknown; lines?: unknown };
  if (typeof err.code !== 'string' || !err.code.startsWith('CSV_')) return e;
  const line = typeof err.lines === 'number' ? err.lines : undefined;
  const at = line === undefined ? '' : ` (line ${line})`;
  if (err.code === 'CSV_MAX_RECORD_SIZE') {
    return new HxlError(`${name}: a record is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters${at}: an unclosed quote?`, line);
  }
  return new HxlError(`${name}: not valid CSV${at}`, line);
}

/** Reads HXL from a string (tests, small uploads). */
export function readHxlText(text: string, opts: { name?: string; untagged?: boolean } = {}): Promise<Dataset> {
  return readHxlCsv(Readable.from([text]), opts);
}
