import type { Kysely } from 'kysely';

/**
 * People, their screenings and their referrals between organisations (R7), with every personal value sealed,
 * and the keyring of the search index. Indexes serve the inboxes (by receiving organisation, status and
 * deadline) and the referrer's list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('protection_keyring')
    .addColumn('purpose', 'text', (c) => c.primaryKey())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('protection_people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text').addColumn('family_name', 'text').addColumn('birth_date', 'text')
    .addColumn('sex', 'text').addColumn('nationality', 'text').addColumn('contact', 'text')
    .addColumn('name_index', 'text').addColumn('birth_index', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('retain_until', 'text', (c) => c.notNull())
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('protection_people_org_name').on('protection_people').columns(['org_id', 'name_index']).execute();
  await db.schema.createIndex('protection_people_retention').on('protection_people').columns(['retain_until']).execute();

  await db.schema.createTable('protection_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('protection_people.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('rules_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('protection_profiles_person').on('protection_profiles').columns(['person_id']).execute();

  await db.schema.createTable('protection_referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.references('protection_people.id'))
    .addColumn('profile_id', 'text', (c) => c.references('protection_profiles.id'))
    .addColumn('from_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('to_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('narrative', 'text').addColumn('decline_reason', 'text').addColumn('outcome', 'text').addColumn('feedback', 'text')
    .addColumn('consent_fields', 'text', (c) => c.notNull())
    .addColumn('consent_purpose', 'text')
    .addColumn('consent_given_at', 'text', (c) => c.notNull())
    .addColumn('consent_method', 'text', (c) => c.notNull())
    .addColumn('consent_given_by', 'text', (c) => c.notNull())
    .addColumn('consent_withdrawn_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text').addColumn('due_at', 'text').addColumn('acknowledged_at', 'text').addColumn('answered_at', 'text')
    .addColumn('outcome_at', 'text').addColumn('feedback_at', 'text').addColumn('closed_at', 'text').addColumn('overdue_raised_at', 'text')
    .execute();
  await db.schema.createIndex('protection_referrals_inbox').on('protection_referrals').columns(['to_org_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('protection_referrals_outbox').on('protection_referrals').columns(['from_org_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('protection_referrals_person').on('protection_referrals').columns(['person_id']).execute();
  await db.schema.createIndex('protection_referrals_sent').on('protection_referrals').columns(['country', 'sent_at']).execute();
}
