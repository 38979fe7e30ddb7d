/**
 * The words of the access policy, shared by every module: roles, actions, relations and the shape of a
 * rule. Each module declares its own resources and rules (its `*.policy.ts`); the access module decides.
 * `cos_liaison` is the Chiefs of Staff liaison of IOM or of UNHCR (R11): the pair an issue of concern reaches last.
 */
export const ROLES = [
  'platform_admin', 'agency_representative', 'coordinator', 'im_officer', 'partner_reporter', 'case_worker',
  'protection_focal_point', 'viewer', 'cos_liaison',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Pseudo-roles: everyone, signed in or not, holds `anonymous` (what is public); every signed-in account
 * holds `account` (what concerns only itself: its profile, sessions and tokens), whatever its memberships.
 */
export type PolicyRole = Role | 'anonymous' | 'account';

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

/**
 * The resources the policy speaks of. Empty here: each module adds its own by declaration merging
 * (`declare module '../core/permissions.js' { interface Resources { report: true } }`), so adding a
 * module never edits a central list, and a rule naming an undeclared resource does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Resources {}
export type Resource = keyof Resources & string;

export interface PolicyRule {
  role: PolicyRole;
  resource: Resource;
  action: Action;
  relation: Relation;
}

export const rule = (role: PolicyRole, resource: Resource, action: Action, relation: Relation): PolicyRule => ({ role, resource, action, relation });

export const forRoles = (roles: readonly PolicyRole[], resource: Resource, action: Action, relation: Relation): PolicyRule[] =>
  roles.map((r) => rule(r, resource, action, relation));

/** Staff of the agencies and the secretariat who follow what concerns their organisation. */
export const STAFF: readonly Role[] = ['agency_representative', 'coordinator', 'im_officer', 'protection_focal_point'];

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

/** A module's declaration of one resource: the noun "not found" messages use for it. */
export type ResourceNouns = { [R in Resource]?: string };
