import { describe, expect, it } from 'vitest';
import { checkDecision } from './decision.rules.js';

const base = {
  arrangement: 'co-led-platform', recommended: 'co-led-platform' as const,
  iom: { name: 'Ana', organisation: 'iom' }, unhcr: { name: 'Bo', organisation: 'unhcr' },
};
const fields = (p: Parameters<typeof checkDecision>[0]) => checkDecision(p).map((d) => d.field);

describe('a decision (R3)', () => {
  it('is accepted when it follows the recommendation and both agencies sign', () => {
    expect(checkDecision(base)).toEqual([]);
  });

  it('demands a written rationale when it differs from the recommendation', () => {
    expect(fields({ ...base, arrangement: 'unhcr-led' })).toEqual(['rationale']);
    expect(fields({ ...base, arrangement: 'unhcr-led', rationale: '   ' })).toEqual(['rationale']);
    expect(checkDecision({ ...base, arrangement: 'unhcr-led', rationale: 'Regional platform in place' })).toEqual([]);
  });

  it('needs one signatory for each agency, never one person for both', () => {
    expect(fields({ ...base, iom: { name: '', organisation: 'iom' } })).toContain('iom.name');
    expect(fields({ ...base, unhcr: { name: 'ana', organisation: 'unhcr' } })).toContain('unhcr.name');
    expect(fields({ ...base, iom: { name: 'Ana', organisation: 'unhcr' } })).toContain('iom.organisation');
  });

  it('refuses insufficient-data or an unknown arrangement as a decision', () => {
    expect(fields({ ...base, arrangement: 'insufficient-data' })).toContain('arrangement');
    expect(fields({ ...base, arrangement: 'whatever' })).toContain('arrangement');
  });
});
