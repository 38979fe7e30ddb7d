/** The events the situations module raises. */
declare module '../core/events.js' {
  interface DomainEvents {
    'situation.defined': { situationId: string };
  }
}

export const SITUATIONS_EVENTS = {
  'situation.defined': 'A situation was created or its definition (countries, areas, kind) changed.',
} as const;
