import { createHash, createHmac } from 'node:crypto';
import type { AuditLogTable } from './access.tables.js';

/** The fields of an audit entry that its hash covers: everything but the hash itself. */
export type AuditFields = Omit<AuditLogTable, 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);

/**
 * HMAC-SHA256, keyed with the audit key kept outside the database, over the previous hash and the entry's
 * fields in a fixed order: any change to either shows, and a copy of the database alone is not enough to
 * recompute the chain after deleting entries. `key: null` computes the unkeyed sha256 of logs written before
 * the key existed (read only to upgrade them).
 */
export function entryHash(e: AuditFields, key: Buffer | null): string {
  const canonical = JSON.stringify([
    e.seq, e.at, e.actor, e.actor_org, e.action, e.resource, e.object_id, e.outcome, e.request_id, e.concerned_orgs, e.prev_hash,
  ]);
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(canonical).digest('hex');
}

/** A short public name of an audit key (not the key): which key a chain was written with. */
export const auditKeyId = (key: Buffer) => createHmac('sha256', key).update('tandem audit key id').digest('hex').slice(0, 16);

export interface ChainProblem {
  seq: number;
  problem: 'modified' | 'broken_link' | 'missing' | 'head_mismatch' | 'wrong_key' | 'anchor_mismatch';
  message: string;
}

/** Where a check of the chain stands after the entries read so far. */
export interface ChainState {
  prevHash: string;
  expectedSeq: number;
  last: { seq: number; hash: string } | null;
}

export const chainStart = (): ChainState => ({ prevHash: GENESIS_HASH, expectedSeq: 1, last: null });

/**
 * Checks the next entries of a chain read in `seq` order: a modified entry no longer matches its hash,
 * a deleted or reordered one breaks the sequence or the link to the previous hash. Chunk by chunk, so a
 * long log is checked without holding it.
 */
export function verifyChunk(entries: ReadonlyArray<AuditFields & { hash: string }>, state: ChainState, key: Buffer | null): { problems: ChainProblem[]; state: ChainState } {
  const problems: ChainProblem[] = [];
  let { prevHash, expectedSeq, last } = state;
  for (const e of entries) {
    if (e.seq !== expectedSeq) {
      problems.push({ seq: e.seq, problem: 'missing', message: `entry ${expectedSeq} is missing or out of order (found ${e.seq})` });
    }
    if (e.prev_hash !== prevHash) {
      problems.push({ seq: e.seq, problem: 'broken_link', message: `entry ${e.seq} does not follow the entry before it` });
    }
    if (entryHash(e, key) !== e.hash) {
      problems.push({ seq: e.seq, problem: 'modified', message: `entry ${e.seq} was modified after it was written` });
    }
    prevHash = e.hash;
    expectedSeq = e.seq + 1;
    last = { seq: e.seq, hash: e.hash };
  }
  return { problems, state: { prevHash, expectedSeq, last } };
}

/** Entries removed from the end no longer reach the head that the log recorded. */
export function verifyEnd(state: ChainState, head: { seq: number; hash: string } | null): ChainProblem[] {
  if (head && (!state.last || state.last.seq !== head.seq || state.last.hash !== head.hash)) {
    return [{ seq: head.seq, problem: 'head_mismatch', message: `the log should end at entry ${head.seq}; entries were removed from its end` }];
  }
  return [];
}

/** The whole check over entries in memory (tests, small logs). */
export function verifyChain(entries: ReadonlyArray<AuditFields & { hash: string }>, head: { seq: number; hash: string } | null, key: Buffer | null): ChainProblem[] {
  const { problems, state } = verifyChunk(entries, chainStart(), key);
  return [...problems, ...verifyEnd(state, head)];
}
