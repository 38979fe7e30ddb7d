import { sql, type Kysely } from 'kysely';
import type { Engine } from '../core/db.js';
import { nowIso } from '../core/ids.js';
import { actorOrg, type Ctx } from '../core/actor.js';
import type { DB } from '../core/tables.js';
import type { AuditLogTable } from './access.tables.js';
import { chainStart, entryHash, GENESIS_HASH, verifyChunk, verifyEnd, type ChainProblem } from './audit.rules.js';

export interface AuditEvent {
  action: string;
  resource: string;
  objectId?: string | null;
  outcome: 'allowed' | 'denied';
  /** Organisations concerned by the object: they may read its trail. */
  concernedOrgs?: readonly string[];
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  actorOrg: string | null;
  action: string;
  resource: string;
  objectId: string | null;
  outcome: string;
  requestId: string | null;
}

const present = (r: AuditLogTable): AuditEntryView => ({
  seq: r.seq, at: r.at, actor: r.actor, actorOrg: r.actor_org, action: r.action, resource: r.resource,
  objectId: r.object_id, outcome: r.outcome, requestId: r.request_id,
});

/**
 * The tamper-evident audit log. Entries hold who, which organisation, what, on which object, the outcome
 * and the request id: never a personal value (no names, emails, addresses or figures about people).
 */
export function createAuditService(deps: { db: Kysely<DB>; engine: Engine }) {
  const { db } = deps;
  return {
    /**
     * Appends an entry. Given the transaction of the change it records (`q`), the entry commits or rolls
     * back with the change; otherwise it is written in a transaction of its own.
     */
    async record(ctx: Ctx, e: AuditEvent, q?: Kysely<DB>): Promise<void> {
      const append = async (trx: Kysely<DB>) => {
        // One writer at a time builds the chain; SQLite already serialises writers.
        if (deps.engine === 'postgres') await sql`select pg_advisory_xact_lock(7341)`.execute(trx);
        const head = await trx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
        const fields = {
          seq: (head?.seq ?? 0) + 1, at: nowIso(), actor: ctx.actor.label, actor_org: actorOrg(ctx.actor), action: e.action,
          resource: e.resource, object_id: e.objectId ?? null, outcome: e.outcome, request_id: ctx.requestId,
          concerned_orgs: [...new Set(e.concernedOrgs ?? [])].sort().join(','), prev_hash: head?.hash ?? GENESIS_HASH,
        };
        const hash = entryHash(fields);
        await trx.insertInto('audit_log').values({ ...fields, hash }).execute();
        if (head) await trx.updateTable('audit_head').set({ seq: fields.seq, hash }).where('id', '=', 1).execute();
        else await trx.insertInto('audit_head').values({ id: 1, seq: fields.seq, hash }).execute();
      };
      if (q && q.isTransaction) await append(q);
      else await db.transaction().execute(append);
    },

    /** The trail of one object, oldest first, with the organisations it concerns. */
    async trail(resource: string, objectId: string) {
      const rows = await db.selectFrom('audit_log').selectAll().where('resource', '=', resource).where('object_id', '=', objectId)
        .orderBy('seq').execute();
      return { entries: rows.map(present), concernedOrgs: [...new Set(rows.flatMap((r) => r.concerned_orgs.split(',').filter(Boolean)))] };
    },

    async page(page: { limit: number; afterSeq?: number }) {
      let q = db.selectFrom('audit_log').selectAll().orderBy('seq').limit(page.limit);
      if (page.afterSeq !== undefined) q = q.where('seq', '>', page.afterSeq);
      return (await q.execute()).map(present);
    },

    /** Reads the whole chain in order, in chunks (never all of it at once), and reports every inconsistency. */
    async verify() {
      const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
      const problems: ChainProblem[] = [];
      let state = chainStart();
      let entries = 0;
      let after = 0;
      for (;;) {
        const chunk = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(10_000).execute();
        if (chunk.length === 0) break;
        const checked = verifyChunk(chunk.map((r) => ({ ...r, seq: Number(r.seq) })), state);
        problems.push(...checked.problems);
        state = checked.state;
        entries += chunk.length;
        after = Number(chunk.at(-1)!.seq);
      }
      problems.push(...verifyEnd(state, head ? { seq: Number(head.seq), hash: head.hash } : null));
      return { entries, ok: problems.length === 0, problems };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
