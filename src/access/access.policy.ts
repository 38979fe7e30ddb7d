import { forRoles, rule, STAFF, type PolicyRule } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { organisation: true; user: true; membership: true; api_token: true; session: true; audit: true }
}

export const ACCESS_NOUNS = {
  organisation: 'organisation', user: 'user', membership: 'membership', api_token: 'API token', session: 'session', audit: 'audit trail',
} as const;

/** Accounts, organisations and the audit trail. */
export const ACCESS_POLICY: readonly PolicyRule[] = [
  rule('anonymous', 'organisation', 'read', 'any'),
  rule('anonymous', 'session', 'create', 'any'),

  rule('account', 'user', 'read', 'self'),
  rule('coordinator', 'user', 'read', 'own_org'),
  rule('account', 'membership', 'read', 'self'),
  rule('coordinator', 'membership', 'read', 'own_org'),
  rule('account', 'session', 'delete', 'self'),
  rule('account', 'api_token', 'read', 'self'),
  rule('account', 'api_token', 'create', 'self'),
  rule('account', 'api_token', 'delete', 'self'),
  // The organisations concerned by an object read its audit trail, not only the administrator.
  ...forRoles(STAFF, 'audit', 'read', 'concerned'),

  // The platform administrator manages accounts, organisations and roles, and checks the audit chain.
  ...(['organisation', 'user', 'membership', 'audit'] as const).flatMap((res) =>
    (['read', 'create', 'update', 'delete'] as const).map((a) => rule('platform_admin', res, a, 'any'))),
  rule('platform_admin', 'audit', 'verify', 'any'),
];
