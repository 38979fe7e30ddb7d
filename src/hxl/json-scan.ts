import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import streamJson from 'stream-json';
import { HxlError } from './tags.js';

/** What a JSON file may hold before it is refused: a hostile upload must not exhaust memory or time. */
export interface JsonLimits {
  /** Cells in a row (array length or distinct keys over all rows). */
  maxColumns: number;
  maxRows: number;
  /** Characters in one cell, key or number. */
  maxCellChars: number;
  /** Nesting of arrays and objects. */
  maxDepth: number;
}
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxColumns: 1_000, maxRows: 10_000_000, maxCellChars: 32_768, maxDepth: 32 };

/** One row of the first array found in a JSON document: its cells as text, by position or by key. */
export type JsonRow = { cells: string[] } | { entries: Array<[string, string]> };

interface Token { name: string; value?: string }

/**
 * Streams the rows of the first array in a JSON document (the document itself, or the first array-valued
 * property, as `{"results": [...]}`), without ever holding the document: every string, key and number is
 * read in chunks and refused past `maxCellChars`; nesting, row and column counts are capped. A cell that is
 * itself an array or object comes as its JSON text.
 */
export async function* scanJsonRows(path: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): AsyncGenerator<JsonRow> {
  const name = basename(path);
  const fail = (why: string): never => { throw new HxlError(`${name}: ${why}`); };
  const tokens = createReadStream(path).pipe(streamJson.parser({ packKeys: false, packStrings: false, packNumbers: false, streamKeys: true, streamStrings: true, streamNumbers: true }));
  let depth = 0;
  let rowsDepth = -1;
  let rows = 0;
  // The row being read, and the cell (or nested value) being assembled.
  let row: { kind: 'cells'; cells: string[] } | { kind: 'entries'; entries: Array<[string, string]>; key: string | null } | null = null;
  let text: string | null = null;
  let nested: { depth: number; out: string; needComma: boolean[] } | null = null;

  const addCell = (value: string) => {
    if (!row) return;
    if (row.kind === 'cells') {
      if (row.cells.length >= limits.maxColumns) fail(`a row has more than ${limits.maxColumns} cells`);
      row.cells.push(value);
    } else {
      if (row.entries.length >= limits.maxColumns) fail(`a row has more than ${limits.maxColumns} properties`);
      row.entries.push([row.key ?? '', value]);
      row.key = null;
    }
  };
  const grow = (chunk: string) => {
    text = (text ?? '') + chunk;
    if (text.length > limits.maxCellChars) fail(`a value is longer than ${limits.maxCellChars.toLocaleString('en-US')} characters`);
  };
  // Nested values inside a cell are written back as JSON text.
  const nestedValue = (json: string) => {
    if (!nested) return;
    const i = nested.needComma.length - 1;
    if (nested.needComma[i]) nested.out += ',';
    nested.needComma[i] = true;
    nested.out += json;
    if (nested.out.length > limits.maxCellChars) fail(`a value is longer than ${limits.maxCellChars.toLocaleString('en-US')} characters`);
  };

  try {
    for await (const t of tokens as AsyncIterable<Token>) {
      switch (t.name) {
        case 'startObject':
        case 'startArray': {
          depth++;
          if (depth > limits.maxDepth) fail(`nested deeper than ${limits.maxDepth} levels`);
          const open = t.name === 'startArray' ? '[' : '{';
          if (nested) {
            nestedValue(open);
            nested.needComma.push(false);
          } else if (rowsDepth < 0) {
            if (t.name === 'startArray') rowsDepth = depth;
          } else if (depth === rowsDepth + 1) {
            if (++rows > limits.maxRows) fail(`more than ${limits.maxRows.toLocaleString('en-US')} rows`);
            row = t.name === 'startArray' ? { kind: 'cells', cells: [] } : { kind: 'entries', entries: [], key: null };
          } else if (depth > rowsDepth + 1 && row) {
            nested = { depth, out: open, needComma: [false] };
          }
          break;
        }
        case 'endObject':
        case 'endArray': {
          const close = t.name === 'endArray' ? ']' : '}';
          if (nested) {
            nested.needComma.pop();
            nested.out += close;
            if (depth === nested.depth) {
              const json = nested.out;
              nested = null;
              addCell(json);
            }
          } else if (depth === rowsDepth + 1 && row) {
            yield row.kind === 'cells' ? { cells: row.cells } : { entries: row.entries };
            row = null;
          } else if (depth === rowsDepth) {
            return;
          }
          depth--;
          break;
        }
        case 'startKey': text = ''; break;
        case 'endKey': {
          const key = text ?? '';
          text = null;
          if (nested) { nestedValue(JSON.stringify(key)); nested.needComma[nested.needComma.length - 1] = false; nested.out += ':'; } else if (row?.kind === 'entries') row.key = key;
          break;
        }
        case 'startString': case 'startNumber': text = ''; break;
        case 'stringChunk': case 'numberChunk': grow(t.value ?? ''); break;
        case 'endString': case 'endNumber': {
          const value = text ?? '';
          text = null;
          if (nested) nestedValue(t.name === 'endString' ? JSON.stringify(value) : value);
          else if (row && depth === rowsDepth + 1) addCell(value);
          else if (depth === rowsDepth && rowsDepth >= 0) fail('rows must be arrays or objects');
          break;
        }
        case 'nullValue': case 'trueValue': case 'falseValue': {
          const value = t.name === 'nullValue' ? '' : t.name === 'trueValue' ? 'true' : 'false';
          if (nested) nestedValue(t.name === 'nullValue' ? 'null' : value);
          else if (row && depth === rowsDepth + 1) addCell(value);
          else if (depth === rowsDepth && rowsDepth >= 0) fail('rows must be arrays or objects');
          break;
        }
        default: break;
      }
    }
  } catch (e) {
    if (e instanceof HxlError) throw e;
    fail('not valid JSON');
  } finally {
    tokens.destroy();
  }
  if (rowsDepth < 0) fail('no array of rows found');
}
