import { sql, type Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import type { RecommendationSnapshotTable } from './coordination.tables.js';

/** Queries of kept recommendations. */
export const snapshotRepo = {
  insert: (db: Kysely<DB>, row: RecommendationSnapshotTable) => db.insertInto('recommendation_snapshots').values(row).execute(),
  get: (db: Kysely<DB>, id: string) => db.selectFrom('recommendation_snapshots').selectAll().where('id', '=', id).executeTakeFirst(),

  /** The latest snapshot of a situation for a year (null: as of its computation). */
  latest: (db: Kysely<DB>, situationId: string, year: number | null) => {
    let q = db.selectFrom('recommendation_snapshots').selectAll().where('situation_id', '=', situationId);
    q = year === null ? q.where('year', 'is', null) : q.where('year', '=', year);
    return q.orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  },

  /** The latest current snapshot (year null) of each of these situations, in one query. */
  latestOf: async (db: Kysely<DB>, situationIds: readonly string[]) => {
    if (situationIds.length === 0) return [];
    return db.selectFrom('recommendation_snapshots as s').selectAll('s')
      .where('s.situation_id', 'in', [...situationIds]).where('s.year', 'is', null)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('recommendation_snapshots as later').select(sql`1`.as('one'))
        .whereRef('later.situation_id', '=', 's.situation_id').where('later.year', 'is', null)
        .where((eb) => eb.or([eb('later.computed_at', '>', eb.ref('s.computed_at')), eb.and([eb('later.computed_at', '=', eb.ref('s.computed_at')), eb('later.id', '>', eb.ref('s.id'))])])))))
      .execute();
  },

  /** A situation's snapshots, newest first, without their bodies. */
  history: (db: Kysely<DB>, situationId: string, page: { limit: number; offset: number }) =>
    db.selectFrom('recommendation_snapshots')
      .select(['id', 'situation_id', 'year', 'computed_at', 'as_of', 'trigger', 'trigger_ref', 'policy_version', 'arrangement', 'provisional', 'share'])
      .where('situation_id', '=', situationId).orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
  count: async (db: Kysely<DB>, situationId: string) =>
    Number((await db.selectFrom('recommendation_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).where('situation_id', '=', situationId).executeTakeFirstOrThrow()).n),
};
