import { describe, expect, it } from 'vitest';
import { chainStart, entryHash, GENESIS_HASH, verifyChain, verifyChunk, verifyEnd, type AuditFields } from './audit.rules.js';

function chain(n: number) {
  const out: Array<AuditFields & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e: AuditFields = {
      seq, at: `2026-01-0${seq}T00:00:00Z`, actor: 'u1', actor_org: 'o1', action: 'create', resource: 'situation',
      object_id: `s${seq}`, outcome: 'allowed', request_id: null, concerned_orgs: '', prev_hash: prev,
    };
    const hash = entryHash(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

describe('the audit hash chain', () => {
  it('accepts an intact chain, whole or checked chunk by chunk', () => {
    const c = chain(6);
    const head = { seq: 6, hash: c[5]!.hash };
    expect(verifyChain(c, head)).toEqual([]);
    const a = verifyChunk(c.slice(0, 4), chainStart());
    const b = verifyChunk(c.slice(4), a.state);
    expect([...a.problems, ...b.problems, ...verifyEnd(b.state, head)]).toEqual([]);
  });

  it('finds a change at a chunk boundary, a gap and a missing tail', () => {
    const c = chain(6);
    const head = { seq: 6, hash: c[5]!.hash };
    const changed = c.map((e) => (e.seq === 4 ? { ...e, outcome: 'denied' } : e));
    const a = verifyChunk(changed.slice(0, 4), chainStart());
    expect(a.problems.map((p) => [p.seq, p.problem])).toEqual([[4, 'modified']]);
    expect(verifyChain(c.filter((e) => e.seq !== 3), head).map((p) => p.problem)).toEqual(['missing', 'broken_link']);
    expect(verifyChain(c.slice(0, 5), head).map((p) => p.problem)).toEqual(['head_mismatch']);
  });
});
