import { rule, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { vocabulary: true; registry: true }
}

export const VOCABULARY_NOUNS = { vocabulary: 'vocabulary', registry: 'registry entry' } as const;

/**
 * The vocabulary and the registries are public. The registries (admin areas, boundaries, indicators) are shared
 * by every platform, so only the administrator and the two agencies' information-management officers change
 * them (the check's facts name IOM and UNHCR as the organisations concerned), and every change is audited.
 */
export const VOCABULARY_POLICY: readonly PolicyRule[] = [
  rule('anonymous', 'vocabulary', 'read', 'any'),
  rule('anonymous', 'registry', 'read', 'any'),
  rule('im_officer', 'registry', 'create', 'own_org'),
  rule('platform_admin', 'registry', 'create', 'any'),
];
