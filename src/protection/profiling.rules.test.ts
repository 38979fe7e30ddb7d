import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRules, INTENTIONS, PATHWAY_RULES, PROTECTION_PATHWAYS, REASONS_FOR_LEAVING, RISK_INDICATORS, suggestPathways,
  type Intention, type Pathway, type Profile, type ReasonForLeaving, type RiskIndicator,
} from './profiling.rules.js';

const EMPTY: Profile = { reasonsForLeaving: [], fearOfReturn: false, riskIndicators: [], intentions: [] };
const pathways = (p: Partial<Profile>) => suggestPathways({ ...EMPTY, ...p }).suggestions.map((s) => s.pathway);

/** Each risk indicator alone, and the one pathway it must open. */
const BY_INDICATOR: Record<RiskIndicator, Pathway[]> = {
  unaccompanied_or_separated_child: ['child_protection'],
  survivor_of_violence: ['asylum_and_protection'],
  trafficking_indicators: ['counter_trafficking'],
  serious_medical_condition: ['medical_referral'],
  woman_at_risk: ['asylum_and_protection'],
  risk_of_statelessness: ['asylum_and_protection'],
};

const profileArb = fc.record({
  reasonsForLeaving: fc.subarray([...REASONS_FOR_LEAVING]),
  fearOfReturn: fc.boolean(),
  riskIndicators: fc.subarray([...RISK_INDICATORS]),
  intentions: fc.subarray([...INTENTIONS]),
});

describe('profiling to differentiated pathways', () => {
  it('suggests nothing, and no protection needs, for an empty screening', () => {
    const r = suggestPathways(EMPTY);
    expect(r.suggestions).toEqual([]);
    expect(r.possibleInternationalProtectionNeeds).toBe(false);
    expect(r.rulesVersion).toBe(PATHWAY_RULES.version);
  });

  it.each(RISK_INDICATORS)('sends the risk indicator %s alone to its pathway, naming it as the reason', (indicator) => {
    const r = suggestPathways({ ...EMPTY, riskIndicators: [indicator] });
    expect(r.suggestions.map((s) => s.pathway)).toEqual(BY_INDICATOR[indicator]);
    expect(r.suggestions[0]!.reasons).toEqual([`risk:${indicator}`]);
  });

  it('flags possible international protection needs for fear of return, and sends it to UNHCR', () => {
    const r = suggestPathways({ ...EMPTY, fearOfReturn: true });
    expect(r.possibleInternationalProtectionNeeds).toBe(true);
    expect(r.suggestions).toEqual([{ pathway: 'asylum_and_protection', agency: 'UNHCR', service: expect.any(String), reasons: ['fear_of_return'] }]);
  });

  it.each<[ReasonForLeaving, Pathway[]]>([
    ['persecution', ['asylum_and_protection']], ['conflict_or_generalised_violence', ['asylum_and_protection']],
    ['human_rights_violations', ['asylum_and_protection']], ['gender_based_violence', ['asylum_and_protection']],
    ['economic', ['regular_migration']], ['education', ['regular_migration']], ['family_reunification', ['regular_migration']],
    ['disaster_or_climate', []], ['other', []],
  ])('reads the reason for leaving %s as %j', (reason, expected) => {
    expect(pathways({ reasonsForLeaving: [reason] })).toEqual(expected);
  });

  it.each<[Intention, Pathway[]]>([
    ['seek_asylum', ['asylum_and_protection']], ['stay_and_work', ['regular_migration']], ['study', ['regular_migration']],
    ['join_family', ['regular_migration']], ['return_home', ['avrr']], ['move_onward', []], ['undecided', []],
  ])('reads the stated intention %s as %j', (intent, expected) => {
    expect(pathways({ intentions: [intent] })).toEqual(expected);
  });

  it('never suggests a return to someone who fears it, nor to a child before a best-interests decision, nor with trafficking signs', () => {
    expect(pathways({ intentions: ['return_home'], fearOfReturn: true })).toEqual(['asylum_and_protection']);
    expect(pathways({ intentions: ['return_home'], riskIndicators: ['unaccompanied_or_separated_child'] })).toEqual(['child_protection']);
    expect(pathways({ intentions: ['return_home'], riskIndicators: ['trafficking_indicators'] })).toEqual(['counter_trafficking']);
    // A medical condition alone does not stand in the way of a chosen return.
    expect(pathways({ intentions: ['return_home'], riskIndicators: ['serious_medical_condition'] })).toEqual(['medical_referral', 'avrr']);
  });

  it('gives every combination of risk indicators exactly the union of their pathways (all 64)', () => {
    for (let mask = 0; mask < 1 << RISK_INDICATORS.length; mask++) {
      const chosen = RISK_INDICATORS.filter((_, i) => mask & (1 << i));
      const expected = new Set(chosen.flatMap((i) => BY_INDICATOR[i]));
      expect(new Set(pathways({ riskIndicators: chosen })), chosen.join('+')).toEqual(expected);
      const r = suggestPathways({ ...EMPTY, riskIndicators: chosen });
      for (const s of r.suggestions) expect(s.reasons.length, s.pathway).toBeGreaterThan(0);
    }
  });

  it('lists every signal that suggested a pathway as its reasons', () => {
    const r = suggestPathways({ ...EMPTY, fearOfReturn: true, reasonsForLeaving: ['persecution'], riskIndicators: ['woman_at_risk'], intentions: ['seek_asylum'] });
    expect(r.suggestions).toHaveLength(1);
    expect(r.suggestions[0]!.reasons).toEqual(['fear_of_return', 'reason:persecution', 'intention:seek_asylum', 'risk:woman_at_risk']);
  });

  it('property: adding a risk indicator never removes a protection pathway', () => {
    fc.assert(fc.property(profileArb, fc.constantFrom(...RISK_INDICATORS), (p, extra) => {
      const before = pathways(p).filter((x) => PROTECTION_PATHWAYS.includes(x));
      const after = pathways({ ...p, riskIndicators: [...new Set([...p.riskIndicators, extra])] });
      return before.every((x) => after.includes(x));
    }), { numRuns: 2000 });
  });

  it('property: fear of return or a request for asylum always indicates possible protection needs and never a return', () => {
    fc.assert(fc.property(profileArb, (p) => {
      const r = suggestPathways(p);
      if (!(p.fearOfReturn || p.intentions.includes('seek_asylum'))) return true;
      return r.possibleInternationalProtectionNeeds && !r.suggestions.some((s) => s.pathway === 'avrr');
    }), { numRuns: 2000 });
  });

  it('property: the answer is an indicator, never a status (no population type, no figure)', () => {
    fc.assert(fc.property(profileArb, (p) => {
      const text = JSON.stringify(suggestPathways(p));
      return !/"(REF|ASY|OIP|refugee)"/.test(text) && !/"status"/.test(text);
    }), { numRuns: 300 });
  });

  it('holds rules that keep their own promises, and refuses rules that would take a protection pathway away', () => {
    expect(checkRules(PATHWAY_RULES)).toEqual([]);
    const broken = { ...PATHWAY_RULES, rules: PATHWAY_RULES.rules.map((r) => (r.pathway === 'medical_referral' ? { ...r, unless: [{ kind: 'fear_of_return' as const }] } : r)) };
    expect(checkRules(broken)).toEqual(['medical_referral is a protection pathway: nothing may take it away']);
    expect(checkRules({ ...PATHWAY_RULES, rules: [...PATHWAY_RULES.rules, { ...PATHWAY_RULES.rules[0]!, when: [] }] })).toEqual([
      'asylum_and_protection has two rules', 'asylum_and_protection can never be suggested',
    ]);
  });
});
