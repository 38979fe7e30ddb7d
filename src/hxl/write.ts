import { displayTag, type Dataset } from './dataset.js';

/**
 * A CSV field, quoted where it must be, and neutralised where a spreadsheet would run it: a text that
 * starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe (OWASP's advice against
 * formula injection). A number, even a negative one, is left as it is. Every CSV Tandem writes goes here.
 */
export function csvField(value: unknown): string {
  let v = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(v) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

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
  for await (const row of ds.rows) {
    const cells = row.length === n ? row : Array.from({ length: n }, (_, i) => row[i] ?? '');
    buffer += line(cells);
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
