import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/core/db.js';
import { PG_URL } from './cases.js';

/** The q-quantile of a sample (nearest rank): p50 and p99 of a benchmark's timings. */
export const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

/**
 * A scratch database for one benchmark case: a SQLite file in `dir`, or a new PostgreSQL schema; `drop`
 * removes the schema afterwards (the SQLite file goes with `dir`).
 */
export async function scratchDatabase(engine: 'sqlite' | 'postgres', dir: string, name: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine === 'sqlite') return { database: openDatabase({ file: join(dir, `${name}.db`) }), drop: async () => undefined };
  const schema = `bench_${name}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    database: openDatabase({ url: PG_URL, schema }),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/** Whether PostgreSQL answers (a benchmark runs its PostgreSQL case only then). */
export async function postgresUp(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  const up = await c.connect().then(() => true, () => false);
  await c.end().catch(() => undefined);
  return up;
}

/** Runs one case of a benchmark in its own process (`… case NAME`): in a temporary folder, its result printed as JSON. */
export async function printCase(prefix: string, run: (dir: string) => Promise<unknown>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    console.log(JSON.stringify(await run(dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
