import type { Kysely } from 'kysely';

/**
 * R3, every recommendation kept: a snapshot of each recommendation (its inputs with figure ids and
 * versions, the policy version, the result) whenever its inputs change, and the decision points at the
 * one it answered. Policy versions record who published them and the alignment window (R2). A proposal
 * can be withdrawn by its proposer or rejected by the other agency, and a disagreement is kept until the
 * concerns module takes it up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('policies').addColumn('alignment_months', 'integer', (c) => c.notNull().defaultTo(12)).execute();
  await db.schema.alterTable('policies').addColumn('published_at', 'text').execute();
  await db.schema.alterTable('policies').addColumn('published_by', 'text').execute();

  await db.schema.createTable('recommendation_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('year', 'integer')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('trigger_ref', 'text')
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('arrangement', 'text', (c) => c.notNull())
    .addColumn('provisional', 'integer', (c) => c.notNull())
    .addColumn('share', 'double precision')
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recommendation_snapshots_situation').on('recommendation_snapshots').columns(['situation_id', 'year', 'computed_at']).execute();

  await db.schema.alterTable('decisions').addColumn('snapshot_id', 'text').execute();
  await db.schema.alterTable('decisions').addColumn('closed_at', 'text').execute();
  await db.schema.alterTable('decisions').addColumn('closed_by', 'text').execute();
  await db.schema.alterTable('decisions').addColumn('close_reason', 'text').execute();

  await db.schema.createTable('disagreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.notNull())
    .addColumn('other_decision_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disagreements_situation').on('disagreements').columns(['situation_id', 'raised_at']).execute();
}
