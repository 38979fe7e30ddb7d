/**
 * Databases for the fault scenarios, and what is checked in them after a fault: the figures and import
 * batches as a comparable state, the engine's own integrity, and the audit chain.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import pg from 'pg';
import type { App } from '../../src/app.js';
import { openDatabase, type Database, type Engine } from '../../src/core/db.js';
import type { DB } from '../../src/core/tables.js';
import { migrate, otherSchemaDropped } from '../../src/db/migrate.js';
import { databaseEnv, sleep } from './common.js';

/** One migrated database a child can be pointed at, and opened again afterwards. */
export interface Target {
  engine: Engine;
  /** The SQLite file or the PostgreSQL schema. */
  name: string;
  /** The environment that points `tandem` at it. */
  env: Record<string, string>;
  open(): Database;
  dispose(): Promise<void>;
}

/** Makes fresh migrated databases of one engine: copies of one migrated SQLite file, or new PostgreSQL schemas. */
export interface Targets {
  next(): Promise<Target>;
  /** Waits until PostgreSQL has no session left of the given application name (a killed child's backend has rolled back). */
  detached(applicationName: string, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

let counter = 0;
const DROP_AT_ONCE = 6;
const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;

export async function createTargets(engine: Engine, dir: string, pgUrl: string): Promise<Targets> {
  if (engine === 'sqlite') {
    const template = join(dir, 'template.db');
    const database = openDatabase({ file: template });
    await migrate(database);
    await database.close(); // closing checkpoints the WAL: the one file holds everything
    return {
      async next() {
        const file = join(dir, `${uniqueName('run')}.db`);
        copyFileSync(template, file);
        return {
          engine, name: file, env: databaseEnv('sqlite', { file }),
          open: () => openDatabase({ file }),
          dispose: async () => { for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true }); },
        };
      },
      detached: async () => true,
      close: async () => { rmSync(template, { force: true }); },
    };
  }
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  // Schemas are dropped a few at a time: each drop can fail a migration running beside it (see
  // otherSchemaDropped), so there are few of them; and a few at a time, for one drop locks every
  // object of every schema it names (and PostgreSQL's lock table is shared by all sessions).
  const schemas = new Set<string>();
  const done: string[] = [];
  const dropDone = async (atLeast: number) => {
    while (done.length >= Math.max(1, atLeast)) {
      const some = done.splice(0, DROP_AT_ONCE);
      await admin.query(`drop schema if exists ${some.join(', ')} cascade`);
      for (const schema of some) schemas.delete(schema);
    }
  };
  return {
    async next() {
      const schema = uniqueName('fault');
      await admin.query(`create schema ${schema}`);
      schemas.add(schema);
      for (let attempt = 1; ; attempt++) {
        const database = openDatabase({ url: pgUrl, schema });
        try {
          await migrate(database);
          break;
        } catch (e) {
          if (attempt >= 3 || !otherSchemaDropped(String(e), schema)) throw e;
        } finally {
          await database.close();
        }
      }
      return {
        engine, name: schema, env: databaseEnv('postgres', { url: pgUrl, schema }),
        open: () => openDatabase({ url: pgUrl, schema }),
        dispose: async () => {
          done.push(schema);
          await dropDone(DROP_AT_ONCE);
        },
      };
    },
    async detached(applicationName, timeoutMs) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await admin.query<{ n: string }>('select count(*) as n from pg_stat_activity where application_name = $1', [applicationName]);
        if (Number(rows[0]?.n) === 0) return true;
        if (Date.now() > end) return false;
        await sleep(50);
      }
    },
    async close() {
      try {
        done.push(...[...schemas].filter((schema) => !done.includes(schema)));
        await dropDone(1);
      } finally {
        await admin.end();
      }
    },
  };
}

/** The figures and import batches, without ids or times: equal states mean the same data. */
export interface FiguresState {
  figures: number;
  total: number;
  versions: number;
  /** Each batch: its counts, whether it was finished (its file's hash written), and how many figures carry it. */
  batches: Array<{ rowsRead: number; inserted: number; updated: number; unchanged: number; finished: number; figures: number }>;
  /** Figures naming a batch that does not exist. */
  orphans: number;
  /** Import entries of the audit log (an import's entry commits with it). */
  importAudits: number;
}

export async function figuresState(db: Kysely<DB>): Promise<FiguresState> {
  const one = async (q: RawBuilder<{ n: number | null }>) => Number((await q.execute(db)).rows[0]?.n ?? 0);
  const batches = await sql<{ rows_read: number; inserted: number; updated: number; unchanged: number; finished: number; figures: number }>`
    select b.rows_read, b.inserted, b.updated, b.unchanged, case when b.file_sha256 <> '' then 1 else 0 end as finished,
      (select count(*) from figures f where f.batch_id = b.id) as figures
    from import_batches b order by b.started_at, b.id`.execute(db);
  return {
    figures: await one(sql`select count(*) as n from figures`),
    total: await one(sql`select sum(value) as n from figures`),
    versions: await one(sql`select count(*) as n from figure_versions`),
    batches: batches.rows.map((b) => ({
      rowsRead: Number(b.rows_read), inserted: Number(b.inserted), updated: Number(b.updated), unchanged: Number(b.unchanged),
      finished: Number(b.finished), figures: Number(b.figures),
    })),
    orphans: await one(sql`select count(*) as n from figures f where f.batch_id is not null and not exists (select 1 from import_batches b where b.id = f.batch_id)`),
    importAudits: await one(sql`select count(*) as n from audit_log where resource = 'import' and outcome = 'allowed'`),
  };
}

export const sameState = (a: FiguresState, b: FiguresState) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What is wrong with a database after a fault: SQLite's own integrity and foreign-key checks; on both
 * engines, figures without their batch, a batch without its figures or left unfinished; an audit chain
 * that does not verify.
 */
export async function databaseProblems(database: Database, app: App, state: FiguresState): Promise<string[]> {
  const problems: string[] = [];
  if (database.engine === 'sqlite') {
    const integrity = (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db)).rows.map((r) => r.integrity_check);
    if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.slice(0, 3).join('; ')}`);
    const foreign = (await sql`pragma foreign_key_check`.execute(database.db)).rows;
    if (foreign.length) problems.push(`foreign_key_check: ${foreign.length} rows refer to nothing`);
  }
  problems.push(...await figuresTableProblems(database));
  if (state.orphans) problems.push(`${state.orphans} figures name a batch that does not exist`);
  for (const b of state.batches) {
    if (!b.finished) problems.push(`an import batch was left unfinished (${JSON.stringify(b)})`);
    if (b.figures !== b.inserted + b.updated) problems.push(`an import batch says ${b.inserted + b.updated} figures, ${b.figures} carry it`);
  }
  const audit = await app.audit.verify();
  if (!audit.ok) problems.push(`audit chain: ${audit.problems.slice(0, 3).map((p) => p.message).join('; ')}`);
  return problems;
}

/** Indexes a first large import drops and builds again: each must be there after any kill. */
const FIGURE_INDEXES = ['figures_batch', 'figures_host_year', 'figures_origin_year', 'figures_year_type'];

/** The figures table's indexes and, on PostgreSQL, its foreign keys (all four, validated) and natural-key constraint, whatever happened to an import. */
async function figuresTableProblems(database: Database): Promise<string[]> {
  const problems: string[] = [];
  const indexes = database.engine === 'sqlite'
    ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'figures'`.execute(database.db)).rows
    : (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'figures' and schemaname = current_schema()`.execute(database.db)).rows;
  const missing = FIGURE_INDEXES.filter((n) => !indexes.some((i) => i.name === n));
  if (missing.length) problems.push(`figures lost ${missing.join(', ')}`);
  if (database.engine === 'postgres') {
    const keys = (await sql<{ n: number }>`select count(*)::int as n from pg_constraint
      where conrelid = 'figures'::regclass and contype = 'f' and convalidated`.execute(database.db)).rows[0]?.n ?? 0;
    if (keys !== 4) problems.push(`figures has ${keys} validated foreign keys, not 4`);
    const unique = (await sql<{ n: number }>`select count(*)::int as n from pg_constraint
      where conrelid = 'figures'::regclass and contype = 'u' and conname = 'figures_nkey_key'`.execute(database.db)).rows[0]?.n ?? 0;
    if (unique !== 1) problems.push('figures lost the unique constraint on its natural key');
  }
  return problems;
}
