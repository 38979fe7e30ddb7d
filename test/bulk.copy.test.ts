import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bulkInsert, copyEncoder } from '../src/core/bulk.js';
import type { DB } from '../src/core/tables.js';
import type { Kysely } from 'kysely';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

/**
 * Bulk writes carry every value as it was given, whatever characters it holds and however the rows repeat
 * one another: on PostgreSQL the rows travel as COPY text, each column's encoding reused while its value
 * repeats.
 */
describeEachEngine('bulk writes keep every value exactly', (engine) => {
  let t: TestDb;
  let db: Kysely<DB>;
  beforeAll(async () => {
    t = await freshDb(engine);
    db = t.app.db;
    await sql`create table bulk_check (n integer, label text, note text)`.execute(db);
  });
  afterAll(async () => { await t.dispose(); });

  it('tabs, line ends, backslashes, nulls and repeats come back as written, in rows that repeat and change', async () => {
    const hostile = ['a\tb', 'line\nend', 'back\\slash\\N', 'cr\rlf\r\n', '\\N', 'ümlaut ع', ''];
    const rows: unknown[][] = [];
    for (let i = 0; i < 60; i++) {
      // The label repeats for runs of rows, the note alternates between a value and null, some values recur after others.
      rows.push([i, hostile[Math.floor(i / 4) % hostile.length]!, i % 3 === 0 ? null : hostile[i % hostile.length]!]);
    }
    await db.transaction().execute((trx) => bulkInsert(trx, engine, 'bulk_check', ['n', 'label', 'note'], rows));
    const back = await sql<{ n: number; label: string; note: string | null }>`select n, label, note from bulk_check order by n`.execute(db);
    expect(back.rows.map((r) => [Number(r.n), r.label, r.note])).toEqual(rows);
  });

  it('refuses a row with more or fewer values than its columns, and writes nothing of the batch', async () => {
    await sql`delete from bulk_check`.execute(db);
    for (const bad of [[[1, 'one', null], [2, 'two', null, 'stray']], [[3, 'three']]]) {
      const err = await db.transaction().execute((trx) => bulkInsert(trx, engine, 'bulk_check', ['n', 'label', 'note'], bad)).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
    }
    expect((await sql`select n from bulk_check`.execute(db)).rows).toEqual([]);
  });
});

it('the COPY encoder escapes each value, writes null as \\N, and does not carry a value past the row that changed it', () => {
  const encode = copyEncoder(['a', 'b'] as const);
  expect(encode({ a: 'x\ty', b: null })).toBe('x\\ty\t\\N\n');
  expect(encode({ a: 'x\ty', b: 'back\\slash' })).toBe('x\\ty\tback\\\\slash\n');
  expect(encode({ a: 7, b: 'line\nend\r' })).toBe('7\tline\\nend\\r\n');
  expect(encode({ a: null, b: 'line\nend\r' })).toBe('\\N\tline\\nend\\r\n');
  expect(encode({ a: '', b: true })).toBe('\tt\n');
});
