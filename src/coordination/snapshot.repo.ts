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

  /** The snapshots an event kept (an import's batch id, a policy version), with the one before each. */
  byTrigger: async (db: Kysely<DB>, trigger: string, ref: string) => {
    const rows = await db.selectFrom('recommendation_snapshots').selectAll().where('trigger', '=', trigger).where('trigger_ref', '=', ref).where('year', 'is', null).execute();
    const out = [];
    for (const r of rows) {
      const before = await db.selectFrom('recommendation_snapshots').select(['arrangement', 'share', 'provisional']).where('situation_id', '=', r.situation_id).where('year', 'is', null)
        .where((eb) => eb.or([eb('computed_at', '<', r.computed_at), eb.and([eb('computed_at', '=', r.computed_at), eb('id', '<', r.id)])]))
        .orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      out.push({ snapshot: r, before });
    }
    return out;
  },

  /** A situation's snapshots, newest first, without their bodies. */
  history: (db: Kysely<DB>, situationId: string, page: { limit: number; offset: number }) =>
    db.selectFrom('recommendation_snapshots')
      .select(['id', 'situation_id', 'year', 'computed_at', 'as_of', 'trigger', 'trigger_ref', 'policy_version', 'arrangement', 'provisional', 'share'])
      .where('situation_id', '=', situationId).orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
  count: async (db: Kysely<DB>, situationId: string) =>
    Number((await db.selectFrom('recommendation_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).where('situation_id', '=', situationId).executeTakeFirstOrThrow()).n),
};
