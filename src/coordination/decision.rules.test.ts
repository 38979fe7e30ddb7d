import { describe, expect, it } from 'vitest';
import { checkProposal, checkSignature } from './decision.rules.js';

const fields = (ps: Array<{ field?: string }>) => ps.map((d) => d.field);

describe('a decision (R3)', () => {
  it('is accepted when it follows the recommendation', () => {
    expect(checkProposal({ arrangement: 'co-led-platform', recommended: 'co-led-platform' })).toEqual([]);
  });

  it('demands a written rationale when it differs from the recommendation', () => {
    expect(fields(checkProposal({ arrangement: 'unhcr-led', recommended: 'co-led-platform' }))).toEqual(['rationale']);
    expect(fields(checkProposal({ arrangement: 'unhcr-led', recommended: 'co-led-platform', rationale: '  ' }))).toEqual(['rationale']);
    expect(checkProposal({ arrangement: 'unhcr-led', recommended: 'co-led-platform', rationale: 'Regional platform' })).toEqual([]);
  });

  it('refuses insufficient-data or an unknown arrangement as a decision', () => {
    expect(fields(checkProposal({ arrangement: 'insufficient-data', recommended: 'insufficient-data' }))).toEqual(['arrangement']);
    expect(fields(checkProposal({ arrangement: 'whatever', recommended: 'iom-led' }))).toContain('arrangement');
  });
});

describe('signing a decision', () => {
  const base = { agency: 'unhcr' as const, signerAgencies: ['unhcr' as const], signerId: 'b', iomSignerId: 'a', unhcrSignerId: null };

  it('accepts the second agency\'s representative', () => {
    expect(checkSignature(base)).toEqual([]);
  });

  it('refuses a signature for the other agency', () => {
    expect(checkSignature({ ...base, signerAgencies: ['iom'] })[0]!.message).toContain('only a representative of UNHCR');
  });

  it('refuses a second signature from the same person, even holding both roles', () => {
    expect(checkSignature({ ...base, signerId: 'a', signerAgencies: ['iom', 'unhcr'] })[0]!.message).toContain('same person');
  });

  it('refuses to sign twice for one agency', () => {
    expect(checkSignature({ ...base, unhcrSignerId: 'c' })[0]!.message).toContain('already signed');
  });
});
