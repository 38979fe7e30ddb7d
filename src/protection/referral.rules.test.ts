import { protectLine } from '../core/disclosure/index.js';
import { describe, expect, it } from 'vitest';
import {
  aggregate, dueAt, isOverdue, MIN_CELL, nextStatus, pickShared, REFERRAL_STATUSES, sharedFields, STEPS, TRANSITIONS, type ReferralFacts,
} from './referral.rules.js';

describe('referral rules (R7)', () => {
  it('sets the deadline from sending: emergency 24 hours, urgent 72 hours, normal 14 days', () => {
    const sent = '2026-03-01T10:00:00.000Z';
    expect(dueAt(sent, 'emergency')).toBe('2026-03-02T10:00:00.000Z');
    expect(dueAt(sent, 'urgent')).toBe('2026-03-04T10:00:00.000Z');
    expect(dueAt(sent, 'normal')).toBe('2026-03-15T10:00:00.000Z');
  });

  it('turns overdue only after the deadline and only while the answer is awaited', () => {
    const r = { dueAt: '2026-03-04T10:00:00.000Z' };
    expect(isOverdue({ ...r, status: 'sent' }, new Date('2026-03-04T10:00:00.000Z'))).toBe(false);
    expect(isOverdue({ ...r, status: 'sent' }, new Date('2026-03-04T10:00:00.001Z'))).toBe(true);
    expect(isOverdue({ ...r, status: 'acknowledged' }, new Date('2026-04-01T00:00:00Z'))).toBe(true);
    for (const s of ['accepted', 'declined', 'outcome_recorded', 'feedback_given', 'closed'] as const) expect(isOverdue({ ...r, status: s }, new Date('2027-01-01'))).toBe(false);
    expect(isOverdue({ status: 'draft', dueAt: null }, new Date('2027-01-01'))).toBe(false);
  });

  it('walks the lifecycle draft → sent → acknowledged → accepted → outcome → feedback → closed, and refuses every other step', () => {
    const path = [['send', 'sent'], ['acknowledge', 'acknowledged'], ['accept', 'accepted'], ['record_outcome', 'outcome_recorded'], ['give_feedback', 'feedback_given'], ['close', 'closed']] as const;
    let s: (typeof REFERRAL_STATUSES)[number] = 'draft';
    for (const [step, to] of path) {
      const n = nextStatus(s, step);
      expect(n).toEqual({ ok: true, to });
      s = to;
    }
    // Every pair (status, step) outside the table is refused with a reason.
    for (const status of REFERRAL_STATUSES) {
      for (const step of STEPS) {
        const n = nextStatus(status, step);
        expect(n.ok, `${status} ${step}`).toBe(TRANSITIONS[step].from.includes(status));
        if (!n.ok) expect(n.reason).toMatch(/cannot be/);
      }
    }
    expect(nextStatus('closed', 'send').ok).toBe(false);
  });

  it('lets a declined referral go back to the referrer with feedback, and be closed', () => {
    expect(nextStatus('declined', 'give_feedback')).toEqual({ ok: true, to: 'feedback_given' });
    expect(nextStatus('declined', 'close')).toEqual({ ok: true, to: 'closed' });
  });

  it('shares exactly the consented fields, nothing in a draft, nothing once consent is withdrawn', () => {
    const person = { givenName: 'A', familyName: 'B', birthDate: '2000-01-01', contact: '+1', narrative: 'n' };
    const fields = sharedFields({ fields: ['givenName', 'birthDate'], withdrawnAt: null }, 'sent');
    expect(pickShared(person, fields)).toEqual({ givenName: 'A', birthDate: '2000-01-01' });
    expect(sharedFields({ fields: ['givenName'], withdrawnAt: null }, 'draft').size).toBe(0);
    expect(sharedFields({ fields: ['givenName'], withdrawnAt: '2026-01-01T00:00:00Z' }, 'accepted').size).toBe(0);
  });

  it('aggregates by country and month, suppressing small cells and timeliness behind fewer than five', () => {
    const base: ReferralFacts = {
      country: 'COL', sentAt: '2026-03-01T00:00:00.000Z', pathway: 'asylum_and_protection', priority: 'urgent', status: 'accepted',
      dueAt: '2026-03-04T00:00:00.000Z', acknowledgedAt: '2026-03-01T02:00:00.000Z', answeredAt: '2026-03-02T00:00:00.000Z',
    };
    const rows: ReferralFacts[] = [
      ...Array.from({ length: MIN_CELL }, () => base),
      { ...base, pathway: 'avrr', answeredAt: '2026-03-05T00:00:00.000Z' },
      { ...base, country: 'PAN', status: 'sent', acknowledgedAt: null, answeredAt: null },
    ];
    const out = aggregate(rows, new Date('2026-03-10T00:00:00Z'));
    expect(out.map((r) => [r.country, r.month, r.sent])).toEqual([['COL', '2026-03', 6], ['PAN', '2026-03', null]]);
    const col = out[0]!;
    // 6 sent, 5 for asylum: the single AVRR referral would be 6 - 5, so the 5 is hidden too.
    expect(col.byPathway).toEqual([{ pathway: 'asylum_and_protection', count: null }, { pathway: 'avrr', count: null }]);
    expect(col.medianHoursToAcknowledge).toBe(2);
    expect(col.shareWithinDeadline).toBe(0.833);
    expect(out[1]!.overdue).toBeNull(); // one overdue referral: a suppressed cell
    expect(out[1]!.medianHoursToAcknowledge).toBeNull();
  });

  it('never leaves a single hidden cell in a breakdown whose total is shown: it could be recovered by subtraction', () => {
    // One pathway with 2 referrals beside one with 10: the 2 would be 12 - 10.
    const line = (ns: number[]) => protectLine(ns, { k: MIN_CELL, totalPublished: true }).cells;
    expect(line([10, 2])).toEqual([null, null]);
    expect(line([10, 7, 2])).toEqual([10, null, null]);
    expect(line([1, 2, 9])).toEqual([null, null, 9]);
    let seed = 7;
    const rand = (m: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % m; };
    const pathways = ['asylum_and_protection', 'avrr', 'medical_referral', 'child_protection'] as const;
    for (let round = 0; round < 300; round++) {
      const rows: ReferralFacts[] = Array.from({ length: 1 + rand(30) }, () => ({
        country: 'COL', sentAt: '2026-03-02T10:00:00Z', pathway: pathways[rand(4)]!, priority: (['emergency', 'urgent', 'normal'] as const)[rand(3)]!,
        status: 'sent', dueAt: '2026-03-05T10:00:00Z', acknowledgedAt: null, answeredAt: null,
      }));
      for (const row of aggregate(rows, new Date('2026-03-10T00:00:00Z'))) {
        for (const line of [row.byPathway, row.byPriority, row.byStatus]) {
          const hidden = line.filter((c) => c.count === null).length;
          if (row.sent !== null) expect(hidden, JSON.stringify(row)).not.toBe(1);
          for (const c of line) if (c.count !== null) expect(c.count).toBeGreaterThanOrEqual(MIN_CELL);
        }
      }
    }
  });

  it('suppresses by the k the policy sets, not by a constant', () => {
    const rows: ReferralFacts[] = Array.from({ length: 8 }, () => ({
      country: 'COL', sentAt: '2026-03-02T10:00:00Z', pathway: 'avrr' as const, priority: 'normal' as const,
      status: 'sent' as const, dueAt: '2026-03-05T10:00:00Z', acknowledgedAt: null, answeredAt: null,
    }));
    const at = new Date('2026-03-03T00:00:00Z');
    expect(aggregate(rows, at, 5)[0]!.sent).toBe(8);
    expect(aggregate(rows, at, 10)[0]!.sent).toBeNull();
    expect(aggregate(rows, at, 10)[0]!.byPathway).toEqual([{ pathway: 'avrr', count: null }]);
  });
});
