import { Type } from '@sinclair/typebox';
import { ROLES } from '../core/permissions.js';
import { literals } from '../http/schemas.js';

/** Kinds of organisation: who may assert what (R1) depends on it. */
export const ORGANISATION_KINDS = [
  'un_agency', 'government', 'asylum_authority', 'statistics_office', 'coordination_platform', 'ngo', 'academic', 'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const TOKEN_SCOPES = ['read', 'read-write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const MembershipSchema = Type.Object({ id: Type.String(), orgId: Type.String(), orgSlug: Type.String(), role: literals(ROLES) });
export const UserSchema = Type.Object({
  id: Type.String(), email: Type.String(), displayName: Type.String(), status: Type.String(), createdAt: Type.String(),
  memberships: Type.Array(MembershipSchema),
});
export const TokenSchema = Type.Object({
  id: Type.String(), name: Type.String(), scope: Type.String(), createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]), revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export const NewTokenSchema = Type.Object({ id: Type.String(), name: Type.String(), scope: Type.String(), createdAt: Type.String(), token: Type.String() });
export const AuditEntrySchema = Type.Object({
  seq: Type.Integer(), at: Type.String(), actor: Type.String(), actorOrg: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(), resource: Type.String(), objectId: Type.Union([Type.String(), Type.Null()]), outcome: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
});
export const AuditVerifySchema = Type.Object({
  entries: Type.Integer(), ok: Type.Boolean(),
  problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String(), message: Type.String() })),
});
/** What the signed-in account may do anywhere, for the menus: the policy's answer, never restated by the interface. */
export const MeCanSchema = Type.Object({
  importFigures: Type.Boolean(), administer: Type.Boolean(), defineSituations: Type.Boolean(), setUpPlatforms: Type.Boolean(),
  handleCases: Type.Boolean({ description: 'profiles people and sends or receives referrals (protection)' }),
  supportStates: Type.Boolean({ description: 'reads support requests or the capacity views (support to States)' }),
  requestSupport: Type.Boolean({ description: 'files support requests (for a government organisation)' }),
  offerSupport: Type.Boolean({ description: 'offers or pledges support' }),
  shareData: Type.Boolean({ description: 'reads data-sharing agreements and the transfer register' }),
  draftAgreements: Type.Boolean({ description: 'drafts data-sharing agreements for an organisation' }),
  composeReports: Type.Boolean({ description: 'composes and publishes public reports' }),
  followReturns: Type.Boolean({ description: 'reads return operations (solutions)' }),
  planReturns: Type.Boolean({ description: 'plans return operations for an organisation' }),
  handleResettlement: Type.Boolean({ description: 'reads resettlement and pathway cases' }),
  readSolutions: Type.Boolean({ description: 'reads the solutions pipeline and progress views' }),
  monitorFlows: Type.Boolean({ description: 'reads flow-monitoring counts of an organisation' }),
  importFlows: Type.Boolean({ description: 'creates flow-monitoring points and imports counts with a mapping' }),
  consolidateR4V: Type.Boolean({ description: 'imports 5W files the R4V way or sets a platform\'s consolidation' }),
});
export const OrganisationSchema = Type.Object({
  id: Type.String(), slug: Type.String(), name: Type.String(), kind: Type.String(), refugeeLed: Type.Boolean(), migrantLed: Type.Boolean(),
});

export const SignInBody = Type.Object({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false });
export const NewTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), scope: literals(TOKEN_SCOPES) }, { additionalProperties: false });
/** A new account. The API requires a password; the operator's console may create one without (nobody can sign in with it). */
export const NewUser = Type.Object({
  email: Type.String({ maxLength: 320 }), displayName: Type.String({ maxLength: 200 }),
  password: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Null()])),
}, { additionalProperties: false });
export const NewUserBody = Type.Object({
  email: Type.String({ maxLength: 320 }), displayName: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ maxLength: 1024 }),
}, { additionalProperties: false });
export const UserStatusBody = Type.Object({ status: literals(['active', 'disabled'] as const) }, { additionalProperties: false });
export const NewMembershipBody = Type.Object({ organisation: Type.String({ maxLength: 100 }), role: literals(ROLES) }, { additionalProperties: false });
export const NewOrganisationBody = Type.Object({
  slug: Type.String({ maxLength: 40 }), name: Type.String({ minLength: 1, maxLength: 300 }), kind: literals(ORGANISATION_KINDS),
  refugeeLed: Type.Optional(Type.Boolean()), migrantLed: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
/** The objects whose audit trail the organisations they concern may read (ids, actions and who; never a personal value). */
export const AUDITABLE = ['situation', 'decision', 'import', 'organisation', 'user', 'membership', 'api_token', 'concern', 'sharing_agreement', 'support_request', 'support_match', 'return_operation', 'resettlement_case', 'solutions_strategy'] as const;
export const AuditQuery = Type.Object({ resource: literals(AUDITABLE), objectId: Type.String({ maxLength: 100 }) });
