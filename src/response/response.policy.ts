import { forRoles, rule, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { activity: true; report: true }
}

export const RESPONSE_NOUNS = { activity: 'activity', report: 'report' } as const;

/**
 * Plans and their dashboards are aggregates, public as their platform is. Partners plan and report their
 * own activities; the platform's and the sector's co-leads see them all, validate reports and close months.
 */
export const RESPONSE_POLICY: readonly PolicyRule[] = [
  ...forRoles(['partner_reporter', 'im_officer', 'coordinator'], 'activity', 'read', 'own_org'),
  ...forRoles(['partner_reporter', 'im_officer', 'coordinator'], 'activity', 'create', 'own_org'),
  ...forRoles(['partner_reporter', 'im_officer', 'coordinator'], 'report', 'read', 'own_org'),
  ...forRoles(['partner_reporter', 'im_officer'], 'report', 'create', 'own_org'),
  ...forRoles(['partner_reporter', 'im_officer'], 'report', 'update', 'own_org'),
  ...forRoles(['coordinator', 'im_officer'], 'activity', 'read', 'co_lead'),
  rule('coordinator', 'activity', 'create', 'co_lead'),
  ...forRoles(['coordinator', 'im_officer'], 'report', 'read', 'co_lead'),
  rule('coordinator', 'report', 'validate', 'co_lead'),
  ...(['activity', 'report'] as const).flatMap((res) => (['read', 'create', 'update'] as const).map((a) => rule('platform_admin', res, a, 'any'))),
  rule('platform_admin', 'report', 'validate', 'any'),
];
