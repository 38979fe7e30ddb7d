import { describe, expect, it } from 'vitest';
import { POLICY } from '../app.js';
import { RELATIONS, ROLES, type ActorInfo } from '../core/permissions.js';
import { authorizer } from './authorize.rules.js';

const { mayEver, permits } = authorizer(POLICY);

const anon: ActorInfo = { userId: null, memberships: [], readOnly: false };
const as = (role: ActorInfo['memberships'][number]['role'], orgId = 'org-a', userId = 'u1'): ActorInfo =>
  ({ userId, memberships: [{ orgId, role }], readOnly: false });

describe('the access policy', () => {
  it('lets anyone read what is published, and nobody write anonymously', () => {
    expect(permits(anon, 'situation', 'read')).toBe(true);
    expect(permits(anon, 'figure', 'read')).toBe(true);
    expect(mayEver(anon, 'situation', 'create')).toBe(false);
    expect(mayEver(anon, 'import', 'read')).toBe(false);
  });

  it('lets a representative sign only for their own agency', () => {
    const iomRep = as('agency_representative', 'iom');
    expect(permits(iomRep, 'decision', 'sign', { agencyOrgId: 'iom' })).toBe(true);
    expect(permits(iomRep, 'decision', 'sign', { agencyOrgId: 'unhcr' })).toBe(false);
    expect(permits(as('coordinator', 'iom'), 'decision', 'sign', { agencyOrgId: 'iom' })).toBe(false);
  });

  it('keeps an organisation\'s imports to that organisation', () => {
    expect(permits(as('im_officer', 'org-a'), 'import', 'read', { orgIds: ['org-a'] })).toBe(true);
    expect(permits(as('im_officer', 'org-a'), 'import', 'read', { orgIds: ['org-b'] })).toBe(false);
    expect(permits(as('platform_admin', 'org-z'), 'import', 'read', { orgIds: ['org-b'] })).toBe(true);
  });

  it('shows an audit trail to the organisations the object concerns', () => {
    expect(permits(as('coordinator', 'org-a'), 'audit', 'read', { concernedOrgIds: ['org-a', 'org-b'] })).toBe(true);
    expect(permits(as('coordinator', 'org-c'), 'audit', 'read', { concernedOrgIds: ['org-a', 'org-b'] })).toBe(false);
    expect(permits(as('viewer', 'org-a'), 'audit', 'read', { concernedOrgIds: ['org-a'] })).toBe(false);
  });

  it('never lets a read-only token write', () => {
    const token = { ...as('platform_admin'), readOnly: true };
    expect(permits(token, 'user', 'read', { userId: 'x' })).toBe(true);
    expect(permits(token, 'user', 'create')).toBe(false);
    expect(mayEver(token, 'situation', 'create')).toBe(false);
  });

  it('lets people manage their own tokens and nobody else\'s', () => {
    expect(permits(as('viewer', 'org-a', 'u1'), 'api_token', 'delete', { userId: 'u1' })).toBe(true);
    expect(permits(as('viewer', 'org-a', 'u1'), 'api_token', 'delete', { userId: 'u2' })).toBe(false);
    expect(permits(as('platform_admin', 'org-a', 'u1'), 'api_token', 'delete', { userId: 'u2' })).toBe(false);
  });

  it('has no rule with an unknown role, resource, action or relation', () => {
    for (const r of POLICY) {
      expect(r.role).toBeTruthy();
      expect([...ROLES, 'anonymous', 'account']).toContain(r.role);
      expect(RELATIONS).toContain(r.relation);
    }
  });
});
