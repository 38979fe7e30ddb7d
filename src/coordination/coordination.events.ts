import type { Agency } from './decision.rules.js';

/** The events the coordination module raises. */
declare module '../core/events.js' {
  interface DomainEvents {
    'decision.proposed': { decisionId: string; situationId: string; arrangement: string; proposedBy: Agency };
    'decision.signed': { decisionId: string; situationId: string; arrangement: string };
  }
}

export const COORDINATION_EVENTS = {
  'decision.proposed': 'An agency representative proposed an arrangement for a situation and signed it for their agency; it awaits the other agency.',
  'decision.signed': 'A decision carries both agencies\' signatures: its arrangement is in force for the situation.',
} as const;
