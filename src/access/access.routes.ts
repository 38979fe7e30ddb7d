import { Type } from '@sinclair/typebox';
import type { Ctx } from '../core/actor.js';
import type { Api } from '../http/api.js';
import { SESSION_COOKIE, SIGNED_IN_HINT_COOKIE } from '../http/cookies.js';
import { replyList } from '../http/hxl-reply.js';
import { errorResponses, ExportQuery } from '../http/schemas.js';
import type { HxlField } from '../hxl/index.js';
import type { Access } from './access.service.js';
import type { AccountService } from './account.service.js';
import type { AuditEntryView, AuditService } from './audit.service.js';
import type { AuthService } from './auth.service.js';
import {
  AuditEntrySchema, AuditQuery, MeCanSchema, AuditVerifySchema, Id, MembershipSchema, NewMembershipBody, NewOrganisationBody, NewTokenBody, NewTokenSchema,
  NewUserBody, OrganisationSchema, SignInBody, TokenSchema, UserSchema, UserStatusBody,
} from './access.schemas.js';

const ORG_HXL: ReadonlyArray<HxlField<{ name: string; slug: string; kind: string; refugeeLed: boolean; migrantLed: boolean }>> = [
  ['Organisation', '#org+name', (o) => o.name], ['Short name', '#org+code', (o) => o.slug], ['Type', '#org+type', (o) => o.kind],
  ['Refugee-led', '#org+x_refugee_led', (o) => (o.refugeeLed ? 'yes' : 'no')], ['Migrant-led', '#org+x_migrant_led', (o) => (o.migrantLed ? 'yes' : 'no')],
];

/** Sign-in, tokens, accounts, organisations and memberships, and the audit trail. */
export async function accessRoutes(api: Api, app: {
  auth: AuthService; accounts: AccountService; access: Pick<Access, 'mayEver'>; audit: Pick<AuditService, 'verify'>; trails: { read(ctx: Ctx, resource: string, objectId: string): Promise<{ entries: AuditEntryView[] }> };
}): Promise<void> {
  const sensitive = true;

  api.post('/auth/sign-in', {
    config: { policy: { resource: 'session', action: 'create' }, sensitive },
    schema: {
      tags: ['access'], summary: 'Sign in: sets the session cookie and returns the CSRF token to send with every write',
      body: SignInBody, response: { 200: Type.Object({ user: UserSchema, csrfToken: Type.String() }), ...errorResponses },
    },
  }, async (request, reply) => {
    const s = await app.auth.signIn(request.ctx, { ...request.body, address: request.ip });
    reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: s.maxAgeSeconds });
    reply.setCookie(SIGNED_IN_HINT_COOKIE, '1', { path: '/', httpOnly: false, sameSite: 'lax', secure: 'auto', maxAge: s.maxAgeSeconds });
    // The account reads itself (the `account` pseudo-role): no need to resolve the new session again.
    const self = { kind: 'user' as const, label: s.userId, userId: s.userId, memberships: [], readOnly: false };
    const user = await app.accounts.getUser({ ...request.ctx, actor: self }, s.userId);
    return { user, csrfToken: s.csrfToken };
  });

  api.post('/auth/sign-out', {
    config: { policy: { resource: 'session', action: 'delete' }, sensitive },
    schema: { tags: ['access'], summary: 'Sign out: ends the session on the server', response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await app.auth.signOut(request.ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(SIGNED_IN_HINT_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  api.get('/auth/me', {
    config: { policy: { resource: 'user', action: 'read' }, sensitive },
    schema: {
      tags: ['access'], summary: 'The signed-in account, its memberships, and the CSRF token of the session',
      response: { 200: Type.Object({ user: UserSchema, csrfToken: Type.Union([Type.String(), Type.Null()]), can: MeCanSchema }), ...errorResponses },
    },
  }, async (request) => ({
    user: await app.accounts.getUser(request.ctx, request.ctx.actor.userId ?? ''), csrfToken: request.sessionCsrf,
    can: {
      importFigures: app.access.mayEver(request.ctx, 'import', 'create'),
      administer: app.access.mayEver(request.ctx, 'user', 'create'),
      defineSituations: app.access.mayEver(request.ctx, 'situation', 'create'),
      setUpPlatforms: app.access.mayEver(request.ctx, 'platform', 'create'),
      handleCases: app.access.mayEver(request.ctx, 'referral', 'read'),
      supportStates: app.access.mayEver(request.ctx, 'support_request', 'read') || app.access.mayEver(request.ctx, 'capacity_view', 'read'),
      requestSupport: app.access.mayEver(request.ctx, 'support_request', 'create'),
      offerSupport: app.access.mayEver(request.ctx, 'support_offer', 'create'),
      shareData: app.access.mayEver(request.ctx, 'sharing_agreement', 'read'),
      draftAgreements: app.access.mayEver(request.ctx, 'sharing_agreement', 'create'),
      composeReports: app.access.mayEver(request.ctx, 'publication', 'create'),
      followReturns: app.access.mayEver(request.ctx, 'return_operation', 'read'),
      planReturns: app.access.mayEver(request.ctx, 'return_operation', 'create'),
      handleResettlement: app.access.mayEver(request.ctx, 'resettlement_case', 'read'),
      readSolutions: app.access.mayEver(request.ctx, 'solutions_view', 'read'),
      monitorFlows: app.access.mayEver(request.ctx, 'movement_count', 'read'),
      importFlows: app.access.mayEver(request.ctx, 'movement_count', 'create'),
      consolidateR4V: app.access.mayEver(request.ctx, 'r4v', 'create'),
    },
  }));

  api.get('/auth/tokens', {
    config: { policy: { resource: 'api_token', action: 'read' }, sensitive },
    schema: { tags: ['access'], summary: 'Your API tokens (never their secrets)', response: { 200: Type.Array(TokenSchema), ...errorResponses } },
  }, async (request) => app.auth.listTokens(request.ctx));

  api.post('/auth/tokens', {
    config: { policy: { resource: 'api_token', action: 'create' }, sensitive },
    schema: { tags: ['access'], summary: 'Create an API token for scripts; its secret is shown this once', body: NewTokenBody, response: { 201: NewTokenSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.auth.createToken(request.ctx, request.body)));

  api.delete('/auth/tokens/:id', {
    config: { policy: { resource: 'api_token', action: 'delete' }, sensitive },
    schema: { tags: ['access'], summary: 'Revoke an API token', params: Id, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await app.auth.revokeToken(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  api.get('/users', {
    config: { policy: { resource: 'user', action: 'read' }, sensitive },
    schema: { tags: ['access'], summary: 'Accounts you may see', response: { 200: Type.Array(UserSchema), ...errorResponses } },
  }, async (request) => app.accounts.listUsers(request.ctx));

  api.post('/users', {
    config: { policy: { resource: 'user', action: 'create' }, sensitive },
    schema: { tags: ['access'], summary: 'Create an account (administrator)', body: NewUserBody, response: { 201: UserSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.accounts.createUser(request.ctx, request.body)));

  api.get('/users/:id', {
    config: { policy: { resource: 'user', action: 'read' }, sensitive },
    schema: { tags: ['access'], summary: 'One account', params: Id, response: { 200: UserSchema, ...errorResponses } },
  }, async (request) => app.accounts.getUser(request.ctx, request.params.id));

  api.patch('/users/:id', {
    config: { policy: { resource: 'user', action: 'update' }, sensitive },
    schema: {
      tags: ['access'], summary: 'Disable or enable an account (administrator); takes effect on its next request',
      params: Id, body: UserStatusBody, response: { 200: UserSchema, ...errorResponses },
    },
  }, async (request) => app.accounts.setStatus(request.ctx, request.params.id, request.body.status));

  api.post('/users/:id/memberships', {
    config: { policy: { resource: 'membership', action: 'create' }, sensitive },
    schema: {
      tags: ['access'], summary: 'Give an account a role in an organisation (administrator)', params: Id,
      body: NewMembershipBody, response: { 201: MembershipSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.accounts.addMembership(request.ctx, { userId: request.params.id, ...request.body })));

  api.delete('/memberships/:id', {
    config: { policy: { resource: 'membership', action: 'delete' }, sensitive },
    schema: { tags: ['access'], summary: 'Remove a membership (administrator); takes effect on the next request', params: Id, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await app.accounts.removeMembership(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  api.get('/organisations', {
    config: { policy: { resource: 'organisation', action: 'read' } },
    schema: { tags: ['access'], summary: 'Organisations', querystring: ExportQuery, response: { 200: Type.Array(OrganisationSchema) } },
  }, async (request, reply) => {
    const items = await app.accounts.organisations();
    return replyList(reply, request.query.format, items, items, ORG_HXL, 'organisations');
  });

  api.post('/organisations', {
    config: { policy: { resource: 'organisation', action: 'create' } },
    schema: { tags: ['access'], summary: 'Register an organisation (administrator)', body: NewOrganisationBody, response: { 201: OrganisationSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.accounts.createOrganisation(request.ctx, request.body)));

  api.get('/organisations/:id/members', {
    config: { policy: { resource: 'membership', action: 'read' }, sensitive },
    schema: { tags: ['access'], summary: 'Members of an organisation (its coordinators, the administrator)', params: Id, response: { 200: Type.Array(UserSchema), ...errorResponses } },
  }, async (request) => app.accounts.members(request.ctx, request.params.id));

  api.get('/audit', {
    config: { policy: { resource: 'audit', action: 'read' }, sensitive },
    schema: {
      tags: ['access'], summary: 'The audit trail of one object, for the organisations it concerns and the administrator',
      querystring: AuditQuery, response: { 200: Type.Object({ entries: Type.Array(AuditEntrySchema) }), ...errorResponses },
    },
  }, async (request) => {
    return app.trails.read(request.ctx, request.query.resource, request.query.objectId);
  });

  api.get('/audit/verify', {
    config: { policy: { resource: 'audit', action: 'verify' }, sensitive },
    schema: { tags: ['access'], summary: 'Check the whole hash chain (administrator)', response: { 200: AuditVerifySchema, ...errorResponses } },
  }, async () => app.audit.verify());
}
