declare module '../core/events.js' {
  interface DomainEvents {
    'agreement.approved': { agreementId: string; orgId: string };
    'agreement.concluded': { agreementId: string; orgIds: string[] };
  }
}

export const SHARING_EVENTS = {
  'agreement.approved': 'A party\'s officer approved a data-sharing agreement for their organisation (R6).',
  'agreement.concluded': 'Every party has approved a data-sharing agreement: it is in force from its start day through its expiry day.',
} as const;
