import { forRoles, rule, STAFF, type PolicyRule, type Role } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface Resources {
    movement_point: true; movement_count: true; movement_trend: true; import_mapping: true;
    survey_response: true; survey_personal: true; survey_aggregate: true;
  }
}

export const MOVEMENTS_NOUNS = {
  movement_point: 'flow-monitoring point', movement_count: 'flow count', movement_trend: 'flow trends', import_mapping: 'import mapping',
  survey_response: 'survey response', survey_personal: 'survey response', survey_aggregate: 'survey aggregates',
} as const;

/** Who interviews and handles personal fields: the protection module's case roles (protection_focal_point, case_worker). */
const SURVEY_CASE_ROLES: readonly Role[] = ['protection_focal_point', 'case_worker'];

/**
 * Flow monitoring. The operating agency's coordinators and information-management officers create its
 * points and import its counts (own_org); its staff read its raw counts and batches. The points (where
 * monitoring happens, for the map) and the trends (aggregates, small cells suppressed) are for every
 * signed-in account; anonymous reads nothing. An organisation's mappings are saved by the same people who
 * import, and read by its staff and reporters; the mappings shipped with Tandem are listed for any account that may import.
 */
export const MOVEMENTS_POLICY: readonly PolicyRule[] = [
  ...forRoles(['coordinator', 'im_officer'], 'movement_point', 'create', 'own_org'),
  rule('account', 'movement_point', 'read', 'any'),
  ...forRoles(['coordinator', 'im_officer'], 'movement_count', 'create', 'own_org'),
  ...forRoles([...STAFF, 'partner_reporter'], 'movement_count', 'read', 'own_org'),
  rule('account', 'movement_trend', 'read', 'any'),
  ...forRoles(['coordinator', 'im_officer'], 'import_mapping', 'create', 'own_org'),
  ...forRoles([...STAFF, 'partner_reporter'], 'import_mapping', 'read', 'own_org'),
  ...(['read', 'create'] as const).flatMap((a) => [rule('platform_admin', 'movement_point', a, 'any'), rule('platform_admin', 'movement_count', a, 'any'), rule('platform_admin', 'import_mapping', a, 'any')]),
  rule('platform_admin', 'movement_trend', 'read', 'any'),
  ...surveyRules(),
];

/**
 * Flow Monitoring Surveys. A response belongs to the point's operating organisation (own_org): its case roles
 * record it, read it with its personal fields, and withdraw consent (update); its information-management
 * officers read the coded answers only (for cleaning and analysis), never the personal fields. Nobody else
 * reads a response, platform administrators included (as protection's people). Every signed-in account reads
 * the aggregates, small cells suppressed.
 */
function surveyRules(): PolicyRule[] {
  return [
    ...forRoles(SURVEY_CASE_ROLES, 'survey_response', 'create', 'own_org'),
    ...forRoles([...SURVEY_CASE_ROLES, 'im_officer'], 'survey_response', 'read', 'own_org'),
    ...forRoles(SURVEY_CASE_ROLES, 'survey_response', 'update', 'own_org'),
    ...forRoles(SURVEY_CASE_ROLES, 'survey_personal', 'read', 'own_org'),
    rule('account', 'survey_aggregate', 'read', 'any'),
  ];
}
