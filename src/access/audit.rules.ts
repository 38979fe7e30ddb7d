import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../core/schema.js';

/** The fields of an audit entry that its hash covers: everything but the hash itself. */
export type AuditFields = Omit<AuditLogTable, 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over the previous hash and the entry's fields in a fixed order: any change to either shows. */
export function entryHash(e: AuditFields): string {
  const canonical = JSON.stringify([
    e.seq, e.at, e.actor, e.actor_org, e.action, e.resource, e.object_id, e.outcome, e.request_id, e.concerned_orgs, e.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainProblem {
  seq: number;
  problem: 'modified' | 'broken_link' | 'missing' | 'head_mismatch';
  message: string;
}

/**
 * Checks a chain read in `seq` order against the head: a modified entry no longer matches its hash, a
 * deleted or reordered one breaks the sequence or the link to the previous hash, and entries removed
 * from the end no longer reach the head.
 */
export function verifyChain(entries: ReadonlyArray<AuditFields & { hash: string }>, head: { seq: number; hash: string } | null): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) {
      problems.push({ seq: e.seq, problem: 'missing', message: `entry ${expectedSeq} is missing or out of order (found ${e.seq})` });
    }
    if (e.prev_hash !== prevHash) {
      problems.push({ seq: e.seq, problem: 'broken_link', message: `entry ${e.seq} does not follow the entry before it` });
    }
    if (entryHash(e) !== e.hash) {
      problems.push({ seq: e.seq, problem: 'modified', message: `entry ${e.seq} was modified after it was written` });
    }
    prevHash = e.hash;
    expectedSeq = e.seq + 1;
  }
  const last = entries.at(-1);
  if (head && (!last || last.seq !== head.seq || last.hash !== head.hash)) {
    problems.push({ seq: head.seq, problem: 'head_mismatch', message: `the log should end at entry ${head.seq}; entries were removed from its end` });
  }
  return problems;
}
