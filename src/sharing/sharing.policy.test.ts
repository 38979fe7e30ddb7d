import { describe, expect, it } from 'vitest';
import { authorizer } from '../access/index.js';
import type { ActorInfo } from '../core/permissions.js';
import { SHARING_POLICY } from './sharing.policy.js';

const { permits, scope } = authorizer(SHARING_POLICY);
const staffOf = (orgId: string): ActorInfo => ({ userId: `u-${orgId}`, readOnly: false, memberships: [{ orgId, role: 'im_officer' }] });

describe('the shared relation', () => {
  it('holds for the staff of a receiving party of an agreement in force, and for nobody else', () => {
    expect(permits(staffOf('unhcr'), 'shared_data', 'read', { sharedOrgIds: ['unhcr'] })).toBe(true);
    expect(permits(staffOf('ngo'), 'shared_data', 'read', { sharedOrgIds: ['unhcr'] })).toBe(false);
    // A lapsed agreement shares with nobody: the sharing module then gives no organisation.
    expect(permits(staffOf('unhcr'), 'shared_data', 'read', { sharedOrgIds: [] })).toBe(false);
    expect(permits(staffOf('unhcr'), 'shared_data', 'read', { orgIds: ['unhcr'], concernedOrgIds: ['unhcr'] })).toBe(false);
    expect(permits({ userId: 'v', readOnly: false, memberships: [{ orgId: 'unhcr', role: 'viewer' }] }, 'shared_data', 'read', { sharedOrgIds: ['unhcr'] })).toBe(false);
  });
  it('puts the actor\'s organisations in the scope\'s shared list', () => {
    expect(scope(staffOf('unhcr'), 'shared_data', 'read').orgs.shared).toEqual(['unhcr']);
  });
});
