import { describe, expect, it } from 'vitest';
import { missingSafeguards, RETURN_SAFEGUARDS, returnLead } from './returns.rules.js';

describe('who leads a return (R5)', () => {
  it('puts UNHCR in the lead as soon as one refugee is in the caseload', () => {
    expect(returnLead({ MIG: 500, REF: 1 })).toMatchObject({ lead: 'UNHCR', iomRole: 'support', programme: 'voluntary-repatriation' });
  });

  it('treats asylum-seekers and other people in need of protection like refugees', () => {
    expect(returnLead({ ASY: 3 }).lead).toBe('UNHCR');
    expect(returnLead({ OIP: 3, MIG: 10 }).lead).toBe('UNHCR');
  });

  it('leaves migrant-only returns (AVRR) to IOM', () => {
    expect(returnLead({ MIG: 40 })).toMatchObject({ lead: 'IOM', programme: 'assisted-voluntary-return-and-reintegration' });
    expect(returnLead({ MIG: 40, REF: 0 }).lead).toBe('IOM');
  });
});

describe('voluntary repatriation safeguards', () => {
  it('blocks approval until every safeguard holds', () => {
    expect(missingSafeguards({})).toEqual([...RETURN_SAFEGUARDS]);
    const all = Object.fromEntries(RETURN_SAFEGUARDS.map((s) => [s, true]));
    expect(missingSafeguards(all)).toEqual([]);
    expect(missingSafeguards({ ...all, voluntariness_verified: false })).toEqual(['voluntariness_verified']);
  });
});
