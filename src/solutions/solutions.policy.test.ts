import { describe, expect, it } from 'vitest';
import { authorizer } from '../access/index.js';
import type { ActorInfo, Role } from '../core/permissions.js';
import { SOLUTIONS_POLICY } from './solutions.policy.js';

const rules = authorizer(SOLUTIONS_POLICY);
const actor = (org: string, role: Role): ActorInfo => ({ userId: `${org}-${role}`, memberships: [{ orgId: org, role }], readOnly: false });
/** A UNHCR-led return: UNHCR leads (own_org), IOM supports (concerned). */
const refugeeReturn = { orgIds: ['unhcr'], concernedOrgIds: ['iom'] };

describe('who may do what with a return operation (R5)', () => {
  it('lets only the lead\'s representative approve, and only the supporting agency\'s countersign', () => {
    expect(rules.permits(actor('unhcr', 'agency_representative'), 'return_operation', 'sign', { orgIds: ['unhcr'] })).toBe(true);
    expect(rules.permits(actor('unhcr', 'coordinator'), 'return_operation', 'sign', { orgIds: ['unhcr'] })).toBe(false);
    expect(rules.permits(actor('iom', 'agency_representative'), 'return_operation', 'sign', { orgIds: ['unhcr'] })).toBe(false);
    expect(rules.permits(actor('iom', 'agency_representative'), 'return_operation', 'sign', { concernedOrgIds: ['iom'] })).toBe(true);
  });

  it('lets the lead\'s staff change it and the supporting agency record movements, and hides it from everyone else', () => {
    expect(rules.permits(actor('unhcr', 'case_worker'), 'return_operation', 'update', refugeeReturn)).toBe(true);
    expect(rules.permits(actor('iom', 'coordinator'), 'return_operation', 'update', { orgIds: ['unhcr'] })).toBe(false);
    expect(rules.permits(actor('iom', 'coordinator'), 'return_operation', 'validate', refugeeReturn)).toBe(true);
    expect(rules.permits(actor('unhcr', 'viewer'), 'return_operation', 'read', refugeeReturn)).toBe(true);
    expect(rules.permits(actor('unhcr', 'viewer'), 'return_operation', 'update', refugeeReturn)).toBe(false);
    for (const role of ['coordinator', 'agency_representative', 'case_worker', 'viewer'] as const) {
      expect(rules.permits(actor('ngo', role), 'return_operation', 'read', refugeeReturn)).toBe(false);
    }
  });

  it('lets only the agency a return is led by open it', () => {
    expect(rules.permits(actor('iom', 'coordinator'), 'return_operation', 'create', { orgIds: ['unhcr'] })).toBe(false);
    expect(rules.permits(actor('iom', 'coordinator'), 'return_operation', 'create', { orgIds: ['iom'] })).toBe(true);
  });
});

describe('who moves a resettlement case (R10)', () => {
  it('lets the responsible party\'s case handlers move a case, and nobody from another organisation', () => {
    expect(rules.permits(actor('state', 'case_worker'), 'resettlement_case', 'update', { orgIds: ['state'] })).toBe(true);
    expect(rules.permits(actor('iom', 'case_worker'), 'resettlement_case', 'update', { orgIds: ['state'] })).toBe(false);
    expect(rules.permits(actor('state', 'viewer'), 'resettlement_case', 'update', { orgIds: ['state'] })).toBe(false);
  });

  it('lets only UNHCR\'s case handlers identify a household (its personal record is UNHCR\'s)', () => {
    expect(rules.permits(actor('unhcr', 'case_worker'), 'resettlement_case', 'create', { orgIds: ['unhcr'] })).toBe(true);
    expect(rules.permits(actor('unhcr', 'coordinator'), 'resettlement_case', 'create', { orgIds: ['unhcr'] })).toBe(false);
  });
});
