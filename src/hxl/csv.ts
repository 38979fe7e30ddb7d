/**
 * The CSV tokenizer every CSV Tandem reads goes through (HXL, mapped tables): RFC 4180 quoting (doubled
 * quotes, quoted delimiters and line breaks), CRLF, LF or CR line ends, a leading BOM dropped, rows of any
 * length. It reads text as it arrives and hands back the complete records of each piece, so a file is
 * never held whole, and a record longer than the limit (an unclosed quote reads the rest of the file as
 * one cell) is refused with the line it starts on.
 *
 * Lenient where files in the wild are: a quote inside an unquoted cell is kept as text, and a quoted cell
 * followed by more text keeps its quotes (`"a"b` is read as it is), as csv-parse's `relax_quotes` did.
 */

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Any of these separates cells unless quoted: HXL files come with commas, semicolons, tabs or pipes. */
export const CSV_DELIMITERS = ',;\t|';

/** A CSV that cannot be read: what is wrong and the line (1-based) where it starts. */
export class CsvError extends Error {
  constructor(readonly kind: 'too_long' | 'unclosed_quote', readonly line: number, message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvOptions {
  /** The characters that separate cells, any of them (default `,;\t|`). */
  delimiters?: string;
  /** Most characters a record may hold, cells together (quotes and delimiters not counted). */
  maxRecordChars?: number;
  /**
   * The text pushed is UTF-8 bytes, one character per byte (`buffer.toString('latin1')`, a copy rather
   * than a decoding): cells are decoded as UTF-8 one by one, only those with a byte above 127. Faster
   * than decoding the whole text, since most cells are ASCII.
   */
  utf8Bytes?: boolean;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Cells decoded from UTF-8 bytes, remembered: the same place or organisation name comes back row after row. */
class Utf8Cells {
  private readonly seen = new Map<string, string>();
  decode(bytes: string): string {
    let text = this.seen.get(bytes);
    if (text === undefined) {
      text = Buffer.from(bytes, 'latin1').toString('utf8');
      if (this.seen.size >= 10_000) this.seen.clear();
      this.seen.set(bytes, text);
    }
    return text;
  }
}

/** Line breaks in a piece of text: CRLF, LF and a lone CR each count once. */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return n;
}

/**
 * Push text in pieces (split anywhere), get back the records completed so far; `end()` gives the last.
 * `line` is the line the next record starts on.
 */
export class CsvTokenizer {
  line = 1;
  private rest = '';
  /** Past the BOM, if any. */
  private started = false;
  private readonly stop: Uint8Array;
  private readonly delimiter: Uint8Array;
  private readonly max: number;
  private readonly utf8: Utf8Cells | null;

  constructor(opts: CsvOptions = {}) {
    this.max = opts.maxRecordChars ?? Number.MAX_SAFE_INTEGER;
    this.utf8 = opts.utf8Bytes ? new Utf8Cells() : null;
    this.delimiter = new Uint8Array(65536);
    for (const d of opts.delimiters ?? CSV_DELIMITERS) this.delimiter[d.charCodeAt(0)] = 1;
    this.stop = this.delimiter.slice();
    this.stop[CR] = 1;
    this.stop[LF] = 1;
  }

  push(chunk: string): string[][] {
    let text = this.rest + chunk;
    if (!this.started) {
      const bom = this.utf8 === null ? '\ufeff' : '\xef\xbb\xbf';
      if (text.length < bom.length && bom.startsWith(text)) {
        this.rest = text;
        return [];
      }
      this.started = true;
      if (text.startsWith(bom)) text = text.slice(bom.length);
    }
    const out: string[][] = [];
    this.rest = text.slice(this.parse(text, false, out));
    return out;
  }

  end(): string[][] {
    const out: string[][] = [];
    const bom = this.utf8 === null ? '\ufeff' : '\xef\xbb\xbf';
    const text = !this.started && this.rest === bom ? '' : this.rest;
    this.rest = '';
    this.started = true;
    if (text.length > 0) this.parse(text, true, out);
    return out;
  }

  /** Parses the complete records of `text` into `out`; returns where the unfinished one starts. */
  private parse(text: string, final: boolean, out: string[][]): number {
    const n = text.length;
    const stop = this.stop;
    const delimiter = this.delimiter;
    const utf8 = this.utf8;
    let pos = 0;
    while (pos < n) {
      const startLine = this.line;
      const record: string[] = [];
      let chars = 0;
      let breaks = 0;
      let i = pos;
      for (;;) {
        let value: string;
        let j: number;
        if (i < n && text.charCodeAt(i) === QUOTE) {
          value = '';
          j = i + 1;
          let closed = false;
          for (;;) {
            const q = text.indexOf('"', j);
            if (q < 0 || (q + 1 === n && !final)) break;
            const next = q + 1 < n ? text.charCodeAt(q + 1) : -1;
            if (next === QUOTE) {
              value += text.slice(j, q + 1);
              j = q + 2;
              continue;
            }
            value += text.slice(j, q);
            j = q + 1;
            if (next === -1 || stop[next] === 1) {
              closed = true;
              break;
            }
            // `"a"b`: text after the closing quote; read on as an unquoted cell that keeps its quotes.
            let k = j;
            while (k < n && stop[text.charCodeAt(k)] !== 1) k++;
            if (k === n && !final) break;
            value = `"${value}"${text.slice(j, k)}`;
            j = k;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) return this.unfinished(text, pos, chars + (n - i), startLine);
            const opened = startLine + lineBreaks(text.slice(pos, i));
            throw new CsvError('unclosed_quote', opened, `the quote that opens a cell on line ${opened} is never closed`);
          }
          if (value.length > 0 && (value.includes('\n') || value.includes('\r'))) breaks += lineBreaks(value);
          if (utf8 !== null && NON_ASCII.test(value)) value = utf8.decode(value);
        } else {
          j = i;
          let high = 0;
          for (; j < n; j++) {
            const c = text.charCodeAt(j);
            if (stop[c] === 1) break;
            high |= c;
          }
          if (j === n && !final) return this.unfinished(text, pos, chars + (n - i), startLine);
          value = text.slice(i, j);
          if (high > 0x7f && utf8 !== null) value = utf8.decode(value);
        }
        chars += value.length;
        if (chars > this.max) throw this.tooLong(startLine);
        record.push(value);
        if (j === n) {
          i = n;
          break;
        }
        const c = text.charCodeAt(j);
        if (delimiter[c] === 1) {
          i = j + 1;
          continue;
        }
        if (c === CR) {
          if (j + 1 === n && !final) return this.unfinished(text, pos, chars, startLine);
          i = text.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
        } else {
          i = j + 1;
        }
        break;
      }
      out.push(record);
      this.line = startLine + breaks + 1;
      pos = i;
    }
    return pos;
  }

  private unfinished(text: string, pos: number, chars: number, line: number): number {
    if (chars > this.max) throw this.tooLong(line);
    this.line = line;
    return pos;
  }

  private tooLong(line: number): CsvError {
    return new CsvError('too_long', line, `a record is longer than ${this.max.toLocaleString('en-US')} characters`);
  }
}

/** The records of a text stream, in batches (one per piece read): cheap to pass along, row by row inside. */
export async function* csvBatches(input: AsyncIterable<string>, opts: CsvOptions = {}): AsyncGenerator<string[][]> {
  const tokenizer = new CsvTokenizer(opts);
  for await (const chunk of input) {
    const records = tokenizer.push(chunk);
    if (records.length > 0) yield records;
  }
  const last = tokenizer.end();
  if (last.length > 0) yield last;
}

/** All records of a text at once (tests, small inputs). */
export function parseCsv(text: string, opts: CsvOptions = {}): string[][] {
  const tokenizer = new CsvTokenizer(opts);
  return [...tokenizer.push(text), ...tokenizer.end()];
}
