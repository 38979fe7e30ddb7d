import type { ErrorDetail } from '../core/errors.js';
import { isDecidable, type Arrangement } from './arrangements.js';

export interface Signatory {
  name: string;
  organisation: string;
}

export interface DecisionProposal {
  arrangement: string;
  recommended: Arrangement;
  rationale?: string | null;
  iom: Signatory;
  unhcr: Signatory;
}

/**
 * R3: a decision is signed by one IOM and one UNHCR representative, and needs a written rationale
 * when it differs from the recommendation. Returns every problem found, so a form can show them all.
 */
export function checkDecision(p: DecisionProposal): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!isDecidable(p.arrangement)) {
    problems.push({ field: 'arrangement', message: `must be one of unhcr-led, iom-led, co-led-platform, cluster` });
  }
  if (!p.iom.name.trim()) problems.push({ field: 'iom.name', message: 'the IOM signatory is required' });
  if (!p.unhcr.name.trim()) problems.push({ field: 'unhcr.name', message: 'the UNHCR signatory is required' });
  if (p.iom.organisation !== 'iom') problems.push({ field: 'iom.organisation', message: 'the IOM signatory must sign for IOM' });
  if (p.unhcr.organisation !== 'unhcr') {
    problems.push({ field: 'unhcr.organisation', message: 'the UNHCR signatory must sign for UNHCR' });
  }
  if (p.iom.name.trim() && p.iom.name.trim().toLowerCase() === p.unhcr.name.trim().toLowerCase()) {
    problems.push({ field: 'unhcr.name', message: 'one person cannot sign for both agencies' });
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
