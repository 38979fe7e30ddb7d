import { sql, type Kysely } from 'kysely';
import { boxOrder, type ReferralStatus } from '../referral.rules.js';

/**
 * Boxes read in index order. A referral's place in its box (`box_order`, see referral.rules.ts) is kept on its
 * row, so that a page of an inbox of hundreds of thousands of referrals, filtered by status, priority or
 * overdue, is the first rows of an index rather than a sort; the people an organisation holds are listed
 * latest first the same way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('protection_referrals').addColumn('box_order', 'text').execute();
  // The rows already there (the module is new: a few at most), one by one.
  const rows = await sql<{ id: string; status: ReferralStatus; due_at: string | null; sent_at: string | null; created_at: string }>`
    select id, status, due_at, sent_at, created_at from protection_referrals`.execute(db);
  for (const r of rows.rows) {
    await sql`update protection_referrals set box_order = ${boxOrder({ status: r.status, dueAt: r.due_at, sentAt: r.sent_at, createdAt: r.created_at })} where id = ${r.id}`.execute(db);
  }
  await db.schema.dropIndex('protection_referrals_inbox').execute();
  await db.schema.dropIndex('protection_referrals_outbox').execute();
  for (const [side, col] of [['inbox', 'to_org_id'], ['outbox', 'from_org_id']] as const) {
    // Priority and status ride along, so that a filter on either reads the index alone while it walks in order.
    await db.schema.createIndex(`protection_referrals_${side}`).on('protection_referrals').columns([col, 'box_order', 'id', 'priority', 'status']).execute();
    await db.schema.createIndex(`protection_referrals_${side}_status`).on('protection_referrals').columns([col, 'status', 'box_order']).execute();
    await db.schema.createIndex(`protection_referrals_${side}_priority`).on('protection_referrals').columns([col, 'priority', 'box_order']).execute();
  }
  await db.schema.createIndex('protection_referrals_unannounced').on('protection_referrals').columns(['overdue_raised_at', 'box_order']).execute();
  await db.schema.createIndex('protection_people_org_created').on('protection_people').columns(['org_id', 'created_at']).execute();
}
