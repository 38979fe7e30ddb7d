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
export function missingSafeguards(held: Partial<Record<ReturnSafeguard, boolean>>): ReturnSafeguard[] {
  return RETURN_SAFEGUARDS.filter((s) => held[s] !== true);
}
