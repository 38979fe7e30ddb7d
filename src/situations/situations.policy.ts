import { rule, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { situation: true }
}

export const SITUATIONS_NOUNS = { situation: 'situation' } as const;

/**
 * Situations are public (they show on the public map); the platform's administrator and the agencies'
 * information-management officers define them: the object's organisations are IOM and UNHCR.
 */
export const SITUATIONS_POLICY: readonly PolicyRule[] = [
  rule('anonymous', 'situation', 'read', 'any'),
  rule('im_officer', 'situation', 'create', 'own_org'),
  ...(['read', 'create', 'update', 'delete'] as const).map((a) => rule('platform_admin', 'situation', a, 'any')),
];
