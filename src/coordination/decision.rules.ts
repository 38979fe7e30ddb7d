import type { ErrorDetail } from '../core/errors.js';
import { isDecidable, type Arrangement } from './arrangements.js';

export const AGENCIES = ['iom', 'unhcr'] as const;
export type Agency = (typeof AGENCIES)[number];

/** A proposal awaits the other agency's signature; it is then signed, or withdrawn by its proposer, or rejected by the other agency. */
export const DECISION_STATUSES = ['awaiting_signature', 'signed', 'withdrawn', 'rejected'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export interface DecisionProposal {
  arrangement: string;
  recommended: Arrangement;
  rationale?: string | null;
}

/**
 * R3: the arrangement must be one two agencies can sign, and a decision that differs from the
 * recommendation needs a written rationale. Returns every problem, so a form can show them all.
 */
export function checkProposal(p: DecisionProposal): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!isDecidable(p.arrangement)) {
    problems.push({ field: 'arrangement', message: 'must be one of unhcr-led, iom-led, co-led-platform, cluster' });
  }
  if (differs(p) && !(p.rationale ?? '').trim()) {
    problems.push({
      field: 'rationale',
      message: `a written rationale is required: the decision (${p.arrangement}) differs from the recommendation (${p.recommended})`,
    });
  }
  return problems;
}

export function differs(p: Pick<DecisionProposal, 'arrangement' | 'recommended'>): boolean {
  return p.arrangement !== p.recommended;
}

/** One signature per agency, by two different accounts: nobody signs twice, nobody signs for the other. */
export function checkSignature(s: {
  agency: Agency;
  signerAgencies: readonly Agency[];
  signerId: string;
  iomSignerId: string | null;
  unhcrSignerId: string | null;
}): ErrorDetail[] {
  if (!s.signerAgencies.includes(s.agency)) {
    return [{ field: 'agency', message: `only a representative of ${s.agency.toUpperCase()} can sign for ${s.agency.toUpperCase()}` }];
  }
  const already = s.agency === 'iom' ? s.iomSignerId : s.unhcrSignerId;
  if (already) return [{ field: 'agency', message: `${s.agency.toUpperCase()} has already signed` }];
  if (s.signerId === s.iomSignerId || s.signerId === s.unhcrSignerId) {
    return [{ field: 'agency', message: 'the same person cannot sign for both agencies' }];
  }
  return [];
}
