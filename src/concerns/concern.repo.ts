import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';
import type { ConcernHistoryTable, ConcernTable } from './concerns.tables.js';

type Q = Kysely<DB>;

/**
 * The concerns an actor may read, as a `where` clause (the policy's scope turned into SQL): those it raised
 * (self), those concerning one of its organisations (concerned), those the agencies hold below the top for
 * their staff (co_lead) and those that reached the Chiefs of Staff for the liaison pair (own_org).
 */
export function visibleConcerns(scope: Scope, agencyOrgIds: readonly string[]) {
  return (eb: ExpressionBuilder<DB, 'concerns'>): Expression<SqlBool> => {
    if (scope.all) return sql<SqlBool>`1 = 1`;
    const ors: Array<Expression<SqlBool>> = [];
    const agency = (orgs: string[]) => orgs.some((o) => agencyOrgIds.includes(o));
    if (scope.self) ors.push(eb('concerns.raised_by_user', '=', scope.self));
    if (scope.orgs.concerned.length) {
      ors.push(eb.exists(eb.selectFrom('concern_orgs as scope_org').select(sql`1`.as('one'))
        .whereRef('scope_org.concern_id', '=', 'concerns.id').where('scope_org.org_id', 'in', scope.orgs.concerned)));
    }
    if (agency(scope.orgs.co_lead)) ors.push(eb('concerns.level', '!=', 'chiefs_of_staff'));
    if (agency(scope.orgs.own_org)) ors.push(eb('concerns.level', '=', 'chiefs_of_staff'));
    return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
  };
}

export interface ConcernFilter { status?: string; level?: string; orgId?: string }

export const concernRepo = {
  insert: async (q: Q, row: ConcernTable, orgIds: readonly string[]) => {
    await q.insertInto('concerns').values(row).execute();
    await q.insertInto('concern_orgs').values(orgIds.map((org_id) => ({ concern_id: row.id, org_id }))).execute();
  },

  byId: (q: Q, id: string) => q.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirst(),

  bySourceKey: (q: Q, key: string) => q.selectFrom('concerns').select('id').where('source_key', '=', key).executeTakeFirst(),

  /** The organisations each of these concerns concerns, with their names. */
  orgsOf: async (q: Q, concernIds: readonly string[]) => {
    if (concernIds.length === 0) return [];
    return q.selectFrom('concern_orgs').innerJoin('organisations', 'organisations.id', 'concern_orgs.org_id')
      .select(['concern_orgs.concern_id', 'organisations.id', 'organisations.slug', 'organisations.name'])
      .where('concern_orgs.concern_id', 'in', [...concernIds]).orderBy('organisations.slug').execute();
  },

  orgsBySlugs: async (q: Q, slugs: readonly string[]) => {
    if (slugs.length === 0) return [];
    return q.selectFrom('organisations').select(['id', 'slug', 'name']).where('slug', 'in', [...slugs]).execute();
  },

  orgById: (q: Q, id: string) => q.selectFrom('organisations').select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst(),

  history: (q: Q, concernId: string) =>
    q.selectFrom('concern_history').selectAll().where('concern_id', '=', concernId).orderBy('at').orderBy('id').execute(),

  addHistory: (q: Q, entry: ConcernHistoryTable) => q.insertInto('concern_history').values(entry).execute(),

  /**
   * Writes a new state only if the concern still is where the caller read it (level and status), so that
   * two processes (the server's clock and `tandem concerns escalate`) never apply the same step twice.
   */
  transition: async (q: Q, id: string, from: Pick<ConcernTable, 'level' | 'status'>, set: Partial<ConcernTable>) => {
    const r = await q.updateTable('concerns').set(set).where('id', '=', id).where('level', '=', from.level).where('status', '=', from.status).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Concerns below the top whose deadline has passed, oldest deadline first. */
  due: (q: Q, nowIso: string, limit: number) =>
    q.selectFrom('concerns').selectAll().where('status', '!=', 'resolved').where('level', '!=', 'chiefs_of_staff')
      .where('due_at', 'is not', null).where('due_at', '<=', nowIso).orderBy('due_at').orderBy('id').limit(limit).execute(),

  /** A page of the concerns the scope lets through, newest first. */
  page: async (q: Q, visible: ReturnType<typeof visibleConcerns>, f: ConcernFilter, limit: number, offset: number) => {
    let base = q.selectFrom('concerns').where(visible);
    if (f.status) base = base.where('status', '=', f.status);
    if (f.level) base = base.where('level', '=', f.level);
    if (f.orgId) {
      const orgId = f.orgId;
      base = base.where((eb) => eb.exists(eb.selectFrom('concern_orgs as f_org').select(sql`1`.as('one'))
        .whereRef('f_org.concern_id', '=', 'concerns.id').where('f_org.org_id', '=', orgId)));
    }
    const [items, count] = await Promise.all([
      base.selectAll().orderBy('raised_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  },
};
