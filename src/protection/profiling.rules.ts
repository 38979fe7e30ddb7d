/**
 * Profiling to differentiated pathways (UNHCR's 10-Point Plan, point 5): a short joint screening turned into
 * suggested pathways, each with its reasons and the agency or service it goes to. Pure: no I/O, no clock.
 *
 * The answer is an *indicator of possible international protection needs* (R1), never a status: it cannot
 * make anyone a refugee and it never writes a figure. The rules are data with a version, so that a stored
 * profile says which rules suggested what.
 */

export const REASONS_FOR_LEAVING = [
  'persecution', 'conflict_or_generalised_violence', 'human_rights_violations', 'gender_based_violence', 'disaster_or_climate',
  'economic', 'family_reunification', 'education', 'other',
] as const;
export type ReasonForLeaving = (typeof REASONS_FOR_LEAVING)[number];

export const RISK_INDICATORS = [
  'unaccompanied_or_separated_child', 'survivor_of_violence', 'trafficking_indicators', 'serious_medical_condition', 'woman_at_risk',
  'risk_of_statelessness',
] as const;
export type RiskIndicator = (typeof RISK_INDICATORS)[number];

export const INTENTIONS = ['seek_asylum', 'stay_and_work', 'study', 'join_family', 'move_onward', 'return_home', 'undecided'] as const;
export type Intention = (typeof INTENTIONS)[number];

export const PATHWAYS = ['asylum_and_protection', 'child_protection', 'counter_trafficking', 'medical_referral', 'avrr', 'regular_migration'] as const;
export type Pathway = (typeof PATHWAYS)[number];

/** The pathways that protect: adding a risk indicator never removes one of them (tested as a property). */
export const PROTECTION_PATHWAYS: readonly Pathway[] = ['asylum_and_protection', 'child_protection', 'counter_trafficking', 'medical_referral'];

/** One screening, as a case worker records it with the person. */
export interface Profile {
  reasonsForLeaving: readonly ReasonForLeaving[];
  fearOfReturn: boolean;
  riskIndicators: readonly RiskIndicator[];
  intentions: readonly Intention[];
}

/** One fact of a profile a rule can look at; its code is the reason a suggestion gives. */
export type Signal =
  | { kind: 'reason'; value: ReasonForLeaving }
  | { kind: 'risk'; value: RiskIndicator }
  | { kind: 'intention'; value: Intention }
  | { kind: 'fear_of_return' };

/**
 * A pathway's rule: suggested when any signal of `when` holds, unless a signal of `unless` holds. A protection
 * pathway has no `unless` (checked by `checkRules`): nothing a person adds about their risks can take it away.
 */
export interface PathwayRule {
  pathway: Pathway;
  agency: 'UNHCR' | 'IOM' | 'IOM and partners' | 'child protection authority' | 'health partner';
  service: string;
  when: readonly Signal[];
  unless?: readonly Signal[];
}

export interface PathwayRules {
  version: string;
  note: string;
  rules: readonly PathwayRule[];
}

const risk = (value: RiskIndicator): Signal => ({ kind: 'risk', value });
const reason = (value: ReasonForLeaving): Signal => ({ kind: 'reason', value });
const intention = (value: Intention): Signal => ({ kind: 'intention', value });
const FEAR: Signal = { kind: 'fear_of_return' };

/** The rules in force: the shape of the profiling forms of mixed-movement operations (10-Point Plan, chapter 5). */
export const PATHWAY_RULES: PathwayRules = {
  version: '2026.1',
  note: 'Joint IOM-UNHCR screening: protection signals go to UNHCR (R1, R7); return only when no protection signal is present.',
  rules: [
    {
      pathway: 'asylum_and_protection', agency: 'UNHCR', service: 'Asylum procedure and international protection',
      when: [FEAR, reason('persecution'), reason('conflict_or_generalised_violence'), reason('human_rights_violations'), reason('gender_based_violence'),
        intention('seek_asylum'), risk('risk_of_statelessness'), risk('survivor_of_violence'), risk('woman_at_risk')],
    },
    {
      pathway: 'child_protection', agency: 'child protection authority', service: 'Child protection case management and best-interests procedure',
      when: [risk('unaccompanied_or_separated_child')],
    },
    {
      pathway: 'counter_trafficking', agency: 'IOM and partners', service: 'Counter-trafficking protection and assistance',
      when: [risk('trafficking_indicators')],
    },
    {
      pathway: 'medical_referral', agency: 'health partner', service: 'Medical referral',
      when: [risk('serious_medical_condition')],
    },
    {
      pathway: 'avrr', agency: 'IOM', service: 'Assisted voluntary return and reintegration',
      when: [intention('return_home')],
      // Non-refoulement: no return is suggested while any protection signal is present; a child's return needs a best-interests decision first.
      unless: [FEAR, reason('persecution'), reason('conflict_or_generalised_violence'), reason('human_rights_violations'), reason('gender_based_violence'),
        intention('seek_asylum'), risk('risk_of_statelessness'), risk('unaccompanied_or_separated_child'), risk('trafficking_indicators'), risk('survivor_of_violence')],
    },
    {
      pathway: 'regular_migration', agency: 'IOM', service: 'Regular migration pathways (labour, study, family)',
      when: [intention('stay_and_work'), intention('study'), intention('join_family'), reason('economic'), reason('education'), reason('family_reunification')],
    },
  ],
};

/** A suggested pathway, with the signals that suggested it. */
export interface Suggestion {
  pathway: Pathway;
  agency: PathwayRule['agency'];
  service: string;
  /** Codes of the signals that suggested it: `fear_of_return`, `risk:woman_at_risk`, `intention:seek_asylum`. */
  reasons: string[];
}

export interface ProfilingResult {
  rulesVersion: string;
  /** An indicator of possible international protection needs (R1): it prompts a referral to UNHCR, it is not a status. */
  possibleInternationalProtectionNeeds: boolean;
  suggestions: Suggestion[];
}

export const signalCode = (s: Signal): string => (s.kind === 'fear_of_return' ? 'fear_of_return' : `${s.kind}:${s.value}`);

function holds(s: Signal, p: Profile): boolean {
  switch (s.kind) {
    case 'fear_of_return': return p.fearOfReturn;
    case 'reason': return p.reasonsForLeaving.includes(s.value);
    case 'risk': return p.riskIndicators.includes(s.value);
    case 'intention': return p.intentions.includes(s.value);
  }
}

/** The pathways a profile suggests under the given rules, in the rules' order. */
export function suggestPathways(profile: Profile, rules: PathwayRules = PATHWAY_RULES): ProfilingResult {
  const suggestions: Suggestion[] = [];
  for (const r of rules.rules) {
    const reasons = r.when.filter((s) => holds(s, profile)).map(signalCode);
    if (reasons.length === 0) continue;
    if ((r.unless ?? []).some((s) => holds(s, profile))) continue;
    suggestions.push({ pathway: r.pathway, agency: r.agency, service: r.service, reasons });
  }
  return {
    rulesVersion: rules.version,
    possibleInternationalProtectionNeeds: suggestions.some((s) => s.pathway === 'asylum_and_protection'),
    suggestions,
  };
}

/** What is wrong with a set of rules: a protection pathway with an `unless`, a pathway twice, a rule that can never fire. */
export function checkRules(rules: PathwayRules): string[] {
  const problems: string[] = [];
  const seen = new Set<Pathway>();
  for (const r of rules.rules) {
    if (seen.has(r.pathway)) problems.push(`${r.pathway} has two rules`);
    seen.add(r.pathway);
    if (r.when.length === 0) problems.push(`${r.pathway} can never be suggested`);
    if (PROTECTION_PATHWAYS.includes(r.pathway) && (r.unless?.length ?? 0) > 0) problems.push(`${r.pathway} is a protection pathway: nothing may take it away`);
  }
  return problems;
}
