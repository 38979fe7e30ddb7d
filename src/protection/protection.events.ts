/** The events the protection module raises: ids and codes only, never a personal value. */
declare module '../core/events.js' {
  interface DomainEvents {
    'referral.sent': { referralId: string; fromOrgId: string; toOrgId: string; pathway: string; priority: string; dueAt: string };
    'referral.declined': { referralId: string; fromOrgId: string; toOrgId: string; pathway: string };
    'referral.overdue': { referralId: string; fromOrgId: string; toOrgId: string; priority: string; dueAt: string };
    'referral.consent_withdrawn': { referralId: string; fromOrgId: string; toOrgId: string };
    'referral.closed': { referralId: string; fromOrgId: string; toOrgId: string; status: string };
    'protection.person_erased': { personId: string; orgId: string; reason: 'request' | 'retention'; referrals: number };
  }
}

export const PROTECTION_EVENTS = {
  'referral.sent': 'An organisation sent a referral to another (R7): its deadline runs from now.',
  'referral.declined': 'The receiving organisation declined a referral, with a reason addressed to the referrer.',
  'referral.overdue': 'A referral still awaits its answer after its deadline (raised once, by the overdue sweep).',
  'referral.consent_withdrawn': 'The person (or their guardian) withdrew their consent: the referral shares nothing more.',
  'referral.closed': 'The referrer closed a referral after the receiver\'s feedback or decline.',
  'protection.person_erased': 'A person\'s record was erased (on request or at the end of its retention), with every derived copy.',
} as const;
