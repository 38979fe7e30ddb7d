import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';
import type { AgreementStatus } from './sharing.rules.js';
import type { SharingAgreementTable, SharingPartyTable } from './sharing.tables.js';

type Q = Kysely<DB>;

/** The agreements an actor may read, as a `where` clause: those one of its organisations is a party to (concerned), or all. */
export function visibleAgreements(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'sharing_agreements'>): Expression<SqlBool> => {
    if (scope.all) return sql<SqlBool>`1 = 1`;
    if (scope.orgs.concerned.length === 0) return sql<SqlBool>`1 = 0`;
    return eb.exists(eb.selectFrom('sharing_parties as scope_party').select(sql`1`.as('one'))
      .whereRef('scope_party.agreement_id', '=', 'sharing_agreements.id').where('scope_party.org_id', 'in', scope.orgs.concerned));
  };
}

/** An agreement's status on `today` (YYYY-MM-DD) as SQL, the same rule as agreementStatus. */
function statusIs(status: AgreementStatus, today: string) {
  return (eb: ExpressionBuilder<DB, 'sharing_agreements'>): Expression<SqlBool> => {
    const pending = eb.exists(eb.selectFrom('sharing_parties as st_party').select(sql`1`.as('one'))
      .whereRef('st_party.agreement_id', '=', 'sharing_agreements.id').where('st_party.approved_at', 'is', null));
    const current = eb('sharing_agreements.expires_on', '>=', today);
    switch (status) {
      case 'lapsed': return eb('sharing_agreements.expires_on', '<', today);
      case 'draft': return eb.and([current, pending]);
      case 'scheduled': return eb.and([current, eb.not(pending), eb('sharing_agreements.starts_on', '>', today)]);
      case 'active': return eb.and([current, eb.not(pending), eb('sharing_agreements.starts_on', '<=', today)]);
    }
  };
}

export const agreementRepo = {
  insert: async (q: Q, row: SharingAgreementTable, parties: readonly SharingPartyTable[]) => {
    await q.insertInto('sharing_agreements').values(row).execute();
    await q.insertInto('sharing_parties').values([...parties]).execute();
  },

  byId: (q: Q, id: string) => q.selectFrom('sharing_agreements').selectAll().where('id', '=', id).executeTakeFirst(),

  /** Concluded agreements (no approval pending) past their expiry day whose lapse was not announced yet, oldest first. */
  unannouncedLapsed: (q: Q, today: string, limit: number) => q.selectFrom('sharing_agreements').select(['id', 'expires_on'])
    .where('expires_on', '<', today).where('lapse_announced_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('sharing_parties as p').select(sql`1`.as('one')).whereRef('p.agreement_id', '=', 'sharing_agreements.id').where('p.approved_at', 'is', null))))
    .orderBy('expires_on').orderBy('id').limit(limit).execute(),

  /** Marks the lapse announced; false when it was already (the announcement is raised once). */
  markLapseAnnounced: async (q: Q, id: string, at: string) => {
    const r = await q.updateTable('sharing_agreements').set({ lapse_announced_at: at }).where('id', '=', id).where('lapse_announced_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  /** The parties of these agreements, with their organisations' names, by short name. */
  partiesOf: async (q: Q, ids: readonly string[]) => {
    if (ids.length === 0) return [];
    return q.selectFrom('sharing_parties').innerJoin('organisations', 'organisations.id', 'sharing_parties.org_id')
      .select(['sharing_parties.agreement_id', 'sharing_parties.org_id', 'sharing_parties.role', 'sharing_parties.approved_by', 'sharing_parties.approved_role',
        'sharing_parties.approved_at', 'organisations.slug', 'organisations.name'])
      .where('sharing_parties.agreement_id', 'in', [...ids]).orderBy('organisations.slug').execute();
  },

  orgsBySlugs: async (q: Q, slugs: readonly string[]) => {
    if (slugs.length === 0) return [];
    return q.selectFrom('organisations').select(['id', 'slug', 'name']).where('slug', 'in', [...slugs]).execute();
  },

  orgsByIds: async (q: Q, ids: readonly string[]) => {
    if (ids.length === 0) return [];
    return q.selectFrom('organisations').select(['id', 'slug', 'name']).where('id', 'in', [...ids]).execute();
  },

  /** Records a party's approval, only if it still awaits one (two officers approving at once: one wins). */
  approve: async (q: Q, agreementId: string, orgId: string, set: { approved_by: string; approved_role: string; approved_at: string }) => {
    const r = await q.updateTable('sharing_parties').set(set).where('agreement_id', '=', agreementId).where('org_id', '=', orgId)
      .where('approved_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** A page of the agreements the scope lets through, newest first. */
  page: async (q: Q, visible: ReturnType<typeof visibleAgreements>, f: { status?: AgreementStatus; today: string }, limit: number, offset: number) => {
    let base = q.selectFrom('sharing_agreements').where(visible);
    if (f.status) base = base.where(statusIs(f.status, f.today));
    const [items, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  },
};
