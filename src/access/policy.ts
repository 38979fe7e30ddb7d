/**
 * Who may do what, declared once as data (issue "access"): role x resource x action x the actor's relation
 * to the object. Services check it on the object itself; routes only name the resource and action.
 */
export const ROLES = [
  'platform_admin', 'agency_representative', 'coordinator', 'im_officer', 'partner_reporter', 'case_worker',
  'protection_focal_point', 'viewer',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Pseudo-roles: everyone, signed in or not, holds `anonymous` (what is public); every signed-in account
 * holds `account` (what concerns only itself: its profile, sessions and tokens), whatever its memberships.
 */
export type PolicyRole = Role | 'anonymous' | 'account';

export const RESOURCES = [
  'vocabulary', 'situation', 'figure', 'decision', 'import', 'organisation', 'user', 'membership', 'api_token', 'session', 'audit',
  'platform', 'activity', 'report',
] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['read', 'create', 'update', 'delete', 'sign', 'verify', 'validate'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * The actor's relation to the object: `any` object; one of the actor's `own_org`; the actor `self`; the
 * `agency` whose signature the object awaits; an organisation `concerned` by the object (audit trails).
 * `co_lead`: the actor's organisation co-leads the coordination platform, or leads the sector, the object
 * belongs to. `shared` (through a data-sharing agreement) is reserved for the module that creates it.
 */
export const RELATIONS = ['any', 'own_org', 'self', 'agency', 'concerned', 'co_lead', 'shared'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface PolicyRule {
  role: PolicyRole;
  resource: Resource;
  action: Action;
  relation: Relation;
}

const rule = (role: PolicyRole, resource: Resource, action: Action, relation: Relation): PolicyRule => ({ role, resource, action, relation });
const forRoles = (roles: readonly PolicyRole[], resource: Resource, action: Action, relation: Relation) =>
  roles.map((r) => rule(r, resource, action, relation));

const STAFF: Role[] = ['agency_representative', 'coordinator', 'im_officer', 'protection_focal_point'];

export const POLICY: readonly PolicyRule[] = [
  // Published, aggregated information is public: vocabulary, situations, figures, recommendations, decisions.
  rule('anonymous', 'vocabulary', 'read', 'any'),
  rule('anonymous', 'situation', 'read', 'any'),
  rule('anonymous', 'figure', 'read', 'any'),
  rule('anonymous', 'decision', 'read', 'any'),
  rule('anonymous', 'organisation', 'read', 'any'),
  rule('anonymous', 'session', 'create', 'any'),

  ...forRoles(['coordinator', 'im_officer'], 'situation', 'create', 'any'),
  // R3: a representative proposes or signs for their own agency only.
  rule('agency_representative', 'decision', 'create', 'agency'),
  rule('agency_representative', 'decision', 'sign', 'agency'),
  ...forRoles(['im_officer', 'coordinator'], 'import', 'read', 'own_org'),
  rule('im_officer', 'import', 'create', 'own_org'),

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

  // Coordination platforms (5W). Platforms, sectors, plans and their dashboards are aggregates: public.
  // Partners plan and report their own activities; the platform's and the sector's co-leads see them all,
  // validate reports and close months.
  rule('anonymous', 'platform', 'read', 'any'),
  rule('coordinator', 'platform', 'create', 'any'),
  rule('coordinator', 'platform', 'update', 'co_lead'),
  ...forRoles(['partner_reporter', 'im_officer', 'coordinator'], 'activity', 'read', 'own_org'),
  ...forRoles(['partner_reporter', 'im_officer', 'coordinator'], 'activity', 'create', 'own_org'),
  ...forRoles(['partner_reporter', 'im_officer', 'coordinator'], 'report', 'read', 'own_org'),
  ...forRoles(['partner_reporter', 'im_officer'], 'report', 'create', 'own_org'),
  ...forRoles(['partner_reporter', 'im_officer'], 'report', 'update', 'own_org'),
  ...forRoles(['coordinator', 'im_officer'], 'activity', 'read', 'co_lead'),
  rule('coordinator', 'activity', 'create', 'co_lead'),
  ...forRoles(['coordinator', 'im_officer'], 'report', 'read', 'co_lead'),
  rule('coordinator', 'report', 'validate', 'co_lead'),

  // The platform administrator manages accounts, organisations and roles, and checks the audit chain.
  ...(['situation', 'import', 'organisation', 'user', 'membership', 'audit'] as const).flatMap((res) =>
    (['read', 'create', 'update', 'delete'] as const).map((a) => rule('platform_admin', res, a, 'any'))),
  ...(['platform', 'activity', 'report'] as const).flatMap((res) =>
    (['read', 'create', 'update'] as const).map((a) => rule('platform_admin', res, a, 'any'))),
  rule('platform_admin', 'report', 'validate', 'any'),
  rule('platform_admin', 'audit', 'verify', 'any'),
];

/** What an actor is, for the policy: its roles in organisations, and what its credential allows. */
export interface ActorInfo {
  userId: string | null;
  memberships: ReadonlyArray<{ orgId: string; role: Role }>;
  /** A read-only API token can never write, whatever its owner's roles. */
  readOnly: boolean;
}

/** Facts about one object that relations are decided on. */
export interface ObjectFacts {
  orgIds?: readonly string[];
  userId?: string;
  agencyOrgId?: string;
  concernedOrgIds?: readonly string[];
  /** Organisations co-leading the platform, or leading the sector, the object belongs to. */
  coLeadOrgIds?: readonly string[];
}

function holds(relation: Relation, orgId: string | null, actor: ActorInfo, facts: ObjectFacts): boolean {
  switch (relation) {
    case 'any': return true;
    case 'own_org': return orgId !== null && (facts.orgIds ?? []).includes(orgId);
    case 'self': return actor.userId !== null && facts.userId === actor.userId;
    case 'agency': return orgId !== null && facts.agencyOrgId === orgId;
    case 'concerned': return orgId !== null && (facts.concernedOrgIds ?? []).includes(orgId);
    case 'co_lead': return orgId !== null && (facts.coLeadOrgIds ?? []).includes(orgId);
    default: return false;
  }
}

/** The rules that could ever let this actor do this action on this resource, whatever the object. */
export function candidateRules(actor: ActorInfo, resource: Resource, action: Action): Array<{ rule: PolicyRule; orgId: string | null }> {
  if (actor.readOnly && action !== 'read') return [];
  const held: Array<{ role: PolicyRole; orgId: string | null }> = [
    { role: 'anonymous', orgId: null },
    ...(actor.userId !== null ? [{ role: 'account' as const, orgId: null }] : []),
    ...actor.memberships.map((m) => ({ role: m.role, orgId: m.orgId })),
  ];
  const out: Array<{ rule: PolicyRule; orgId: string | null }> = [];
  for (const h of held) {
    for (const r of POLICY) if (r.role === h.role && r.resource === resource && r.action === action) out.push({ rule: r, orgId: h.orgId });
  }
  return out;
}

/** Is this action on this object permitted? Pure: the same actor, object and policy give the same answer. */
export function permits(actor: ActorInfo, resource: Resource, action: Action, facts: ObjectFacts = {}): boolean {
  return candidateRules(actor, resource, action).some(({ rule: r, orgId }) => holds(r.relation, orgId, actor, facts));
}

/** May the actor do this action on some object of this resource (the route-level check)? */
export function mayEver(actor: ActorInfo, resource: Resource, action: Action): boolean {
  return candidateRules(actor, resource, action).length > 0;
}
