import { forRoles, rule, STAFF, type PolicyRule, type Role } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources {
    return_operation: true; return_objection: true; solutions_strategy: true; solutions_figures: true; resettlement_case: true; solutions_view: true;
  }
}

export const SOLUTIONS_NOUNS = {
  return_operation: 'return operation', return_objection: 'objection', solutions_strategy: 'strategy', solutions_figures: 'solutions figures',
  resettlement_case: 'case', solutions_view: 'solutions figures',
} as const;

/** Who works a return or a case day to day for their organisation. */
const WORKERS: readonly Role[] = ['coordinator', 'im_officer', 'protection_focal_point', 'case_worker'];
/** Who handles a resettlement household's case at one of its parties (UNHCR, the State, IOM). */
const CASE_HANDLERS: readonly Role[] = ['coordinator', 'protection_focal_point', 'case_worker'];

/**
 * R5 and R10 by relation. A return operation's facts: its lead agency (own_org: UNHCR when the caseload
 * includes REF/ASY/OIP, IOM for migrants only) and the agency supporting it (concerned: IOM under UNHCR's
 * lead). The lead's staff open it, record safeguards, voluntariness, completion and monitoring (update);
 * the supporting agency's staff record the movements they run (validate); the lead's representative
 * approves it (sign, own_org) and the supporting agency's representative countersigns its role (sign,
 * concerned). Staff of either may object before approval. Nobody else sees it ("not found").
 *
 * A resettlement case's facts: the organisation holding its personal record (own_org: UNHCR, which
 * identifies it) and its other parties (concerned: the receiving State, IOM); the service gives `update`
 * the responsible party of the case's current stage as own_org, so only that party moves it on.
 * The strategy is read by every signed-in account and kept by the two agencies' coordinators and
 * representatives; UNHCR's published solutions figures are public and imported by UNHCR's
 * information-management officers; the pipeline and progress views are for staff.
 */
export const SOLUTIONS_POLICY: readonly PolicyRule[] = [
  ...forRoles([...STAFF, 'viewer', 'case_worker'], 'return_operation', 'read', 'own_org'),
  ...forRoles([...STAFF, 'viewer', 'case_worker'], 'return_operation', 'read', 'concerned'),
  ...forRoles(['coordinator', 'agency_representative'], 'return_operation', 'create', 'own_org'),
  ...forRoles(WORKERS, 'return_operation', 'update', 'own_org'),
  ...forRoles(['coordinator', 'im_officer'], 'return_operation', 'validate', 'concerned'),
  rule('agency_representative', 'return_operation', 'sign', 'own_org'),
  rule('agency_representative', 'return_operation', 'sign', 'concerned'),
  ...forRoles(STAFF, 'return_objection', 'create', 'own_org'),
  ...forRoles(STAFF, 'return_objection', 'create', 'concerned'),
  rule('platform_admin', 'return_operation', 'read', 'any'),
  rule('cos_liaison', 'return_operation', 'read', 'any'),

  ...forRoles(['protection_focal_point', 'case_worker'], 'resettlement_case', 'create', 'own_org'),
  ...forRoles(CASE_HANDLERS, 'resettlement_case', 'read', 'own_org'),
  ...forRoles(CASE_HANDLERS, 'resettlement_case', 'read', 'concerned'),
  ...forRoles(CASE_HANDLERS, 'resettlement_case', 'update', 'own_org'),

  rule('account', 'solutions_strategy', 'read', 'any'),
  ...forRoles(['coordinator', 'agency_representative'], 'solutions_strategy', 'create', 'own_org'),
  ...forRoles(['coordinator', 'agency_representative'], 'solutions_strategy', 'update', 'own_org'),
  rule('platform_admin', 'solutions_strategy', 'create', 'any'),

  rule('anonymous', 'solutions_figures', 'read', 'any'),
  rule('im_officer', 'solutions_figures', 'create', 'own_org'),
  rule('platform_admin', 'solutions_figures', 'create', 'any'),

  ...forRoles([...STAFF, 'case_worker', 'cos_liaison', 'platform_admin'], 'solutions_view', 'read', 'any'),
];
