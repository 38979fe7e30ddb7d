import { forRoles, rule, type PolicyRule, type Role } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { publication: true; published_report: true }
}

export const PUBLICATIONS_NOUNS = { publication: 'report', published_report: 'published report' } as const;

/** Who speaks for a platform's co-leads in what the platform publishes. */
const CO_LEAD_STAFF: readonly Role[] = ['agency_representative', 'coordinator', 'im_officer'];
const COMPOSING = ['read', 'create', 'update', 'validate'] as const;

/**
 * Public reports (issue 16). A report's facts: the organisation it is composed for (own_org) and the co-leads
 * of the platform it reports on (co_lead). Its draft is composed, read, changed and published (`validate`) by
 * the information-management officers of its organisation, and by the staff of its platform's co-leads; by
 * nobody else, to whom a draft is "not found". What was published is public: anyone reads every version.
 */
export const PUBLICATIONS_POLICY: readonly PolicyRule[] = [
  ...COMPOSING.map((a) => rule('im_officer', 'publication', a, 'own_org')),
  ...COMPOSING.flatMap((a) => forRoles(CO_LEAD_STAFF, 'publication', a, 'co_lead')),
  ...COMPOSING.map((a) => rule('platform_admin', 'publication', a, 'any')),
  rule('anonymous', 'published_report', 'read', 'any'),
];
