import type { Kysely } from 'kysely';
import { on, type DomainEvents, type EventName, type Subscription } from '../core/events.js';
import type { DB } from '../core/tables.js';
import type { ConcernService, Opening } from './concern.service.js';

/** How one domain event becomes a concern: what it is about and how severe; null when this occurrence opens none. */
type Trigger<K extends EventName> = (payload: DomainEvents[K], db: Kysely<DB>) => Promise<Omit<Opening, 'event'> | null>;

interface Opener { event: EventName; subscriptions(concerns: Pick<ConcernService, 'openFromEvent' | 'mailAfterCommit'>): Subscription[] }

/**
 * Declares that an event opens a concern, by the event's name. The concern is written in the event's
 * transaction (the change and its concern stand or fall together); its e-mail goes after the commit.
 * Events of later modules plug in here the same way, one entry each (by the event's name: this module never
 * imports them).
 */
function opens<K extends EventName>(event: K, trigger: Trigger<K>): Opener {
  return {
    event,
    subscriptions: (concerns) => [
      on(event, 'in-transaction', `concerns: open an issue of concern on ${event}`, async (payload, trx) => {
        const o = await trigger(payload, trx);
        if (o) await concerns.openFromEvent(trx, { ...o, event });
      }),
      on(event, 'after-commit', `concerns: mail the notices of ${event}`, async () => { await concerns.mailAfterCommit(); }),
    ],
  };
}

async function proposal(db: Kysely<DB>, decisionId: string) {
  return db.selectFrom('decisions').innerJoin('situations', 'situations.id', 'decisions.situation_id')
    .select(['decisions.arrangement', 'decisions.close_reason', 'situations.name', 'situations.slug'])
    .where('decisions.id', '=', decisionId).executeTakeFirst();
}

/** The events that open a concern by themselves (R3: a disagreement between the agencies is an issue of concern, R11). */
export const OPENERS: readonly Opener[] = [
  opens('decision.rejected', async (e, db) => {
    const d = await proposal(db, e.decisionId);
    if (!d) return null;
    return {
      key: `decision.rejected:${e.decisionId}`,
      subject: `${e.by.toUpperCase()} rejected the proposed arrangement (${d.arrangement}) for ${d.name}`,
      description: `The proposal of a ${d.arrangement} arrangement for ${d.name} was rejected by ${e.by.toUpperCase()}: the agencies disagree (R3).`
        + (d.close_reason ? `\n\nReason given: ${d.close_reason}` : ''),
      about: { kind: 'decision', ref: e.decisionId },
      severity: 'high',
    };
  }),
  opens('decision.conflicting', async (e, db) => {
    const [d, other] = await Promise.all([proposal(db, e.decisionId), proposal(db, e.otherDecisionId)]);
    if (!d || !other) return null;
    return {
      key: `decision.conflicting:${e.decisionId}:${e.otherDecisionId}`,
      subject: `Conflicting proposals for ${d.name}: ${d.arrangement} and ${other.arrangement}`,
      description: `A ${d.arrangement} arrangement was proposed for ${d.name} while a ${other.arrangement} proposal still awaits signature: the agencies disagree (R3).`,
      about: { kind: 'situation', ref: d.slug },
      severity: 'medium',
    };
  }),
  // A referral left unanswered past its deadline (R7): the deadline is the threshold; the concern names the
  // referral by id and its two organisations, never the person.
  opens('referral.overdue', async (e) => ({
    key: `referral.overdue:${e.referralId}`,
    subject: `A referral (priority ${e.priority}) has had no answer by its deadline (${e.dueAt.slice(0, 16).replace('T', ' ')} UTC)`,
    description: 'A referral between two organisations is overdue (R7): the receiving organisation has not answered it by its deadline. The referral itself is shown only to the organisations concerned.',
    about: { kind: 'referral', ref: e.referralId },
    severity: e.priority === 'emergency' ? 'high' : e.priority === 'urgent' ? 'medium' : 'low',
    orgIds: [e.fromOrgId, e.toOrgId],
  })),
  // A return approved while an agency's objection stood (R5, R11): the objecting agencies and the lead are concerned.
  opens('solutions.return_approved_over_objection', async (e, db) => {
    const op = await db.selectFrom('return_operations').select('name').where('id', '=', e.operationId).executeTakeFirst();
    if (!op) return null;
    return {
      key: `solutions.return_approved_over_objection:${e.operationId}`,
      subject: `A return (${e.origin} from ${e.host}) was approved over ${e.objections} objection(s): ${op.name}`,
      description: 'The lead approved a return operation while an objection raised by one of the agencies stood (R5, R11).',
      about: { kind: 'return', ref: e.operationId },
      severity: 'high',
      orgIds: [...new Set([e.leadOrgId, ...e.objectingOrgIds])],
    };
  }),
];
