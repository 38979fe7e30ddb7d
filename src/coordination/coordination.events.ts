import type { Agency } from './decision.rules.js';

/** The events the coordination module raises. */
declare module '../core/events.js' {
  interface DomainEvents {
    'decision.proposed': { decisionId: string; situationId: string; arrangement: string; proposedBy: Agency };
    'decision.signed': { decisionId: string; situationId: string; arrangement: string };
    'decision.withdrawn': { decisionId: string; situationId: string };
    'decision.rejected': { decisionId: string; situationId: string; by: Agency };
    'decision.conflicting': { decisionId: string; otherDecisionId: string; situationId: string };
    'policy.published': { version: string };
  }
}

export const COORDINATION_EVENTS = {
  'decision.proposed': 'An agency representative proposed an arrangement for a situation and signed it for their agency; it awaits the other agency.',
  'decision.signed': 'A decision carries both agencies\' signatures: its arrangement is in force for the situation.',
  'decision.withdrawn': 'The proposer withdrew a proposal that awaited the other agency\'s signature.',
  'decision.rejected': 'The other agency\'s representative rejected a proposal, with a reason: the agencies disagree (R3), an issue of concern to raise (R11).',
  'decision.conflicting': 'A proposal for another arrangement was made while one still awaits signature: the agencies disagree (R3, R11).',
  'policy.published': 'A new version of the lead policy (θ, staleness and alignment windows, the disclosure threshold k) was published: every recommendation is recomputed.',
} as const;
