import { forRoles, rule, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { decision: true; platform: true; policy: true; invitation: true }
}

export const COORDINATION_NOUNS = { decision: 'decision', platform: 'platform', policy: 'policy version', invitation: 'invitation' } as const;

/**
 * Decisions and platforms are public. R3: a representative proposes or signs for their own agency only.
 * Coordinators set up platforms; a platform's co-leads change it; an organisation named to one accepts first.
 */
export const COORDINATION_POLICY: readonly PolicyRule[] = [
  rule('anonymous', 'decision', 'read', 'any'),
  rule('agency_representative', 'decision', 'create', 'agency'),
  rule('agency_representative', 'decision', 'sign', 'agency'),
  rule('anonymous', 'platform', 'read', 'any'),
  rule('coordinator', 'platform', 'create', 'any'),
  rule('coordinator', 'platform', 'update', 'co_lead'),
  ...(['read', 'create', 'update'] as const).map((a) => rule('platform_admin', 'platform', a, 'any')),
  // An organisation named to a platform joins only when its coordinators or representatives accept.
  ...forRoles(['coordinator', 'agency_representative'], 'invitation', 'read', 'own_org'),
  ...forRoles(['coordinator', 'agency_representative'], 'invitation', 'update', 'own_org'),
  rule('platform_admin', 'invitation', 'read', 'any'),
  rule('platform_admin', 'invitation', 'update', 'any'),
  // The lead policy's versions are public; the platform's administrator publishes one, audited.
  rule('anonymous', 'policy', 'read', 'any'),
  rule('platform_admin', 'policy', 'create', 'any'),
];
