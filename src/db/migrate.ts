import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from '../core/db.js';
import * as m0001 from './migrations/20261128_0001_vocabulary.js';
import * as m0002 from './migrations/20261128_0002_policies.js';
import * as m0003 from './migrations/20261128_0003_figures.js';
import * as m0004 from './migrations/20261128_0004_situations.js';
import * as m0005 from './migrations/20261128_0005_decisions.js';
import * as m0006 from './migrations/20261128_0006_accounts.js';
import * as m0007 from './migrations/20261128_0007_audit.js';
import * as m0008 from './migrations/20261128_0008_owned_batches_and_signatures.js';
import * as m0009 from './migrations/20261128_0009_figures_by_batch.js';
import * as m0010 from './migrations/20261128_0010_platforms.js';
import * as m0011 from './migrations/20261128_0011_report_totals.js';
import { syncReferenceData } from '../vocabulary/reference-data.js';

// Forward-only: a landed migration is never edited; a change is a new file added here.
const migrations: Record<string, Migration> = {
  '20261128_0001_vocabulary': m0001,
  '20261128_0002_policies': m0002,
  '20261128_0003_figures': m0003,
  '20261128_0004_situations': m0004,
  '20261128_0005_decisions': m0005,
  '20261128_0006_accounts': m0006,
  '20261128_0007_audit': m0007,
  '20261128_0008_owned_batches_and_signatures': m0008,
  '20261128_0009_figures_by_batch': m0009,
  '20261128_0010_platforms': m0010,
  '20261128_0011_report_totals': m0011,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies pending migrations, then brings reference data (countries, agencies, policy) up to date. */
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
  await syncReferenceData(database.db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
