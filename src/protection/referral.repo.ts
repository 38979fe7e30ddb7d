import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';
import type { ProtectionReferralTable } from './protection.tables.js';
import { AWAITING_ANSWER, type Priority, type ReferralStatus } from './referral.rules.js';

export type ReferralRow = Selectable<ProtectionReferralTable> & {
  from_slug: string; from_name: string; to_slug: string; to_name: string; wrapped_key: string | null;
};

export interface BoxFilter {
  box: 'inbox' | 'sent';
  status?: ReferralStatus;
  priority?: Priority;
  overdue?: boolean;
}

/**
 * The referrals an actor may list, as a `where` clause: a box of the receiving organisations it reads for
 * (`concerned`, drafts never) or of the referring ones (`own_org`).
 */
function visible(scope: Scope, box: BoxFilter['box']) {
  return (eb: ExpressionBuilder<DB, 'protection_referrals'>): Expression<SqlBool> => {
    if (box === 'inbox') {
      if (scope.all) return eb('protection_referrals.status', '!=', 'draft');
      const orgs = scope.orgs.concerned;
      return orgs.length ? eb.and([eb('protection_referrals.to_org_id', 'in', orgs), eb('protection_referrals.status', '!=', 'draft')]) : sql<SqlBool>`1 = 0`;
    }
    if (scope.all) return sql<SqlBool>`1 = 1`;
    const orgs = scope.orgs.own_org;
    return orgs.length ? eb('protection_referrals.from_org_id', 'in', orgs) : sql<SqlBool>`1 = 0`;
  };
}

const overdueWhere = (now: string) => (eb: ExpressionBuilder<DB, 'protection_referrals'>) =>
  eb.and([eb('protection_referrals.status', 'in', [...AWAITING_ANSWER]), eb('protection_referrals.due_at', '<', now)]);

/** Queries on referrals; no rule lives here. */
export function referralRepo(db: Kysely<DB>) {
  const full = (q: Kysely<DB>) => q.selectFrom('protection_referrals')
    .innerJoin('organisations as f', 'f.id', 'protection_referrals.from_org_id')
    .innerJoin('organisations as t', 't.id', 'protection_referrals.to_org_id')
    .leftJoin('protection_people as p', 'p.id', 'protection_referrals.person_id')
    .selectAll('protection_referrals')
    .select(['f.slug as from_slug', 'f.name as from_name', 't.slug as to_slug', 't.name as to_name', 'p.wrapped_key as wrapped_key']);

  return {
    byId: (id: string, q: Kysely<DB> = db): Promise<ReferralRow | undefined> => full(q).where('protection_referrals.id', '=', id).executeTakeFirst(),
    ofPerson: (personId: string): Promise<ReferralRow[]> => full(db).where('protection_referrals.person_id', '=', personId).orderBy('protection_referrals.id').execute(),
    insert: (row: ProtectionReferralTable, q: Kysely<DB>) => q.insertInto('protection_referrals').values(row).execute(),
    update: (id: string, set: Partial<ProtectionReferralTable>, q: Kysely<DB>) => q.updateTable('protection_referrals').set(set).where('id', '=', id).execute(),

    /** One page of a box, most pressing first (earliest deadline), with its total and how many are overdue. */
    async page(scope: Scope, f: BoxFilter, now: string, page: { limit: number; offset: number }) {
      let q = db.selectFrom('protection_referrals').where(visible(scope, f.box));
      if (f.status) q = q.where('protection_referrals.status', '=', f.status);
      if (f.priority) q = q.where('protection_referrals.priority', '=', f.priority);
      if (f.overdue === true) q = q.where(overdueWhere(now));
      if (f.overdue === false) q = q.where((eb) => eb.not(overdueWhere(now)(eb)));
      const counts = await q.select((eb) => [
        eb.fn.countAll<string | number>().as('total'),
        eb.fn.sum<string | number | null>(eb.case().when(overdueWhere(now)(eb)).then(1).else(0).end()).as('overdue'),
      ]).executeTakeFirstOrThrow();
      const ids = await q.select('protection_referrals.id')
        .orderBy(sql`case when protection_referrals.due_at is null then 1 else 0 end`).orderBy('protection_referrals.due_at').orderBy('protection_referrals.id')
        .limit(page.limit).offset(page.offset).execute();
      const rows = ids.length ? await full(db).where('protection_referrals.id', 'in', ids.map((r) => r.id)).execute() : [];
      const order = new Map(ids.map((r, i) => [r.id, i]));
      rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      return { rows, total: Number(counts.total), overdue: Number(counts.overdue ?? 0) };
    },

    /** The non-personal facts of sent referrals, for the aggregates. */
    facts: (f: { country?: string; from?: string; to?: string }) => {
      let q = db.selectFrom('protection_referrals')
        .select(['country', 'sent_at', 'pathway', 'priority', 'status', 'due_at', 'acknowledged_at', 'answered_at'])
        .where('sent_at', 'is not', null);
      if (f.country) q = q.where('country', '=', f.country.toUpperCase());
      if (f.from) q = q.where('sent_at', '>=', `${f.from}-01`);
      if (f.to) q = q.where('sent_at', '<', `${f.to}-32`);
      return q.execute();
    },

    /** Overdue referrals not yet announced, a chunk at a time. */
    unannouncedOverdue: (now: string, limit: number) => db.selectFrom('protection_referrals')
      .select(['id', 'from_org_id', 'to_org_id', 'priority', 'due_at']).where(overdueWhere(now)).where('overdue_raised_at', 'is', null)
      .orderBy('id').limit(limit).execute(),
  };
}

export type ReferralRepo = ReturnType<typeof referralRepo>;
