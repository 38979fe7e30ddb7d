import { describe, expect, it } from 'vitest';
import { approvalGaps, missingSafeguards, RETURN_SAFEGUARDS, requiredSafeguards, returnedRefugees, returnLead, safeguardGaps, stepAllowed, voluntariness } from './returns.rules.js';

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
  const all = RETURN_SAFEGUARDS.map((safeguard) => ({
    safeguard, evidence: 'report', staying: 12,
    framework: { kind: 'tripartite agreement', parties: ['Origin', 'Host', 'UNHCR'], signedOn: '2026-01-10', document: 'agreement.pdf' },
  }));
  const declared = [{ people: 4, free: true, informed: true, express: true, withdrawn: false }, { people: 1, free: true, informed: true, express: true, withdrawn: false }];

  it('blocks approval until every safeguard holds', () => {
    expect(missingSafeguards({})).toEqual([...RETURN_SAFEGUARDS]);
    const held = Object.fromEntries(RETURN_SAFEGUARDS.map((s) => [s, true]));
    expect(missingSafeguards(held)).toEqual([]);
    expect(missingSafeguards({ ...held, voluntariness_verified: false })).toEqual(['voluntariness_verified']);
  });

  it('approves a refugee return only when every person is covered and every safeguard is complete', () => {
    expect(approvalGaps({ programme: 'voluntary-repatriation', caseloadPeople: 5, declarations: declared, safeguards: all })).toEqual([]);
    const short = approvalGaps({ programme: 'voluntary-repatriation', caseloadPeople: 6, declarations: declared, safeguards: all });
    expect(short).toEqual([{ safeguard: 'voluntariness_verified', message: expect.stringContaining('5 of 6 people') }]);
    const noMonitoring = approvalGaps({ programme: 'voluntary-repatriation', caseloadPeople: 5, declarations: declared, safeguards: all.filter((s) => s.safeguard !== 'returnee_monitoring_planned') });
    expect(noMonitoring.map((g) => g.safeguard)).toEqual(['returnee_monitoring_planned']);
  });

  it('does not count a declaration that is withdrawn, or not free, informed and express', () => {
    expect(voluntariness(5, [{ ...declared[0]!, withdrawn: true }, declared[1]!])).toEqual({ verified: 1, missing: 4 });
    expect(voluntariness(5, [{ ...declared[0]!, informed: false }])).toEqual({ verified: 0, missing: 5 });
  });

  it('asks a legal framework for its parties and document, and continued asylum for the number who stay', () => {
    expect(safeguardGaps({ safeguard: 'legal_framework_in_place', evidence: 'x', framework: { kind: 't', parties: ['A'], signedOn: '2026-01-01', document: '' } }))
      .toEqual(['at least two parties to the agreement', 'the agreement\'s document']);
    expect(safeguardGaps({ safeguard: 'continued_asylum_for_those_who_stay', evidence: 'x', staying: null })).toEqual(['the number of people who stay']);
  });

  it('requires only verified voluntariness of an assisted voluntary return of migrants', () => {
    expect(requiredSafeguards('assisted-voluntary-return-and-reintegration')).toEqual(['voluntariness_verified']);
    expect(approvalGaps({ programme: 'assisted-voluntary-return-and-reintegration', caseloadPeople: 5, declarations: declared, safeguards: [] })).toEqual([]);
  });
});

describe('the lifecycle', () => {
  it('moves planning → review → approved → movements → completed → monitoring, one step at a time', () => {
    expect(stepAllowed('approve', 'planning')).toBe(false);
    expect(stepAllowed('approve', 'safeguards_review')).toBe(true);
    expect(stepAllowed('complete', 'approved')).toBe(false);
    expect(stepAllowed('monitor', 'completed')).toBe(true);
  });

  it('counts the people in need of international protection moved as returned refugees', () => {
    expect(returnedRefugees([{ REF: 10, MIG: 3 }, { ASY: 2 }])).toBe(12);
  });
});
