import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { openDatabase, type Database, type Engine } from '../../src/core/db.js';
import { migrate } from '../../src/db/migrate.js';

/** Where the tests find PostgreSQL; CI sets TANDEM_REQUIRE_PG=1 so that its absence fails instead of skipping. */
export const PG_URL = process.env.TANDEM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgUp = await postgresReachable();
if (!pgUp) {
  if (process.env.TANDEM_REQUIRE_PG === '1') throw new Error(`PostgreSQL is required (TANDEM_REQUIRE_PG=1) but not reachable at ${PG_URL}`);
  console.warn(`PostgreSQL not reachable at ${PG_URL}: skipping the PostgreSQL half of the integration tests`);
}

export const ENGINES: Engine[] = pgUp ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb {
  database: Database;
  app: App;
  /** Removes the SQLite file or drops the PostgreSQL schema. */
  dispose(): Promise<void>;
}

/** A fresh, migrated database of the given engine: a temporary SQLite file, or a new PostgreSQL schema. */
export async function freshDb(engine: Engine): Promise<TestDb> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-test-'));
    const database = openDatabase({ file: join(dir, 'tandem.db') });
    await migrate(database);
    return {
      database, app: createApp(database),
      dispose: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); },
    };
  }
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ url: PG_URL, schema });
  await migrate(database);
  return {
    database, app: createApp(database),
    dispose: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/** Runs the same suite on every available engine. */
export function describeEachEngine(name: string, fn: (engine: Engine) => void): void {
  for (const engine of ENGINES) describe(`${name} [${engine}]`, () => fn(engine));
}

export const SHARED_DATA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');
export const UNHCR_FULL = join(SHARED_DATA, 'unhcr/refugees-r-package/population.csv.gz');
export const UNHCR_2024_2025 = join(SHARED_DATA, 'unhcr/refugees-r-package/population_2024_2025.csv');
export const DESA_STOCK = join(SHARED_DATA, 'desa/undesa_stocks_1990_2024.csv.gz');
