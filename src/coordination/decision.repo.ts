import type { Kysely, Transaction } from 'kysely';
import type { DB, DecisionTable } from '../core/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

export const decisionRepo = {
  insert: (q: Q, d: DecisionTable) => q.insertInto('decisions').values(d).execute(),

  /** A situation's decisions, newest first; the arrangement in force is the newest one with status `signed`. */
  history: (q: Q, situationId: string) =>
    q.selectFrom('decisions').selectAll().where('situation_id', '=', situationId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
};
