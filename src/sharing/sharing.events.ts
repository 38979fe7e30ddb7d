declare module '../core/events.js' {
  interface DomainEvents {
    'agreement.approved': { agreementId: string; orgId: string };
    'agreement.concluded': { agreementId: string; orgIds: string[] };
    'agreement.lapsed': { agreementId: string; orgIds: string[]; expiredOn: string };
  }
}

export const SHARING_EVENTS = {
  'agreement.approved': 'A party\'s officer approved a data-sharing agreement for their organisation (R6).',
  'agreement.concluded': 'Every party has approved a data-sharing agreement: it is in force from its start day through its expiry day.',
  'agreement.lapsed': 'An agreement that was in force passed its expiry day: nothing more may go out under it (raised once, by the sharing job).',
} as const;
