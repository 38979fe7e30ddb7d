import { forRoles, rule, STAFF, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { concern: true; notification: true }
}

export const CONCERNS_NOUNS = { concern: 'issue of concern', notification: 'notification' } as const;

/**
 * R11: anyone signed in raises a concern and follows the ones they raised (self). The organisations it
 * concerns read it (concerned: those named, the raiser's, and always IOM and UNHCR). Who acts depends on
 * where it stands, which the object's facts say: below the top the two agencies hold it (co_lead: their
 * representatives and coordinators escalate it and record or acknowledge a resolution); at the top the
 * Chiefs of Staff liaison pair holds it (own_org: the liaisons read and act on everything that reached them).
 * Notifications are the account's own.
 */
export const CONCERNS_POLICY: readonly PolicyRule[] = [
  rule('account', 'concern', 'create', 'any'),
  rule('account', 'concern', 'read', 'self'),
  ...forRoles([...STAFF, 'partner_reporter'], 'concern', 'read', 'concerned'),
  ...forRoles(['agency_representative', 'coordinator'], 'concern', 'update', 'co_lead'),
  rule('cos_liaison', 'concern', 'read', 'own_org'),
  rule('cos_liaison', 'concern', 'update', 'own_org'),
  rule('platform_admin', 'concern', 'read', 'any'),
  rule('account', 'notification', 'read', 'self'),
  rule('account', 'notification', 'update', 'self'),
];
