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
  let outcome = await migrator.migrateToLatest();
  // Kysely's introspection reads the catalogue of every schema, and fails when another schema (a test's, a
  // tenant's) is dropped at that moment. Nothing of ours was touched: try again.
  for (let again = 0; outcome.error && again < 3 && otherSchemaDropped(outcome.error, database.schema); again++) outcome = await migrator.migrateToLatest();
  const { error, results } = outcome;
  if (error) throw error instanceof Error ? error : new Error(String(error));
  for (const m of MODULES as readonly TandemModule<string, never, object>[]) await m.sync?.(database.db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Whether an error is PostgreSQL saying that a schema other than ours, or a table in one, does not exist. */
export function otherSchemaDropped(error: unknown, own: string | undefined): boolean {
  const m = /(?:schema "([^"]+)"|relation "([^".]+)\.[^"]+") does not exist/.exec(error instanceof Error ? error.message : String(error));
  return m !== null && (m[1] ?? m[2]) !== own;
}
