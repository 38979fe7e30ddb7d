import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { CsvError, csvBatches } from './csv.js';
import { batchedDataset, type Column, type Dataset } from './dataset.js';
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
async function sniffEncoding(path: string): Promise<'utf8' | 'latin1'> {
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

/** A stream's bytes one character per byte (see `CsvOptions.utf8Bytes`); text it gives is encoded as UTF-8 first. */
async function* bytesAsText(input: Readable): AsyncGenerator<string> {
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    yield (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk).toString('latin1');
  }
}

/**
 * The CSV records of a stream of bytes (UTF-8, or Latin-1 when said) in batches; a malformed CSV is an
 * HXL error naming the file and the line.
 */
export async function* csvRecordBatches(input: Readable, name: string, encoding: 'utf8' | 'latin1' = 'utf8'): AsyncGenerator<string[][]> {
  try {
    yield* csvBatches(bytesAsText(input), { maxRecordChars: MAX_RECORD_CHARS, utf8Bytes: encoding === 'utf8' });
  } catch (e) {
    throw csvError(e, name);
  } finally {
    input.destroy();
  }
}

const blank = (row: readonly string[]) => {
  for (const c of row) if (c !== '') return false;
  return true;
};

/**
 * Reads HXL from CSV text (any of , ; tab | as delimiter, BOM allowed): finds the hashtag row, takes the
 * row above it as the headers, and streams the rows below it (in batches: see `Dataset.batches`).
 * `untagged: true` reads a file with no hashtag row (for the tag filter): its first row is the headers.
 */
export async function readHxlCsv(source: string | Readable, opts: { name?: string; untagged?: boolean } = {}): Promise<Dataset> {
  const name = opts.name ?? (typeof source === 'string' ? basename(source) : 'input');
  const encoding = typeof source === 'string' ? await sniffEncoding(source) : 'utf8';
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const batches = csvRecordBatches(input, name, encoding);

  const seen: string[][] = [];
  let columns: Column[] | null = null;
  let leftover: string[][] = [];
  scan: for (;;) {
    const next = await batches.next();
    if (next.done) break;
    const batch = next.value;
    for (let k = 0; k < batch.length; k++) {
      const row = batch[k]!;
      if (opts.untagged) {
        columns = row.map((h) => ({ header: h, tag: null }));
      } else if (isTagRow(row)) {
        const bad = row.findIndex((c) => c.trim().startsWith('#') && parseTagSpec(c) === null);
        if (bad >= 0) {
          await batches.return(undefined);
          throw new HxlError(`${name}: malformed hashtag "${row[bad]!.trim()}" in column ${bad + 1} of the hashtag row (row ${seen.length + 1})`, seen.length + 1, row[bad]);
        }
        columns = columnsFrom(row, seen.at(-1));
      } else {
        seen.push(row);
        if (seen.length >= MAX_HEADER_SCAN) break scan;
        continue;
      }
      leftover = batch.slice(k + 1);
      break scan;
    }
  }
  if (!columns) {
    await batches.return(undefined);
    throw new HxlError(`${name}: no HXL hashtag row in the first ${MAX_HEADER_SCAN} rows (expected a row such as #org,#adm1,#affected)`);
  }

  async function* rows(): AsyncGenerator<string[][]> {
    const first = leftover.filter((r) => !blank(r));
    leftover = [];
    if (first.length > 0) yield first;
    for await (const batch of batches) {
      let clean = true;
      for (const r of batch) if (blank(r)) { clean = false; break; }
      const out = clean ? batch : batch.filter((r) => !blank(r));
      if (out.length > 0) yield out;
    }
  }
  return batchedDataset(columns, rows(), opts.untagged ? 2 : seen.length + 2);
}

function csvError(e: unknown, name: string): unknown {
  if (!(e instanceof CsvError)) return e;
  if (e.kind === 'too_long') {
    return new HxlError(`${name}: a record is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters (line ${e.line}): an unclosed quote?`, e.line);
  }
  return new HxlError(`${name}: not valid CSV (line ${e.line}): ${e.message}`, e.line);
}

/** Reads HXL from a string (tests, small uploads). */
export function readHxlText(text: string, opts: { name?: string; untagged?: boolean } = {}): Promise<Dataset> {
  return readHxlCsv(Readable.from([text]), opts);
}
