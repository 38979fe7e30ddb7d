import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from '../core/db.js';
import type { TandemModule } from '../core/module.js';
import { MODULES } from '../modules.js';

/** Every module's migrations by name; Kysely runs them in name order, so timestamped names order them across modules. */
function allMigrations(): Record<string, Migration> {
  const out: Record<string, Migration> = {};
  for (const m of MODULES as readonly TandemModule<string, never, object>[]) {
    for (const [name, migration] of Object.entries(m.migrations ?? {})) {
      if (out[name]) throw new Error(`two modules declare the migration ${name}`);
      out[name] = migration;
    }
  }
  return out;
}

const provider: MigrationProvider = { getMigrations: async () => allMigrations() };

/** Applies pending migrations (forward-only), then brings every module's reference data up to date. */
export async function migrate(database: Database): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which: name ours, so that two
  // Tandem databases in one PostgreSQL database (tests, tenants) never see each other's.
  const migrator = new Migrator({
    db: database.db,
    provider,
    ...(database.engine === 'postgres' && database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  for (const m of MODULES as readonly TandemModule<string, never, object>[]) await m.sync?.(database.db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
