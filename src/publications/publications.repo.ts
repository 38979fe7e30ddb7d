import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';
import type { PublicationTable, PublicationVersionTable } from './publications.tables.js';

type Q = Kysely<DB>;

/**
 * The reports an actor may compose, as a `where` clause: its own organisation's (own_org), and every report
 * on a platform its organisation co-leads (co_lead).
 */
export function composableReports(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'publications'>): Expression<SqlBool> => {
    if (scope.all) return sql<SqlBool>`1 = 1`;
    const ors: Array<Expression<SqlBool>> = [];
    if (scope.orgs.own_org.length) ors.push(eb('publications.org_id', 'in', scope.orgs.own_org));
    if (scope.orgs.co_lead.length) {
      ors.push(eb.exists(eb.selectFrom('platform_orgs as scope_lead').select(sql`1`.as('one'))
        .whereRef('scope_lead.platform_id', '=', 'publications.platform_id')
        .where('scope_lead.role', '=', 'co_lead').where('scope_lead.org_id', 'in', scope.orgs.co_lead)));
    }
    return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
  };
}

/** A report with the names of its organisation and platform. */
const withNames = (q: Q) => q.selectFrom('publications')
  .innerJoin('organisations as o', 'o.id', 'publications.org_id')
  .leftJoin('platforms as p', 'p.id', 'publications.platform_id')
  .selectAll('publications')
  .select(['o.slug as org_slug', 'o.name as org_name', 'p.slug as platform_slug', 'p.name as platform_name']);

export const publicationsRepo = {
  byId: (q: Q, id: string) => withNames(q).where('publications.id', '=', id).executeTakeFirst(),
  bySlug: (q: Q, slug: string) => withNames(q).where('publications.slug', '=', slug).executeTakeFirst(),

  /** The public names already taken that start as `base` does. */
  slugsLike: async (q: Q, base: string) =>
    new Set((await q.selectFrom('publications').select('slug').where('slug', 'like', `${base}%`).execute()).map((r) => r.slug)),

  coLeadIds: async (q: Q, platformId: string | null) => (platformId === null ? [] :
    (await q.selectFrom('platform_orgs').select('org_id').where('platform_id', '=', platformId).where('role', '=', 'co_lead').execute()).map((r) => r.org_id)),

  insert: (q: Q, row: PublicationTable) => q.insertInto('publications').values(row).execute(),

  update: (q: Q, id: string, set: Partial<Pick<PublicationTable, 'title' | 'body' | 'items' | 'updated_at'>>) =>
    q.updateTable('publications').set(set).where('id', '=', id).execute(),

  /** Takes the next version number; false when another publishing took it first. */
  advance: async (q: Q, id: string, from: number, at: string) => {
    const r = await q.updateTable('publications').set({ latest_version: from + 1, updated_at: at }).where('id', '=', id).where('latest_version', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  insertVersion: (q: Q, row: PublicationVersionTable) => q.insertInto('publication_versions').values(row).execute(),

  version: (q: Q, id: string, version: number) =>
    q.selectFrom('publication_versions').selectAll().where('publication_id', '=', id).where('version', '=', version).executeTakeFirst(),

  /** Every version's items (JSON), for what earlier releases hid. */
  versionItems: async (q: Q, id: string) =>
    (await q.selectFrom('publication_versions').select('items').where('publication_id', '=', id).execute()).map((r) => r.items),

  /** Every version's number and day, newest first. */
  versions: (q: Q, id: string) => q.selectFrom('publication_versions').select(['version', 'published_at'])
    .where('publication_id', '=', id).orderBy('version', 'desc').execute(),

  /** One page of the reports the scope lets through, last changed first. */
  page: async (q: Q, where: ReturnType<typeof composableReports>, limit: number, offset: number) => {
    const [items, total] = await Promise.all([
      withNames(q).where(where).orderBy('publications.updated_at', 'desc').orderBy('publications.id', 'desc').limit(limit).offset(offset).execute(),
      q.selectFrom('publications').select((eb) => eb.fn.countAll<number | string>().as('n')).where(where).executeTakeFirst(),
    ]);
    return { items, total: Number(total?.n ?? 0) };
  },
};

export type PublicationRow = NonNullable<Awaited<ReturnType<typeof publicationsRepo.byId>>>;
