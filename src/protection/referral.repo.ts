import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';
import type { ProtectionReferralTable } from './protection.tables.js';
import type { Priority, ReferralStatus } from './referral.rules.js';

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
 * (`concerned`, drafts never: their `box_order` starts with 0) or of the referring ones (`own_org`).
 */
function visible(scope: Scope, box: BoxFilter['box']) {
  return (eb: ExpressionBuilder<DB, 'protection_referrals'>): Expression<SqlBool> => {
    if (box === 'inbox') {
      if (scope.all) return eb('protection_referrals.box_order', '>=', '1');
      const orgs = scope.orgs.concerned;
      return orgs.length ? eb.and([eb('protection_referrals.to_org_id', 'in', orgs), eb('protection_referrals.box_order', '>=', '1')]) : sql<SqlBool>`1 = 0`;
    }
    if (scope.all) return sql<SqlBool>`1 = 1`;
    const orgs = scope.orgs.own_org;
    return orgs.length ? eb('protection_referrals.from_org_id', 'in', orgs) : sql<SqlBool>`1 = 0`;
  };
}

/** Overdue: awaiting an answer past the deadline, which is a range of `box_order` (`1|` up to `1|<now>`). */
const overdueWhere = (now: string) => (eb: ExpressionBuilder<DB, 'protection_referrals'>) =>
  eb.and([eb('protection_referrals.box_order', '>', '1|'), eb('protection_referrals.box_order', '<', `1|${now}`)]);

/** Past this many, a box's count says "at least" (`totalCapped`, `overdueCapped`). */
export const COUNT_CAP = 10_000;

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

    /**
     * One page of a box in its order (drafts, then awaiting an answer by deadline, in progress, done), with
     * its total and how many are overdue (each counted up to COUNT_CAP): three bounded reads of one index each,
     * whatever the size of the box.
     */
    async page(scope: Scope, f: BoxFilter, now: string, page: { limit: number; offset: number }) {
      let q = db.selectFrom('protection_referrals').where(visible(scope, f.box));
      if (f.status) q = q.where('protection_referrals.status', '=', f.status);
      if (f.priority) q = q.where('protection_referrals.priority', '=', f.priority);
      if (f.overdue === true) q = q.where(overdueWhere(now));
      if (f.overdue === false) q = q.where((eb) => eb.not(overdueWhere(now)(eb)));
      // Counting stops past COUNT_CAP: "10,000+" reads as well as 397,412 in an inbox, and costs a bounded read.
      const count = (qq: typeof q) => db.selectFrom(qq.select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).as('capped'))
        .select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));
      const [total, overdue, ids] = await Promise.all([
        count(q),
        f.overdue === false ? 0 : f.overdue === true ? null : count(q.where(overdueWhere(now))),
        q.select('protection_referrals.id').orderBy('protection_referrals.box_order').orderBy('protection_referrals.id').limit(page.limit).offset(page.offset).execute(),
      ]);
      const rows = ids.length ? await full(db).where('protection_referrals.id', 'in', ids.map((r) => r.id)).execute() : [];
      const order = new Map(ids.map((r, i) => [r.id, i]));
      rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      const o = overdue ?? total;
      return { rows, total: Math.min(total, COUNT_CAP), totalCapped: total > COUNT_CAP, overdue: Math.min(o, COUNT_CAP), overdueCapped: o > COUNT_CAP };
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
      .select(['id', 'from_org_id', 'to_org_id', 'priority', 'due_at']).where('overdue_raised_at', 'is', null).where(overdueWhere(now))
      .orderBy('box_order').limit(limit).execute(),
  };
}

export type ReferralRepo = ReturnType<typeof referralRepo>;
