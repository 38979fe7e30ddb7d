import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DomainError, ImportError, type ErrorDetail } from '../../core/errors.js';
import { byteCap, InflatedTooLargeError, MAX_RECORD_CHARS, maxInflatedBytes } from '../../core/limits.js';
import { CsvError, CsvTokenizer } from '../../hxl/index.js';

/** One CSV record with the line it ends on (the header is row 1). */
export interface SourceRecord {
  row: number;
  record: Record<string, string>;
  /** What is wrong with the record's shape (more or fewer cells than the header): the row is refused. */
  errors?: ErrorDetail[];
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
 * Streams a CSV file, plain or gzip-compressed (recognised by its magic bytes, not its name), UTF-8, comma
 * separated, through Tandem's own tokenizer (the one HXL reads with), checking the header against the
 * columns an importer needs. Every failure names the file, and the row (and column) where known.
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
    const limit = maxInflatedBytes();
    const stages: Readable[] = [createReadStream(path), tap];
    if (gzipped) stages.push(createGunzip(), byteCap(limit, () => new InflatedTooLargeError(file, limit)));
    // Any stage's failure destroys the others and reaches the loop below through the last one.
    pipeline(stages, () => undefined);
    const bytes = stages.at(-1)!;
    // Bytes as one character each, decoded as UTF-8 cell by cell (see CsvOptions.utf8Bytes); commas only.
    const tokenizer = new CsvTokenizer({ delimiters: ',', maxRecordChars: MAX_RECORD_CHARS, utf8Bytes: true });
    const reader = new RecordReader(file, requiredColumns);
    let rows = 0;
    try {
      for await (const chunk of bytes as AsyncIterable<Buffer>) {
        const first = tokenizer.line;
        for (const r of reader.take(tokenizer.push(chunk.toString('latin1')), first, tokenizer.line)) { rows++; yield r; }
      }
      const first = tokenizer.line;
      for (const r of reader.take(tokenizer.end(), first, tokenizer.line)) { rows++; yield r; }
    } catch (e) {
      throw toImportError(e, file);
    } finally {
      bytes.destroy();
    }
    if (!reader.hasHeader) throw new ImportError(`${file}: the file is empty`, [{ file, row: 1, message: 'the file is empty: no header row' }]);
    if (rows === 0) throw new ImportError(`${file}: no data rows`, [{ file, row: 2, message: 'the file has a header but no data rows' }]);
    digest = hash.digest('hex');
  }

  return { file, size, records: records(), bytesRead: () => read, sha256: () => digest };
}

/** Turns the tokenizer's records into named records with their line numbers, the first non-empty one being the header. */
class RecordReader {
  private names: string[] | null = null;
  constructor(private readonly file: string, private readonly required: readonly string[]) {}

  get hasHeader(): boolean {
    return this.names !== null;
  }

  /**
   * The records of one piece, `first` being the line the first starts on and `next` the line after the last.
   * When there are as many lines as records (no line break inside a quoted cell), each record is one line.
   */
  *take(cells: string[][], first: number, next: number): Generator<SourceRecord> {
    const oneLineEach = next - first === cells.length;
    let line = first;
    for (const row of cells) {
      const end = oneLineEach ? line : line + breaksIn(row);
      if (!(row.length === 1 && row[0] === '')) {
        if (this.names === null) this.names = this.header(row, end);
        else yield this.record(row, end, this.names);
      }
      line = end + 1;
    }
  }

  private header(row: string[], line: number): string[] {
    const names = row.map((h) => h.trim());
    const missing = this.required.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      throw new ImportError(`${this.file}: wrong header`, missing.map((c) => ({
        file: this.file, row: line, column: c, message: `missing column "${c}" (expected ${this.required.join(', ')})`,
      })));
    }
    return names;
  }

  private record(row: string[], line: number, names: string[]): SourceRecord {
    const record: Record<string, string> = {};
    const n = Math.min(row.length, names.length);
    for (let i = 0; i < n; i++) record[names[i]!] = row[i]!;
    if (row.length === names.length) return { row: line, record };
    const errors: ErrorDetail[] = row.length < names.length
      ? [{ file: this.file, row: line, column: names[row.length], message: `the row has ${row.length} cells where the header has ${names.length}: "${names.slice(row.length).join('", "')}" missing` }]
      : [{ file: this.file, row: line, message: `the row has ${row.length} cells where the header has ${names.length}: cell ${names.length + 1} and after have no column` }];
    return { row: line, record, errors };
  }
}

/** Line breaks inside a record's cells (a quoted cell may hold them): CRLF, LF and a lone CR each count once. */
function breaksIn(row: string[]): number {
  let n = 0;
  for (const cell of row) {
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 0x0a) n++;
      else if (c === 0x0d) {
        n++;
        if (cell.charCodeAt(i + 1) === 0x0a) i++;
      }
    }
  }
  return n;
}

function toImportError(e: unknown, file: string): ImportError {
  if (e instanceof ImportError) return e;
  if (e instanceof DomainError && e.code === 'too_large') return new ImportError(e.message, e.details);
  if (e instanceof CsvError && e.kind === 'too_long') {
    return new ImportError(`${file}: a record is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters (an unclosed quote?)`, [
      { file, row: e.line, message: `record longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters; nothing was imported` },
    ]);
  }
  if (e instanceof CsvError) {
    return new ImportError(`${file}: not a valid CSV file`, [{ file, row: e.line, message: e.message }]);
  }
  const err = e as { code?: string; message?: string };
  if (err.code === 'Z_BUF_ERROR' || err.code === 'Z_DATA_ERROR' || /unexpected end of file/i.test(err.message ?? '')) {
    return new ImportError(`${file}: the compressed file is truncated or corrupt`, [
      { file, message: 'the gzip stream is truncated or corrupt; nothing was imported' },
    ]);
  }
  return new ImportError(`${file}: the file could not be read`, [{ file, message: 'the file could not be read' }]);
}
