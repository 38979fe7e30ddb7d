import { forRoles, rule, type PolicyRule, type Role } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { protection_person: true; referral: true; referral_stats: true }
}

export const PROTECTION_NOUNS = { protection_person: 'person', referral: 'referral', referral_stats: 'referral statistics' } as const;

/** Who handles cases: nobody else reads a person or a referral, administrators included. */
export const CASE_ROLES: readonly Role[] = ['protection_focal_point', 'case_worker'];

/**
 * Access by relation. A person belongs to the organisation that holds the record (`own_org`). A referral's
 * facts are its referring organisation (`own_org`) and its receiving one (`concerned`): both read it, the
 * referrer drafts, sends, withdraws consent and closes (`update`), the receiver acknowledges, accepts or
 * declines, records the outcome and gives feedback (`validate`). Erasing a person is the focal point's.
 * Every signed-in account reads the aggregates (with small cells suppressed), which name nobody.
 */
export const PROTECTION_POLICY: readonly PolicyRule[] = [
  ...forRoles(CASE_ROLES, 'protection_person', 'read', 'own_org'),
  ...forRoles(CASE_ROLES, 'protection_person', 'create', 'own_org'),
  ...forRoles(CASE_ROLES, 'protection_person', 'update', 'own_org'),
  rule('protection_focal_point', 'protection_person', 'delete', 'own_org'),
  ...forRoles(CASE_ROLES, 'referral', 'read', 'own_org'),
  ...forRoles(CASE_ROLES, 'referral', 'read', 'concerned'),
  ...forRoles(CASE_ROLES, 'referral', 'create', 'own_org'),
  ...forRoles(CASE_ROLES, 'referral', 'update', 'own_org'),
  ...forRoles(CASE_ROLES, 'referral', 'validate', 'concerned'),
  rule('account', 'referral_stats', 'read', 'any'),
];
