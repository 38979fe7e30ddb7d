import type { Kysely } from 'kysely';
import type { Engine } from '../core/db.js';
import { nowIso } from '../core/ids.js';
import { lockForTransaction } from '../core/locks.js';
import { actorOrg, type Ctx } from '../core/actor.js';
import type { DB } from '../core/tables.js';
import type { AuditLogTable } from './access.tables.js';
import type { AuditKey } from './audit-key.js';
import { auditKeyId, chainStart, entryHash, GENESIS_HASH, verifyChunk, verifyEnd, type ChainProblem } from './audit.rules.js';

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

/** Only an id that looks like one (a UUID, a slug, a code) is recorded: an attacker's 8,000 characters are not. */
const validObjectId = (id: string | null | undefined) => (id && /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,99}$/.test(id) ? id : null);

const present = (r: AuditLogTable): AuditEntryView => ({
  seq: r.seq, at: r.at, actor: r.actor, actorOrg: r.actor_org, action: r.action, resource: r.resource,
  objectId: r.object_id, outcome: r.outcome, requestId: r.request_id,
});

/**
 * The tamper-evident audit log. Entries hold who, which organisation, what, on which object, the outcome
 * and the request id: never a personal value (no names, emails, addresses or figures about people).
 */
export function createAuditService(deps: { db: Kysely<DB>; engine: Engine; key: AuditKey }) {
  const { db } = deps;
  const key = deps.key.key;
  const keyId = auditKeyId(key);
  const wrongKey = (written: string) =>
    `the audit log was written with audit key ${written}, and this process has key ${keyId} (from ${deps.key.source}): restore the key the log was written with (TANDEM_AUDIT_KEY_FILE)`;

  /** Every entry in order, a chunk at a time. */
  async function* entries(q: Kysely<DB>) {
    let after = 0;
    for (;;) {
      const chunk = await q.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(10_000).execute();
      if (chunk.length === 0) return;
      yield chunk.map((r) => ({ ...r, seq: Number(r.seq) }));
      after = Number(chunk.at(-1)!.seq);
    }
  }

  /**
   * A log written before the chain was keyed is checked as it was written (unkeyed), then every hash is
   * recomputed with the key, once. A log that does not check out is left as it is, and nothing is appended.
   */
  async function upgrade(trx: Kysely<DB>, head: { seq: number; hash: string }): Promise<string> {
    let state = chainStart();
    const problems: ChainProblem[] = [];
    for await (const chunk of entries(trx)) {
      const checked = verifyChunk(chunk, state, null);
      problems.push(...checked.problems);
      state = checked.state;
    }
    problems.push(...verifyEnd(state, head));
    if (problems.length) throw new Error(`the audit log (unkeyed, written before audit keys) is not intact (${problems[0]!.message}): it was left as it is; run tandem audit verify`);
    let prev = GENESIS_HASH;
    for await (const chunk of entries(trx)) {
      for (const e of chunk) {
        const hash = entryHash({ ...e, prev_hash: prev }, key);
        await trx.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', e.seq).execute();
        prev = hash;
      }
    }
    return prev;
  }

  return {
    keyId,
    /**
     * Appends an entry. Given the transaction of the change it records (`q`), the entry commits or rolls
     * back with the change; otherwise it is written in a transaction of its own.
     */
    async record(ctx: Ctx, e: AuditEvent, q?: Kysely<DB>): Promise<void> {
      const append = async (trx: Kysely<DB>) => {
        // One writer at a time builds the chain.
        await lockForTransaction(trx, deps.engine, 'auditChain');
        const head = await trx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
        if (head && head.key_id !== keyId) {
          if (head.key_id !== null) throw new Error(wrongKey(head.key_id));
          head.hash = await upgrade(trx, { seq: Number(head.seq), hash: head.hash });
        }
        const fields = {
          seq: (head?.seq ?? 0) + 1, at: nowIso(), actor: ctx.actor.label, actor_org: actorOrg(ctx.actor), action: e.action,
          resource: e.resource, object_id: validObjectId(e.objectId), outcome: e.outcome, request_id: ctx.requestId,
          concerned_orgs: [...new Set(e.concernedOrgs ?? [])].sort().join(','), prev_hash: head?.hash ?? GENESIS_HASH,
        };
        const hash = entryHash(fields, key);
        await trx.insertInto('audit_log').values({ ...fields, hash }).execute();
        if (head) await trx.updateTable('audit_head').set({ seq: fields.seq, hash, key_id: keyId }).where('id', '=', 1).execute();
        else await trx.insertInto('audit_head').values({ id: 1, seq: fields.seq, hash, key_id: keyId }).execute();
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

    /** The last entry: what an agency anchors (signs and hands over) to detect a later rewrite. */
    async head(): Promise<{ seq: number; hash: string; keyId: string | null } | null> {
      const head = await db.selectFrom('audit_head').select(['seq', 'hash', 'key_id']).where('id', '=', 1).executeTakeFirst();
      return head ? { seq: Number(head.seq), hash: head.hash, keyId: head.key_id } : null;
    },

    /**
     * Reads the whole chain in order, in chunks (never all of it at once), and reports every inconsistency:
     * an entry changed, removed or reordered, a chain written with another key, and any anchor (a head an
     * agency signed earlier) that the chain no longer reaches.
     */
    async verify(anchors: ReadonlyArray<{ seq: number; hash: string; by: string }> = []) {
      const head = await db.selectFrom('audit_head').select(['seq', 'hash', 'key_id']).where('id', '=', 1).executeTakeFirst();
      const problems: ChainProblem[] = [];
      const keyed = head?.key_id !== null;
      if (head && head.key_id !== null && head.key_id !== keyId) {
        return { entries: 0, ok: false, keyed, problems: [{ seq: Number(head.seq), problem: 'wrong_key' as const, message: wrongKey(head.key_id) }] };
      }
      const wanted = new Map(anchors.map((a) => [a.seq, a]));
      const reached = new Set<number>();
      let state = chainStart();
      let count = 0;
      for await (const chunk of entries(db)) {
        const checked = verifyChunk(chunk, state, head && head.key_id === null ? null : key);
        problems.push(...checked.problems);
        state = checked.state;
        count += chunk.length;
        for (const e of chunk) {
          const a = wanted.get(e.seq);
          if (!a) continue;
          reached.add(e.seq);
          if (a.hash !== e.hash) problems.push({ seq: e.seq, problem: 'anchor_mismatch', message: `entry ${e.seq} is not the one ${a.by} anchored: the log was rewritten` });
        }
      }
      problems.push(...verifyEnd(state, head ? { seq: Number(head.seq), hash: head.hash } : null));
      for (const a of anchors) {
        if (!reached.has(a.seq)) problems.push({ seq: a.seq, problem: 'anchor_mismatch', message: `entry ${a.seq}, anchored by ${a.by}, is no longer in the log` });
      }
      return { entries: count, ok: problems.length === 0, keyed, problems };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
