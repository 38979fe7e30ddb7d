import type { Kysely } from 'kysely';

/** Support to States (R9): requests, offers, matches and their steps; internal and disaster displacement arrangements (R8). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('support_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_requests_org').on('support_requests').columns(['org_id', 'filed_at']).execute();
  await db.schema.createIndex('support_requests_channel').on('support_requests').columns(['channel', 'filed_at']).execute();

  await db.schema.createTable('support_request_tags')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('support_requests.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('support_request_tags_pk', ['owner_id', 'tag'])
    .execute();

  await db.schema.createTable('support_offers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amount_usd', 'double precision')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_offers_org').on('support_offers').columns(['org_id', 'created_at']).execute();

  await db.schema.createTable('support_offer_tags')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('support_offers.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('support_offer_tags_pk', ['owner_id', 'tag'])
    .execute();

  await db.schema.createTable('support_offer_places')
    .addColumn('offer_id', 'text', (c) => c.notNull().references('support_offers.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('support_offer_places_pk', ['offer_id', 'scope', 'code'])
    .execute();

  await db.schema.createTable('support_matches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('support_requests.id'))
    .addColumn('offer_id', 'text', (c) => c.notNull().references('support_offers.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount_usd', 'double precision')
    .addColumn('rating', 'integer')
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('evaluated_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_matches_request').on('support_matches').columns(['request_id', 'status']).execute();
  await db.schema.createIndex('support_matches_offer').on('support_matches').columns(['offer_id', 'status']).execute();

  await db.schema.createTable('support_match_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('match_id', 'text', (c) => c.notNull().references('support_matches.id'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_org', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('support_match_steps_match').on('support_match_steps').columns(['match_id', 'at']).execute();

  await db.schema.createTable('displacement_arrangements')
    .addColumn('situation_id', 'text', (c) => c.primaryKey().references('situations.id'))
    .addColumn('note', 'text')
    .addColumn('pdd', 'integer')
    .addColumn('hazard', 'text')
    .addColumn('started_on', 'text')
    .addColumn('ended_on', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('displacement_clusters')
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('cluster', 'text', (c) => c.notNull())
    .addColumn('lead_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('co_lead_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('iom_engaged', 'integer', (c) => c.notNull())
    .addColumn('unhcr_engaged', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('displacement_clusters_pk', ['situation_id', 'cluster'])
    .execute();
}
