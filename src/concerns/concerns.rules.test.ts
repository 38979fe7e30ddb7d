import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acknowledge, DEADLINE_HOURS, deadline, escalate, isOverdue, LEVELS, levelIndex, nextLevel, opened, proposeResolution, SEVERITIES, tick,
  type Agency, type ConcernState,
} from './concerns.rules.js';

const T0 = new Date('2026-03-01T08:00:00.000Z');
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);

describe('the escalation ladder', () => {
  it('climbs country, regional, headquarters, then the Chiefs of Staff liaison pair, and stops there', () => {
    expect(nextLevel('country')).toBe('regional');
    expect(nextLevel('regional')).toBe('headquarters');
    expect(nextLevel('headquarters')).toBe('chiefs_of_staff');
    expect(nextLevel('chiefs_of_staff')).toBeNull();
  });

  it('gives a high concern three days at the country level, then escalates it when the time is up, not before', () => {
    const s = opened('high', T0);
    expect(s.dueAt).toBe(hours(72).toISOString());
    expect(tick(s, hours(71.9))).toBeNull();
    const up = tick(s, hours(72));
    expect(up).toMatchObject({ level: 'regional', status: 'open', dueAt: hours(72 + 120).toISOString() });
  });

  it('lets a resolution lapse when the concern climbs: the next level decides', () => {
    const proposed = proposeResolution(opened('low', T0), 'iom');
    if (!proposed.ok) throw new Error(proposed.problem);
    expect(tick(proposed.state, hours(720))).toMatchObject({ level: 'regional', status: 'open', proposedBy: null });
  });

  it('never escalates past the Chiefs of Staff, where a late concern shows as overdue', () => {
    let s: ConcernState = opened('critical', T0);
    for (const h of [24, 72, 144]) s = tick(s, hours(h))!;
    expect(s.level).toBe('chiefs_of_staff');
    expect(tick(s, hours(10_000))).toBeNull();
    expect(isOverdue(s, hours(10_000))).toBe(true);
    expect(escalate(s, hours(10_000))).toEqual({ ok: false, problem: expect.stringMatching(/Chiefs of Staff/) });
  });
});

describe('resolution with both agencies\' acknowledgement', () => {
  it('is resolved only when the other agency acknowledges the one proposed', () => {
    const p = proposeResolution(opened('medium', T0), 'iom');
    if (!p.ok) throw new Error(p.problem);
    expect(acknowledge(p.state, 'iom', true)).toMatchObject({ ok: false });
    expect(acknowledge(p.state, 'unhcr', true)).toMatchObject({ ok: true, state: { status: 'resolved', dueAt: null } });
  });

  it('opens the concern again at the same level, deadline unchanged, when the other agency refuses the resolution', () => {
    const s = opened('medium', T0);
    const p = proposeResolution(s, 'unhcr');
    if (!p.ok) throw new Error(p.problem);
    expect(acknowledge(p.state, 'iom', false)).toEqual({ ok: true, state: { ...s, status: 'open', proposedBy: null } });
  });

  it('refuses a second proposal while one awaits, and an acknowledgement with nothing to acknowledge', () => {
    const p = proposeResolution(opened('medium', T0), 'unhcr');
    if (!p.ok) throw new Error(p.problem);
    expect(proposeResolution(p.state, 'iom').ok).toBe(false);
    expect(acknowledge(opened('low', T0), 'iom', true).ok).toBe(false);
  });
});

describe('deadlines', () => {
  it('never give a more severe concern longer at any level', () => {
    for (const level of LEVELS) {
      for (let i = 1; i < SEVERITIES.length; i++) {
        expect(DEADLINE_HOURS[SEVERITIES[i]!][level]).toBeLessThanOrEqual(DEADLINE_HOURS[SEVERITIES[i - 1]!][level]);
      }
    }
  });

  it('always fall after the moment the level was reached', () => {
    fc.assert(fc.property(fc.constantFrom(...SEVERITIES), fc.constantFrom(...LEVELS), fc.integer({ min: 0, max: 4_000_000_000_000 }), (sev, level, t) => {
      expect(Date.parse(deadline(sev, level, new Date(t)))).toBeGreaterThan(t);
    }));
  });
});

/** A step of a concern's life: the clock moves on, someone escalates, proposes, acknowledges or refuses. */
type Step =
  | { kind: 'wait'; hours: number }
  | { kind: 'escalate' }
  | { kind: 'propose'; agency: Agency }
  | { kind: 'acknowledge'; agency: Agency; accept: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 0, max: 2_000 }) }),
  fc.record({ kind: fc.constant('escalate' as const) }),
  fc.record({ kind: fc.constant('propose' as const), agency: fc.constantFrom<Agency>('iom', 'unhcr') }),
  fc.record({ kind: fc.constant('acknowledge' as const), agency: fc.constantFrom<Agency>('iom', 'unhcr'), accept: fc.boolean() }),
);

/** Runs the steps, ticking the clock after each, and returns every state it went through. */
function live(severity: (typeof SEVERITIES)[number], steps: Step[]): ConcernState[] {
  let now = T0;
  let s = opened(severity, now);
  const seen = [s];
  for (const st of steps) {
    if (st.kind === 'wait') now = new Date(now.getTime() + st.hours * 3_600_000);
    const r = st.kind === 'escalate' ? escalate(s, now)
      : st.kind === 'propose' ? proposeResolution(s, st.agency)
        : st.kind === 'acknowledge' ? acknowledge(s, st.agency, st.accept) : null;
    if (r?.ok) s = r.state;
    seen.push(s);
    const ticked = tick(s, now);
    if (ticked) { s = ticked; seen.push(s); }
  }
  return seen;
}

describe('a concern\'s life, whatever happens (property)', () => {
  const lives = fc.tuple(fc.constantFrom(...SEVERITIES), fc.array(step, { maxLength: 40 }));

  it('never skips a level and never goes back', () => {
    fc.assert(fc.property(lives, ([sev, steps]) => {
      const levels = live(sev, steps).map((s) => levelIndex(s.level));
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeGreaterThanOrEqual(0);
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
    }));
  });

  it('never escalates, nor changes at all, once resolved', () => {
    fc.assert(fc.property(lives, ([sev, steps]) => {
      const states = live(sev, steps);
      const first = states.findIndex((s) => s.status === 'resolved');
      if (first < 0) return;
      for (const s of states.slice(first)) expect(s).toEqual(states[first]);
    }));
  });

  it('is resolved only through an acknowledgement by the agency that did not propose', () => {
    fc.assert(fc.property(lives, ([sev, steps]) => {
      const states = live(sev, steps);
      for (let i = 1; i < states.length; i++) {
        if (states[i]!.status === 'resolved' && states[i - 1]!.status !== 'resolved') {
          expect(states[i - 1]!.status).toBe('resolution_proposed');
          expect(steps.some((st) => st.kind === 'acknowledge' && st.accept && st.agency !== states[i - 1]!.proposedBy)).toBe(true);
        }
      }
    }));
  });

  it('has a deadline whenever it is not resolved', () => {
    fc.assert(fc.property(lives, ([sev, steps]) => {
      for (const s of live(sev, steps)) expect(s.dueAt === null).toBe(s.status === 'resolved');
    }));
  });
});
