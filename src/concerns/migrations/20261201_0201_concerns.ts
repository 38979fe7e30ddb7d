import type { Kysely } from 'kysely';

/** Issues of concern (R11): the concern, the organisations it concerns, its history, and the notifications it sends. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('concerns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_ref', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('proposed_by', 'text')
    .addColumn('resolution', 'text')
    .addColumn('raised_by_user', 'text', (c) => c.references('users.id'))
    .addColumn('raised_by_org', 'text', (c) => c.references('organisations.id'))
    .addColumn('source_event', 'text')
    .addColumn('source_key', 'text', (c) => c.unique())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('concerns_clock').on('concerns').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('concerns_raised').on('concerns').columns(['raised_at', 'id']).execute();

  await db.schema
    .createTable('concern_orgs')
    .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('concern_orgs_pk', ['concern_id', 'org_id'])
    .execute();
  await db.schema.createIndex('concern_orgs_org').on('concern_orgs').columns(['org_id', 'concern_id']).execute();

  await db.schema
    .createTable('concern_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('agency', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('concern_history_concern').on('concern_history').columns(['concern_id', 'at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('email_state', 'text', (c) => c.notNull())
    .addColumn('email_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('notifications_inbox').on('notifications').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_outbox').on('notifications').columns(['email_state']).execute();
}
