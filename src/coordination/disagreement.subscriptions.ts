import type { Kysely } from 'kysely';
import { on, type Subscription } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';

/**
 * R3: a disagreement between the agencies (a proposal rejected, or a conflicting proposal while one awaits
 * signature) is kept with the change that raised it, until the concerns module escalates it (R11).
 */
export function disagreementSubscriptions(): Subscription[] {
  const keep = (db: Kysely<DB>, row: { situationId: string; kind: 'rejected' | 'conflicting'; decisionId: string; otherDecisionId?: string; reason: string | null }) =>
    db.insertInto('disagreements').values({
      id: newId(), situation_id: row.situationId, kind: row.kind, decision_id: row.decisionId, other_decision_id: row.otherDecisionId ?? null,
      reason: row.reason, raised_at: nowIso(),
    }).execute();
  return [
    on('decision.rejected', 'in-transaction', 'coordination: keep the disagreement', async (e, trx) => {
      const d = await trx.selectFrom('decisions').select('close_reason').where('id', '=', e.decisionId).executeTakeFirst();
      await keep(trx, { situationId: e.situationId, kind: 'rejected', decisionId: e.decisionId, reason: d?.close_reason ?? null });
    }),
    on('decision.conflicting', 'in-transaction', 'coordination: keep the disagreement', async (e, trx) => {
      await keep(trx, { situationId: e.situationId, kind: 'conflicting', decisionId: e.decisionId, otherDecisionId: e.otherDecisionId, reason: null });
    }),
  ];
}
