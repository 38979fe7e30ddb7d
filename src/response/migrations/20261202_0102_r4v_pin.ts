import type { Kysely } from 'kysely';

/**
 * The people in need and the targets by country, admin 1 and sector (issue 19), from R4V's proportions
 * workbook (its "PiN 2022" and "Target" sheets): what the target ≤ PiN check compares.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('r4v_pin')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('admin1', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('pin', 'double precision')
    .addColumn('target', 'double precision')
    .addPrimaryKeyConstraint('r4v_pin_pk', ['platform_id', 'country', 'admin1', 'sector'])
    .execute();
}
