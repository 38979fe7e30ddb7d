import { forRoles, rule, STAFF, type PolicyRule, type Role } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources { support_request: true; support_offer: true; support_match: true; capacity_view: true; capacity_vocabulary: true; displacement: true }
}

export const CAPACITY_NOUNS = {
  support_request: 'support request', support_offer: 'offer of support', support_match: 'match', capacity_view: 'capacity figures',
  capacity_vocabulary: 'capacity vocabulary', displacement: 'displacement arrangement',
} as const;

/** Who speaks for an organisation in support to States: its coordinators, and an agency's representatives. */
const BROKERS: readonly Role[] = ['agency_representative', 'coordinator'];

/**
 * R9 and R8, by relation. A request's facts: the requesting State (own_org), the lead agencies of its
 * channel (co_lead: IOM for the UN Network on Migration, UNHCR for the ACSG) and the organisations whose
 * offers are matched to it (concerned). An offer's: the offering organisation (own_org), its channel's
 * leads (co_lead) and the States it is matched to (concerned). A match's: the offering organisation
 * (own_org), the requesting State (concerned) and the leads (co_lead).
 *
 * A government organisation's coordinators and information-management officers file its requests (the
 * service refuses any other kind of organisation); any organisation's coordinators offer; the leads'
 * coordinators and representatives propose, accept or decline matches; the offerer (or the lead) records
 * delivery or withdraws; the State (or the lead) evaluates. The figures of the views are for staff; the
 * vocabulary and the displacement arrangements for every signed-in account; the agencies' staff record the
 * arrangements (the object's organisations are IOM and UNHCR). Anonymous reads nothing.
 */
export const CAPACITY_POLICY: readonly PolicyRule[] = [
  ...forRoles(['coordinator', 'im_officer'], 'support_request', 'create', 'own_org'),
  ...forRoles([...STAFF, 'viewer'], 'support_request', 'read', 'own_org'),
  ...forRoles([...BROKERS, 'im_officer'], 'support_request', 'read', 'co_lead'),
  ...forRoles([...BROKERS, 'im_officer'], 'support_request', 'read', 'concerned'),

  ...forRoles(BROKERS, 'support_offer', 'create', 'own_org'),
  ...forRoles([...STAFF, 'viewer'], 'support_offer', 'read', 'own_org'),
  ...forRoles([...BROKERS, 'im_officer'], 'support_offer', 'read', 'co_lead'),
  ...forRoles([...BROKERS, 'im_officer'], 'support_offer', 'read', 'concerned'),

  ...forRoles(STAFF, 'support_match', 'read', 'own_org'),
  ...forRoles(STAFF, 'support_match', 'read', 'concerned'),
  ...forRoles([...BROKERS, 'im_officer'], 'support_match', 'read', 'co_lead'),
  ...forRoles(BROKERS, 'support_match', 'create', 'co_lead'),
  ...forRoles(BROKERS, 'support_match', 'validate', 'co_lead'),
  ...forRoles(BROKERS, 'support_match', 'update', 'co_lead'),
  rule('coordinator', 'support_match', 'update', 'own_org'),
  ...forRoles(BROKERS, 'support_match', 'verify', 'co_lead'),
  rule('coordinator', 'support_match', 'verify', 'concerned'),

  ...forRoles([...STAFF, 'cos_liaison'], 'capacity_view', 'read', 'any'),
  rule('account', 'capacity_vocabulary', 'read', 'any'),
  rule('account', 'displacement', 'read', 'any'),
  ...forRoles([...BROKERS, 'im_officer'], 'displacement', 'update', 'own_org'),

  ...(['read', 'create'] as const).flatMap((a) => [rule('platform_admin', 'support_request', a, 'any'), rule('platform_admin', 'support_offer', a, 'any')]),
  ...(['read', 'create', 'update', 'validate', 'verify'] as const).map((a) => rule('platform_admin', 'support_match', a, 'any')),
  rule('platform_admin', 'capacity_view', 'read', 'any'),
  rule('platform_admin', 'displacement', 'update', 'any'),
];
