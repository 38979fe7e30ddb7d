import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../core/tables.js';
import type { DecisionTable } from './coordination.tables.js';

type Q = Kysely<DB> | Transaction<DB>;

export const decisionRepo = {
  insert: (q: Q, d: DecisionTable) => q.insertInto('decisions').values(d).execute(),

  /** Records the signatures of a decision still awaiting one. */
  sign: (q: Q, d: DecisionTable) => q.updateTable('decisions').set({
    iom_account_id: d.iom_account_id, iom_signatory_name: d.iom_signatory_name, iom_signed_at: d.iom_signed_at,
    unhcr_account_id: d.unhcr_account_id, unhcr_signatory_name: d.unhcr_signatory_name, unhcr_signed_at: d.unhcr_signed_at,
    status: d.status,
  }).where('id', '=', d.id).where('status', '=', 'awaiting_signature').execute(),

  /** Records that a proposal was withdrawn or rejected. */
  close: (q: Q, d: DecisionTable) => q.updateTable('decisions')
    .set({ status: d.status, closed_at: d.closed_at, closed_by: d.closed_by, close_reason: d.close_reason })
    .where('id', '=', d.id).where('status', '=', 'awaiting_signature').execute(),

  /** The latest signed decision of each of these situations: the arrangement in force. */
  latestSigned: async (q: Q, situationIds: readonly string[]) => {
    if (situationIds.length === 0) return [];
    const rows = await q.selectFrom('decisions').selectAll().where('situation_id', 'in', [...situationIds]).where('status', '=', 'signed')
      .orderBy('situation_id').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    const first = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!first.has(r.situation_id)) first.set(r.situation_id, r);
    return [...first.values()];
  },

  /** A situation's decisions, newest first; the arrangement in force is the newest one with status `signed`. */
  history: (q: Q, situationId: string) =>
    q.selectFrom('decisions').selectAll().where('situation_id', '=', situationId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
};
