import { PROTECTION_TYPES, type PopulationType } from '../vocabulary/index.js';

/** R5: who leads a return operation, from the population types in its caseload. */
export interface ReturnLead {
  lead: 'UNHCR' | 'IOM';
  /** IOM may support a UNHCR-led return with transport and logistics. */
  iomRole: 'support' | 'lead';
  programme: 'voluntary-repatriation' | 'assisted-voluntary-return-and-reintegration';
  reason: string;
}

/** Any refugee, asylum-seeker or other person in need of international protection means UNHCR leads. */
export function returnLead(caseload: Partial<Record<PopulationType, number>>): ReturnLead {
  const protection = PROTECTION_TYPES.filter((t) => (caseload[t] ?? 0) > 0);
  if (protection.length > 0) {
    return {
      lead: 'UNHCR',
      iomRole: 'support',
      programme: 'voluntary-repatriation',
      reason: `The caseload includes ${protection.join(', ')}: refugee returns are led by UNHCR; IOM may support.`,
    };
  }
  return {
    lead: 'IOM',
    iomRole: 'lead',
    programme: 'assisted-voluntary-return-and-reintegration',
    reason: 'No person in need of international protection in the caseload: assisted voluntary return is IOM-led.',
  };
}

/** The voluntary repatriation safeguards that must all hold before a refugee return is approved (R5). */
export const RETURN_SAFEGUARDS = [
  'voluntariness_verified',
  'country_of_origin_information_given',
  'safety_and_dignity_assessed',
  'legal_framework_in_place',
  'continued_asylum_for_those_who_stay',
  'returnee_monitoring_planned',
] as const;
export type ReturnSafeguard = (typeof RETURN_SAFEGUARDS)[number];

/** The safeguards still missing: an empty list means the return may be approved. */
export function missingSafeguards(held: Partial<Record<ReturnSafeguard, boolean>>, required: readonly ReturnSafeguard[] = RETURN_SAFEGUARDS): ReturnSafeguard[] {
  return required.filter((s) => held[s] !== true);
}

/**
 * The safeguards a programme must hold before approval. A voluntary repatriation needs all six (R5); an
 * assisted voluntary return of migrants is voluntary by definition, so its people's consent is verified
 * the same way, and the other five are UNHCR's refugee safeguards, not required of it.
 */
export function requiredSafeguards(programme: ReturnLead['programme']): readonly ReturnSafeguard[] {
  return programme === 'voluntary-repatriation' ? RETURN_SAFEGUARDS : ['voluntariness_verified'];
}

export const RETURN_STATUSES = ['planning', 'safeguards_review', 'approved', 'movements', 'completed', 'monitoring'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** One safeguard as recorded: its evidence and, for some, the facts it rests on. */
export interface SafeguardRecord {
  safeguard: ReturnSafeguard;
  evidence: string;
  verifiedBy: string;
  verifiedAt: string;
  framework?: { kind: string; parties: string[]; signedOn: string; document: string } | null;
  staying?: number | null;
}

/**
 * What a recorded safeguard lacks to hold, in words: a legal framework needs its parties (at least two),
 * date and document; continued asylum needs the number of those who stay. Empty when it holds.
 */
export function safeguardGaps(r: Pick<SafeguardRecord, 'safeguard' | 'evidence' | 'framework' | 'staying'>): string[] {
  const gaps: string[] = [];
  if (!r.evidence.trim()) gaps.push('its evidence');
  if (r.safeguard === 'legal_framework_in_place') {
    if (!r.framework) gaps.push('the agreement (kind, parties, date, document)');
    else {
      if (r.framework.parties.filter((p) => p.trim()).length < 2) gaps.push('at least two parties to the agreement');
      if (!r.framework.document.trim()) gaps.push('the agreement\'s document');
    }
  }
  if (r.safeguard === 'continued_asylum_for_those_who_stay' && (r.staying === null || r.staying === undefined)) gaps.push('the number of people who stay');
  return gaps;
}

/** One voluntariness declaration, for one person or one household (R5: "person by person"). */
export interface Declaration {
  people: number;
  free: boolean;
  informed: boolean;
  express: boolean;
  withdrawn: boolean;
}

/** A declaration counts when it is free, informed and express, and not withdrawn. */
export const declarationHolds = (d: Declaration) => d.free && d.informed && d.express && !d.withdrawn;

/** How many people of the caseload have a declaration that holds, and how many are still missing. */
export function voluntariness(caseloadPeople: number, declarations: readonly Declaration[]): { verified: number; missing: number } {
  const verified = declarations.filter(declarationHolds).reduce((n, d) => n + d.people, 0);
  return { verified, missing: Math.max(0, caseloadPeople - verified) };
}

/**
 * Why approval is refused, one line per missing thing (empty: it may be approved). Voluntariness holds only
 * when every person of the caseload is covered by a declaration that holds; a recorded safeguard holds only
 * when it lacks nothing.
 */
export function approvalGaps(input: {
  programme: ReturnLead['programme'];
  caseloadPeople: number;
  declarations: readonly Declaration[];
  safeguards: ReadonlyArray<Pick<SafeguardRecord, 'safeguard' | 'evidence' | 'framework' | 'staying'>>;
}): Array<{ safeguard: ReturnSafeguard; message: string }> {
  const out: Array<{ safeguard: ReturnSafeguard; message: string }> = [];
  for (const s of requiredSafeguards(input.programme)) {
    if (s === 'voluntariness_verified') {
      const v = voluntariness(input.caseloadPeople, input.declarations);
      if (input.caseloadPeople === 0) out.push({ safeguard: s, message: 'the caseload has nobody in it: record how many people return' });
      else if (v.missing > 0) out.push({ safeguard: s, message: `voluntariness is verified for ${v.verified} of ${input.caseloadPeople} people: ${v.missing} still lack a free, informed and express declaration` });
      continue;
    }
    const rec = input.safeguards.find((r) => r.safeguard === s);
    if (!rec) { out.push({ safeguard: s, message: `${s.replaceAll('_', ' ')}: not recorded` }); continue; }
    const gaps = safeguardGaps(rec);
    if (gaps.length) out.push({ safeguard: s, message: `${s.replaceAll('_', ' ')}: missing ${gaps.join(', ')}` });
  }
  return out;
}

/** The steps of a return's lifecycle and the status each needs. */
export const RETURN_STEPS = {
  review: ['planning'],
  approve: ['safeguards_review'],
  countersign: ['approved', 'movements'],
  movement: ['approved', 'movements'],
  complete: ['movements'],
  monitor: ['completed', 'monitoring'],
} as const satisfies Record<string, readonly ReturnStatus[]>;
export type ReturnStep = keyof typeof RETURN_STEPS;

/** May this step be taken from this status? */
export const stepAllowed = (step: ReturnStep, status: ReturnStatus) => (RETURN_STEPS[step] as readonly ReturnStatus[]).includes(status);

/** Who returned: the people of the protection types moved (what UNHCR counts as returned refugees, RET). */
export function returnedRefugees(moved: ReadonlyArray<Partial<Record<PopulationType, number>>>): number {
  return moved.reduce((n, m) => n + PROTECTION_TYPES.reduce((k, t) => k + (m[t] ?? 0), 0), 0);
}
