import { forRoles, rule, STAFF, type PolicyRule, type Role } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { sharing_agreement: true; transfer: true; shared_data: true }
}

export const SHARING_NOUNS = { sharing_agreement: 'data-sharing agreement', transfer: 'transfer', shared_data: 'data shared under an agreement' } as const;

/** The officers who commit an organisation to an agreement and approve it for their party. */
export const APPROVING_ROLES: readonly Role[] = ['agency_representative', 'coordinator'];
/** Who drafts an agreement for their organisation, and registers a transfer it made outside Tandem. */
const DRAFTING_ROLES: readonly Role[] = ['agency_representative', 'coordinator', 'im_officer'];

/**
 * R6. An agreement concerns its parties: their staff read it (concerned), their officers draft it (own_org:
 * the drafter's organisation is a party) and approve it for their own party (own_org: the parties still to
 * approve). A transfer concerns its sender and its receiver: each reads its own (concerned); the sender's
 * officers register one made outside Tandem. The administrator reads everything; nobody alters a transfer.
 * Data an agreement shares: the staff of its receiving parties read it while it is in force (shared).
 */
export const SHARING_POLICY: readonly PolicyRule[] = [
  ...forRoles(DRAFTING_ROLES, 'sharing_agreement', 'create', 'own_org'),
  ...forRoles(STAFF, 'sharing_agreement', 'read', 'concerned'),
  ...forRoles(APPROVING_ROLES, 'sharing_agreement', 'sign', 'own_org'),
  rule('platform_admin', 'sharing_agreement', 'read', 'any'),
  ...forRoles(STAFF, 'transfer', 'read', 'concerned'),
  ...forRoles(DRAFTING_ROLES, 'transfer', 'create', 'own_org'),
  rule('platform_admin', 'transfer', 'read', 'any'),
  ...forRoles(STAFF, 'shared_data', 'read', 'shared'),
];
