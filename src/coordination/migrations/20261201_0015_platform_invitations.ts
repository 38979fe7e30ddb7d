import type { Kysely } from 'kysely';

/**
 * Naming another organisation as a platform's co-lead, partner or sector lead invites it: the organisation
 * joins when one of its coordinators or representatives accepts. An answered invitation is kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('platform_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('sector_id', 'text', (c) => c.references('sectors.id'))
    .addColumn('appealing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('partner_type', 'text')
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('invited_by_org', 'text')
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('platform_invitations_org').on('platform_invitations').columns(['org_id', 'answer']).execute();
  await db.schema.createIndex('platform_invitations_platform').on('platform_invitations').columns(['platform_id', 'answer']).execute();
}
