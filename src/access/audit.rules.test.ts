import { describe, expect, it } from 'vitest';
import { chainStart, entryHash, GENESIS_HASH, verifyChain, verifyChunk, verifyEnd, type AuditFields } from './audit.rules.js';

const KEY = Buffer.alloc(32, 7);

function chain(n: number) {
  const out: Array<AuditFields & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e: AuditFields = {
      seq, at: `2026-01-0${seq}T00:00:00Z`, actor: 'u1', actor_org: 'o1', action: 'create', resource: 'situation',
      object_id: `s${seq}`, outcome: 'allowed', request_id: null, concerned_orgs: '', prev_hash: prev,
    };
    const hash = entryHash(e, KEY);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

describe('the audit hash chain', () => {
  it('accepts an intact chain, whole or checked chunk by chunk', () => {
    const c = chain(6);
    const head = { seq: 6, hash: c[5]!.hash };
    expect(verifyChain(c, head, KEY)).toEqual([]);
    const a = verifyChunk(c.slice(0, 4), chainStart(), KEY);
    const b = verifyChunk(c.slice(4), a.state, KEY);
    expect([...a.problems, ...b.problems, ...verifyEnd(b.state, head)]).toEqual([]);
  });

  it('finds a change at a chunk boundary, a gap and a missing tail', () => {
    const c = chain(6);
    const head = { seq: 6, hash: c[5]!.hash };
    const changed = c.map((e) => (e.seq === 4 ? { ...e, outcome: 'denied' } : e));
    const a = verifyChunk(changed.slice(0, 4), chainStart(), KEY);
    expect(a.problems.map((p) => [p.seq, p.problem])).toEqual([[4, 'modified']]);
    expect(verifyChain(c.filter((e) => e.seq !== 3), head, KEY).map((p) => p.problem)).toEqual(['missing', 'broken_link']);
    expect(verifyChain(c.slice(0, 5), head, KEY).map((p) => p.problem)).toEqual(['head_mismatch']);
  });

  it('cannot be rewritten without the key: a chain recomputed with another key (or none) fails every entry', () => {
    const c = chain(4);
    const forged = chain(4).map((e) => ({ ...e }));
    let prev = GENESIS_HASH;
    for (const e of forged) { e.prev_hash = prev; e.hash = entryHash(e, Buffer.alloc(32, 9)); prev = e.hash; }
    expect(verifyChain(forged, { seq: 4, hash: prev }, KEY).filter((p) => p.problem === 'modified')).toHaveLength(4);
    expect(verifyChain(c, { seq: 4, hash: c[3]!.hash }, null).filter((p) => p.problem === 'modified')).toHaveLength(4);
  });
});
