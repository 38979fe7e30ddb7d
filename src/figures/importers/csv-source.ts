import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { DomainError, ImportError } from '../../core/errors.js';
import { byteCap, InflatedTooLargeError, MAX_RECORD_CHARS, maxInflatedBytes } from '../../core/limits.js';

/** One CSV record with the line it ends on (the header is row 1). */
export interface SourceRecord {
  row: number;
  record: Record<string, string>;
}

export interface CsvSource {
  /** The file name as shown in messages (no directory, so no local path leaks into a report). */
  file: string;
  size: number;
  records: AsyncIterable<SourceRecord>;
  /** Bytes of the file read so far, for progress. */
  bytesRead(): number;
  /** SHA-256 of the raw file; complete once `records` has been read to the end. */
  sha256(): string;
}

/**
 * Streams a CSV file, plain or gzip-compressed (recognised by its magic bytes, not its name), checking
 * the header against the columns an importer needs. Every failure names the file, and the row where known.
 */
export async function openCsv(path: string, requiredColumns: readonly string[]): Promise<CsvSource> {
  const file = basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ImportError(`${file}: cannot read the file`, [{ file, message: 'the file does not exist or cannot be read' }]);
  }
  if (size === 0) throw new ImportError(`${file}: the file is empty`, [{ file, row: 1, message: 'the file is empty: no header row' }]);

  const head = Buffer.alloc(2);
  const fh = await open(path, 'r');
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;

  const hash = createHash('sha256');
  let read = 0;
  let digest = '';

  // The streams are built when reading starts, so that an error (a bad header, a corrupt gzip) always
  // reaches the reader instead of firing before anyone listens.
  async function* records(): AsyncGenerator<SourceRecord> {
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        read += chunk.length;
        cb(null, chunk);
      },
    });
    const raw = createReadStream(path).pipe(tap);
    const limit = maxInflatedBytes();
    const gunzip = gzipped ? raw.pipe(createGunzip()) : null;
    const text = gunzip ? gunzip.pipe(byteCap(limit, () => new InflatedTooLargeError(file, limit))) : raw;
    const parser = parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const missing = requiredColumns.filter((c) => !names.includes(c));
        if (missing.length > 0) {
          throw new ImportError(`${file}: wrong header`, missing.map((c) => ({
            file, row: 1, column: c, message: `missing column "${c}" (expected ${requiredColumns.join(', ')})`,
          })));
        }
        return names;
      },
      info: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
    });
    raw.on('error', (e) => parser.destroy(e));
    gunzip?.on('error', (e) => parser.destroy(e));
    text.on('error', (e) => parser.destroy(e));
    text.pipe(parser);

    let rows = 0;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        rows++;
        yield { row: info.lines, record };
      }
    } catch (e) {
      throw toImportError(e, file);
    } finally {
      raw.destroy();
      gunzip?.destroy();
    }
    if (rows === 0) throw new ImportError(`${file}: no data rows`, [{ file, row: 2, message: 'the file has a header but no data rows' }]);
    digest = hash.digest('hex');
  }

  return { file, size, records: records(), bytesRead: () => read, sha256: () => digest };
}

function toImportError(e: unknown, file: string): ImportError {
  if (e instanceof ImportError) return e;
  if (e instanceof DomainError && e.code === 'too_large') return new ImportError(e.message, e.details);
  const err = e as { code?: string; message?: string; lines?: number };
  if (err.code === 'Z_BUF_ERROR' || err.code === 'Z_DATA_ERROR' || /unexpected end of file/i.test(err.message ?? '')) {
    return new ImportError(`${file}: the compressed file is truncated or corrupt`, [
      { file, message: 'the gzip stream is truncated or corrupt; nothing was imported' },
    ]);
  }
  if (err.code === 'CSV_MAX_RECORD_SIZE') {
    return new ImportError(`${file}: a record is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters (an unclosed quote?)`, [
      { file, row: err.lines, message: `record longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters; nothing was imported` },
    ]);
  }
  if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
    return new ImportError(`${file}: not a valid CSV file`, [
      { file, row: err.lines, message: (err.message ?? 'invalid CSV').replace(/^Invalid/, 'invalid') },
    ]);
  }
  return new ImportError(`${file}: the file could not be read`, [{ file, message: 'the file could not be read' }]);
}
