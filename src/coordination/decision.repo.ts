import type { Kysely, Transaction } from 'kysely';
import type { DB, DecisionTable } from '../core/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

export const decisionRepo = {
  insert: (q: Q, d: DecisionTable) => q.insertInto('decisions').values(d).execute(),

  /** A situation's decisions, newest first: the first one is the arrangement in force. */
  history: (q: Q, situationId: string) =>
    q.selectFrom('decisions').selectAll().where('situation_id', '=', situationId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),

  /** The decision in force for every situation that has one: its latest decision signed by both agencies. */
  async inForceBySituation(q: Q): Promise<Map<string, DecisionTable>> {
    const rows = await q.selectFrom('decisions').selectAll().where('status', '=', 'signed')
      .orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return new Map(rows.map((r) => [r.situation_id, r]));
  },
};
