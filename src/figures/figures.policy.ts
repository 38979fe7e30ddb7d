import { forRoles, rule, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { figure: true; import: true; delegation: true }
}

export const FIGURES_NOUNS = { figure: 'figure', import: 'import', delegation: 'delegation' } as const;

/** Published figures are public; an organisation's information-management officers import, and see their organisation's imports. */
export const FIGURES_POLICY: readonly PolicyRule[] = [
  rule('anonymous', 'figure', 'read', 'any'),
  ...forRoles(['im_officer', 'coordinator'], 'import', 'read', 'own_org'),
  rule('im_officer', 'import', 'create', 'own_org'),
  ...(['read', 'create', 'update', 'delete'] as const).map((a) => rule('platform_admin', 'import', a, 'any')),
  // Who may assert figures for whom is public; an organisation's own administrator delegates and revokes.
  rule('anonymous', 'delegation', 'read', 'any'),
  rule('platform_admin', 'delegation', 'create', 'own_org'),
  rule('platform_admin', 'delegation', 'delete', 'own_org'),
];
