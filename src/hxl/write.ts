import { batchesOf, displayTag, type Dataset } from './dataset.js';

/**
 * A CSV field, quoted where it must be, and neutralised where a spreadsheet would run it: a text that
 * starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe (OWASP's advice against
 * formula injection). A number, even a negative one, is left as it is. Every CSV Tandem writes goes here.
 */
export function csvField(value: unknown): string {
  let v = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  if (v === '') return v;
  const c = v.charCodeAt(0);
  // = + - @ tab CR
  if ((c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d) && !NUMBER.test(v)) v = `'${v}`;
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/** Quoted: the quote, the delimiters Tandem's own reader accepts (, ; | tab), and line breaks, so every cell reads back whole. */
const NEEDS_QUOTES = /[",;|\t\r\n]/;

/**
 * Writes a dataset as HXL CSV: the header row (when any column has a header), the hashtag row, then the
 * rows, each as it arrives. Rows are cut or padded to the columns.
 */
export async function* writeHxlCsv(ds: Dataset, opts: { headers?: boolean } = {}): AsyncGenerator<string> {
  const n = ds.columns.length;
  const line = (cells: string[]) => cells.map(csvField).join(',') + '\r\n';
  if (opts.headers !== false && ds.columns.some((c) => c.header !== '')) yield line(ds.columns.map((c) => c.header));
  yield line(ds.columns.map(displayTag));
  let buffer = '';
  for await (const batch of batchesOf(ds)) {
    for (const row of batch) {
      const cells = row.length === n ? row : Array.from({ length: n }, (_, i) => row[i] ?? '');
      buffer += line(cells);
    }
    if (buffer.length > 65536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

export async function toCsvString(ds: Dataset, opts: { headers?: boolean } = {}): Promise<string> {
  let out = '';
  for await (const chunk of writeHxlCsv(ds, opts)) out += chunk;
  return out;
}
