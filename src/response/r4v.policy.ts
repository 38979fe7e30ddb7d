import { rule, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { r4v: true }
}

export const R4V_NOUNS = { r4v: 'R4V consolidation' } as const;

/**
 * R4V's way of counting: a platform's co-leads (its information-management team) import the whole 5W file
 * of their platform and set its consolidation model; a partner imports only its own rows (the report rules
 * of each activity decide). The consolidated report of validated figures is public, as the dashboard is.
 */
export const R4V_POLICY: readonly PolicyRule[] = [
  // A partner's reporters import their organisation's own rows (each activity's report rules decide).
  rule('partner_reporter', 'r4v', 'create', 'own_org'),
  rule('im_officer', 'r4v', 'create', 'own_org'),
  rule('im_officer', 'r4v', 'create', 'co_lead'),
  rule('coordinator', 'r4v', 'create', 'co_lead'),
  rule('coordinator', 'r4v', 'update', 'co_lead'),
  rule('im_officer', 'r4v', 'update', 'co_lead'),
  rule('platform_admin', 'r4v', 'create', 'any'),
  rule('platform_admin', 'r4v', 'update', 'any'),
];
