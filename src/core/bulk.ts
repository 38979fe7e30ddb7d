import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { clientOfBackend, type Engine } from './db.js';
import type { DB } from './tables.js';

/**
 * Bulk writes at the engines' own speed, inside the transaction in progress: on PostgreSQL one `COPY … FROM
 * STDIN` per call on the transaction's own connection; on SQLite one prepared multi-row insert per chunk of
 * rows (the statement text is built once per size and reused). The table and columns are the caller's
 * constants, never input.
 */
export async function bulkInsert(
  q: Kysely<DB>, engine: Engine, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>,
): Promise<void> {
  if (rows.length === 0) return;
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`bulkInsert: invalid identifier ${name}`);
  if (engine === 'postgres') await copyRows(q, table, columns, rows);
  else await insertRows(q, table, columns, rows);
}

/**
 * Running totals written in bulk: a row whose key is new is inserted, one whose key is stored adds its `sums`
 * columns to the stored ones. SQLite: a prepared multi-row `insert … on conflict do update` per chunk;
 * PostgreSQL: `COPY` into a staging table of the transaction, then one `insert … select … on conflict do
 * update`. The rows' keys must be distinct (PostgreSQL updates a row once per statement).
 */
export async function bulkAdd(
  q: Kysely<DB>, engine: Engine, table: string, spec: { key: readonly string[]; sums: readonly string[] }, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>,
): Promise<void> {
  if (rows.length === 0) return;
  for (const name of [table, ...columns, ...spec.key, ...spec.sums]) if (!IDENTIFIER.test(name)) throw new Error(`bulkAdd: invalid identifier ${name}`);
  const conflict = `on conflict (${spec.key.join(',')}) do update set ${spec.sums.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`;
  if (engine === 'sqlite') { await insertRows(q, table, columns, rows, conflict); return; }
  const stage = await stageTable(q, table, `bulk_add_${table.replace(/\W/g, '_')}`);
  await stage.add(columns, rows);
  await q.executeQuery(CompiledQuery.raw(`insert into ${table} (${columns.join(',')}) select ${columns.join(',')} from ${stage.name} ${conflict}`));
}

/**
 * PostgreSQL: a staging table shaped like `like` (no index, no constraint), dropped at commit, emptied if the
 * transaction already had it; rows reach it by `COPY`. What a set-based merge reads from.
 */
export async function stageTable(q: Kysely<DB>, like: string, name: string) {
  for (const n of [like, name]) if (!IDENTIFIER.test(n)) throw new Error(`stageTable: invalid identifier ${n}`);
  await q.executeQuery(CompiledQuery.raw(`create temp table if not exists ${name} (like ${like}) on commit drop`));
  await q.executeQuery(CompiledQuery.raw(`truncate ${name}`));
  return {
    name,
    add: (columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>) => (rows.length ? copyRows(q, name, columns, rows) : Promise.resolve()),
  };
}

const IDENTIFIER = /^[a-z_][a-z0-9_.]*$/;
/** SQLite's limit on bound parameters is 32,766: chunks stay below it whatever the width of the table. */
const SQLITE_PARAMS = 30_000;

const statements = new Map<string, string>();
async function insertRows(q: Kysely<DB>, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>, suffix = '') {
  const per = Math.max(1, Math.floor(SQLITE_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += per) {
    const chunk = rows.slice(start, start + per);
    const key = `${table}(${columns.join(',')})x${chunk.length}${suffix}`;
    let text = statements.get(key);
    if (!text) {
      const one = `(${columns.map(() => '?').join(',')})`;
      text = `insert into ${table} (${columns.join(',')}) values ${Array.from({ length: chunk.length }, () => one).join(',')}${suffix ? ` ${suffix}` : ''}`;
      if (statements.size > 64) statements.clear();
      statements.set(key, text);
    }
    const params: unknown[] = [];
    for (const r of chunk) for (const v of r) params.push(v);
    await q.executeQuery(CompiledQuery.raw(text, params));
  }
}

async function copyRows(q: Kysely<DB>, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>) {
  const encode = copyEncoder(columns.map((_, i) => i));
  // The encoder reads a row by the columns' positions: a row of another length is a caller's mistake, refused
  // as SQLite's insert and a COPY of the whole row refuse it, never cut or padded with nulls.
  await copyStream(q, table, columns, copyText(rows, (r) => {
    if (r.length !== columns.length) throw new Error(`bulkInsert: a row of ${r.length} values for the ${columns.length} columns of ${table}`);
    return encode(r);
  }));
}

/**
 * PostgreSQL: `COPY` of rows already encoded by `copyLine`, on the transaction's own connection. A caller
 * that writes batch after batch encodes the next while the connection is still busy with the one before.
 */
export async function copyLines(q: Kysely<DB>, table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`copyLines: invalid identifier ${name}`);
  await copyStream(q, table, columns, copyText(lines, (line) => line));
}

/**
 * Rows, read by `keys` (an object's columns or an array's indexes), in PostgreSQL's COPY text format, each
 * line's end included: tab-separated, `\N` for null, backslash escapes. A value equal to the one the same
 * column had in the row before is not encoded again: an import's rows repeat their batch, date, source and
 * method (measured on the UNHCR file: half the encoding time).
 */
export function copyEncoder<K extends PropertyKey>(keys: readonly K[]): (row: { readonly [k in K]: unknown }) => string {
  const lastValue: unknown[] = keys.map(() => NEVER);
  const lastText: string[] = keys.map(() => '');
  return (row) => {
    for (let i = 0; i < keys.length; i++) {
      const v = row[keys[i]!];
      if (v !== lastValue[i]) { lastValue[i] = v; lastText[i] = copyValue(v); }
    }
    return lastText.join('\t') + '\n';
  };
}
const NEVER = Symbol('no value yet');

async function copyStream(q: Kysely<DB>, table: string, columns: readonly string[], text: Iterable<string>) {
  const { pid } = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(q)).rows[0]!;
  const client = clientOfBackend(pid);
  if (!client) throw new Error('bulkInsert: the connection of this transaction is not one of this process\'s pools');
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(',')}) from stdin`));
  await pipeline(Readable.from(text), stream);
}

/** The COPY text of rows, about 1 MB a chunk. */
function* copyText<R>(rows: readonly R[], line: (row: R) => string): Generator<string> {
  let out = '';
  for (const r of rows) {
    out += line(r);
    if (out.length > 1 << 20) { yield out; out = ''; }
  }
  if (out) yield out;
}

function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const text = String(v);
  return ESCAPED.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : text;
}
const ESCAPED = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
