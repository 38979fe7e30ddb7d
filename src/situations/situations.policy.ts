import { forRoles, rule, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { situation: true }
}

export const SITUATIONS_NOUNS = { situation: 'situation' } as const;

/** Situations are public; coordinators, information-management officers and the administrator define them. */
export const SITUATIONS_POLICY: readonly PolicyRule[] = [
  rule('anonymous', 'situation', 'read', 'any'),
  ...forRoles(['coordinator', 'im_officer'], 'situation', 'create', 'any'),
  ...(['read', 'create', 'update', 'delete'] as const).map((a) => rule('platform_admin', 'situation', a, 'any')),
];
