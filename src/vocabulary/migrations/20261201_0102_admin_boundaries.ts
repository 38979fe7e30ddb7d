import type { Kysely } from 'kysely';

/**
 * Admin-area boundaries by country, as uploaded (GeoJSON, normalised: P-code, name, rounded coordinates),
 * one document per country: what the plan dashboards draw their maps with where boundaries exist.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('admin_boundaries')
    .addColumn('iso3', 'text', (c) => c.primaryKey())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('feature_count', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}
