import { rule, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { vocabulary: true; registry: true }
}

export const VOCABULARY_NOUNS = { vocabulary: 'vocabulary', registry: 'registry entry' } as const;

/** The vocabulary and the registries are public; the registries are kept by coordinators and the administrator. */
export const VOCABULARY_POLICY: readonly PolicyRule[] = [
  rule('anonymous', 'vocabulary', 'read', 'any'),
  rule('anonymous', 'registry', 'read', 'any'),
  rule('coordinator', 'registry', 'create', 'any'),
  rule('platform_admin', 'registry', 'create', 'any'),
];
