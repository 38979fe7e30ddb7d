import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase as SqliteDialectDatabase } from 'kysely';
import pg from 'pg';
import type { DB } from './tables.js';

export type Engine = 'sqlite' | 'postgres';

/** An open database: the query layer, which engine is behind it, and how to close it. */
export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Human-readable location, never containing a password. */
  where: string;
  /** The PostgreSQL schema the database works in, when one was chosen. */
  schema?: string;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** PostgreSQL connection string; when absent the embedded SQLite file is used. */
  url?: string;
  /** SQLite file path (default `./data/tandem.db`). */
  file?: string;
  /** PostgreSQL schema to work in (tests use one fresh schema per run). */
  schema?: string;
}

export const DEFAULT_SQLITE_FILE = 'data/tandem.db';

/** Resolves the configuration from CLI flags and the environment (`DATABASE_URL`, `TANDEM_DB`). */
export function configFromEnv(flags: { db?: string } = {}, env = process.env): DatabaseConfig {
  if (flags.db) return { file: flags.db };
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, schema: env.TANDEM_PG_SCHEMA };
  return { file: env.TANDEM_DB ?? DEFAULT_SQLITE_FILE };
}

// PostgreSQL returns 64-bit integers and numerics as strings; every count Tandem stores fits a double.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
  },
};

export function openDatabase(config: DatabaseConfig): Database {
  if (config.url) return openPostgres(config.url, config.schema);
  return openSqlite(config.file ?? DEFAULT_SQLITE_FILE);
}

function openSqlite(file: string): Database {
  const path = file === ':memory:' ? file : resolve(file);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, engine: 'sqlite', where: `sqlite:${path}`, close: () => db.destroy() };
}

/**
 * The query layer prepares every statement it runs; preparing costs more than running most of Tandem's
 * queries (the session lookup on every request, above all). Keep the most recently used statements,
 * keyed by their SQL. Statements are never run concurrently: the dialect serialises a connection's use.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 256): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/**
 * The pooled connections of this process by their server process id, for what the query layer cannot do
 * (COPY, in `bulk.ts`): a transaction asks `pg_backend_pid()` and finds its own connection here.
 */
const backends = new Map<number, pg.PoolClient>();
const backendPid = (client: pg.PoolClient) => (client as pg.PoolClient & { processID: number }).processID;
export function clientOfBackend(pid: number): pg.PoolClient | undefined {
  return backends.get(pid);
}

function openPostgres(url: string, schema?: string): Database {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes,
    // While PostgreSQL is down or restarting a request must fail fast (503), not wait: this bounds both
    // opening a connection and waiting for a free one in the pool.
    connectionTimeoutMillis: 3_000,
    // TCP keep-alive notices a server that vanished without closing the connection (a host lost, a partition).
    keepAlive: true,
    // A runaway statement is cancelled by the server, which releases its locks; no single statement of
    // Tandem's (an import writes in batches) comes near it.
    statement_timeout: 120_000,
    // A transaction left open by a client that hangs is ended by the server rather than holding its locks.
    idle_in_transaction_session_timeout: 120_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A connection PostgreSQL closes (a restart, an administrator ending sessions) raises 'error' on its
  // client: for an idle client the pool re-raises it (and drops the client), for one in use the query in
  // progress fails with it too. Unheard, either would end the process: the request that needed the
  // connection answers 503 instead, and the next one gets a fresh connection.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    backends.set(backendPid(client), client);
  });
  pool.on('remove', (client) => backends.delete(backendPid(client)));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return { db, engine: 'postgres', schema, where: schema ? `${safe} (schema ${schema})` : safe, close: () => db.destroy() };
}
