import type { Kysely } from 'kysely';

/** Situations: a named caseload, its origin and host countries and optional admin areas. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('situations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // role is 'origin', 'host' or 'area' (an admin-area P-code).
  await db.schema
    .createTable('situation_places')
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('situation_places_pk', ['situation_id', 'role', 'code'])
    .execute();
}
