import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { NotFoundError } from '../core/errors.js';
import { SESSION_COOKIE } from '../http/auth.plugin.js';
import { errorResponses, ExportQuery, OrganisationSchema } from '../http/schemas.js';
import { replyList } from '../http/hxl-reply.js';
import type { HxlField } from '../hxl/table.js';
import { ROLES } from './policy.js';
import { TOKEN_SCOPES } from './auth.service.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const UserSchema = Type.Object({
  id: Type.String(), email: Type.String(), displayName: Type.String(), status: Type.String(), createdAt: Type.String(),
  memberships: Type.Array(Type.Object({ id: Type.String(), orgId: Type.String(), orgSlug: Type.String(), role: Type.String() })),
});
const TokenSchema = Type.Object({
  id: Type.String(), name: Type.String(), scope: Type.String(), createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]), revokedAt: Type.Union([Type.String(), Type.Null()]),
});
const AuditEntry = Type.Object({
  seq: Type.Integer(), at: Type.String(), actor: Type.String(), actorOrg: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(), resource: Type.String(), objectId: Type.Union([Type.String(), Type.Null()]), outcome: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
});
const AUDITABLE = ['situation', 'decision', 'import', 'organisation', 'user', 'membership', 'api_token'] as const;

/** Sign-in, tokens, accounts, organisations and memberships, and the audit trail. */
export async function accessRoutes(api: FastifyInstance, app: App): Promise<void> {
  const sensitive = true;

  api.post('/auth/sign-in', {
    config: { policy: { resource: 'session', action: 'create' }, sensitive },
    schema: {
      tags: ['access'], summary: 'Sign in: sets the session cookie and returns the CSRF token to send with every write',
      body: Type.Object({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ user: UserSchema, csrfToken: Type.String() }), 429: errorResponses[400], ...errorResponses },
    },
  }, async (request, reply) => {
    const { email, password } = request.body as { email: string; password: string };
    const s = await app.auth.signIn(request.ctx, { email, password, address: request.ip });
    reply.setCookie(SESSION_COOKIE, s.token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: s.maxAgeSeconds,
    });
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
    return reply.status(204).send();
  });

  api.get('/auth/me', {
    config: { policy: { resource: 'user', action: 'read' }, sensitive },
    schema: {
      tags: ['access'], summary: 'The signed-in account, its memberships, and the CSRF token of the session',
      response: { 200: Type.Object({ user: UserSchema, csrfToken: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
    },
  }, async (request) => ({ user: await app.accounts.getUser(request.ctx, request.ctx.actor.userId!), csrfToken: request.sessionCsrf }));

  api.get('/auth/tokens', {
    config: { policy: { resource: 'api_token', action: 'read' }, sensitive },
    schema: { tags: ['access'], summary: 'Your API tokens (never their secrets)', response: { 200: Type.Array(TokenSchema), ...errorResponses } },
  }, async (request) => app.auth.listTokens(request.ctx));

  api.post('/auth/tokens', {
    config: { policy: { resource: 'api_token', action: 'create' }, sensitive },
    schema: {
      tags: ['access'], summary: 'Create an API token for scripts; its secret is shown this once',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), scope: Type.Union(TOKEN_SCOPES.map((s) => Type.Literal(s))) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.String(), name: Type.String(), scope: Type.String(), createdAt: Type.String(), token: Type.String() }), ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.auth.createToken(request.ctx, request.body as { name: string; scope: string })));

  api.delete('/auth/tokens/:id', {
    config: { policy: { resource: 'api_token', action: 'delete' }, sensitive },
    schema: { tags: ['access'], summary: 'Revoke an API token', params: Id, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await app.auth.revokeToken(request.ctx, (request.params as { id: string }).id);
    return reply.status(204).send();
  });

  api.get('/users', {
    config: { policy: { resource: 'user', action: 'read' }, sensitive },
    schema: { tags: ['access'], summary: 'Accounts you may see', response: { 200: Type.Array(UserSchema), ...errorResponses } },
  }, async (request) => app.accounts.listUsers(request.ctx));

  api.post('/users', {
    config: { policy: { resource: 'user', action: 'create' }, sensitive },
    schema: {
      tags: ['access'], summary: 'Create an account (administrator)',
      body: Type.Object({
        email: Type.String({ maxLength: 320 }), displayName: Type.String({ minLength: 1, maxLength: 200 }),
        password: Type.String({ minLength: 12, maxLength: 1024 }),
      }, { additionalProperties: false }),
      response: { 201: UserSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.accounts.createUser(request.ctx, request.body as { email: string; displayName: string; password: string })));

  api.get('/users/:id', {
    config: { policy: { resource: 'user', action: 'read' }, sensitive },
    schema: { tags: ['access'], summary: 'One account', params: Id, response: { 200: UserSchema, ...errorResponses } },
  }, async (request) => app.accounts.getUser(request.ctx, (request.params as { id: string }).id));

  api.patch('/users/:id', {
    config: { policy: { resource: 'user', action: 'update' }, sensitive },
    schema: {
      tags: ['access'], summary: 'Disable or enable an account (administrator); takes effect on its next request',
      params: Id, body: Type.Object({ status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]) }, { additionalProperties: false }),
      response: { 200: UserSchema, ...errorResponses },
    },
  }, async (request) => app.accounts.setStatus(request.ctx, (request.params as { id: string }).id, (request.body as { status: 'active' | 'disabled' }).status));

  api.post('/users/:id/memberships', {
    config: { policy: { resource: 'membership', action: 'create' }, sensitive },
    schema: {
      tags: ['access'], summary: 'Give an account a role in an organisation (administrator)', params: Id,
      body: Type.Object({ organisation: Type.String({ maxLength: 100 }), role: Type.Union(ROLES.map((r) => Type.Literal(r))) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.String(), orgId: Type.String(), orgSlug: Type.String(), role: Type.String() }), ...errorResponses },
    },
  }, async (request, reply) => {
    const body = request.body as { organisation: string; role: string };
    return reply.status(201).send(await app.accounts.addMembership(request.ctx, { userId: (request.params as { id: string }).id, ...body }));
  });

  api.delete('/memberships/:id', {
    config: { policy: { resource: 'membership', action: 'delete' }, sensitive },
    schema: { tags: ['access'], summary: 'Remove a membership (administrator); takes effect on the next request', params: Id, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await app.accounts.removeMembership(request.ctx, (request.params as { id: string }).id);
    return reply.status(204).send();
  });

  api.post('/organisations', {
    config: { policy: { resource: 'organisation', action: 'create' } },
    schema: {
      tags: ['access'], summary: 'Register an organisation (administrator)',
      body: Type.Object({
        slug: Type.String({ maxLength: 40 }), name: Type.String({ minLength: 1, maxLength: 300 }), kind: Type.String({ maxLength: 40 }),
        refugeeLed: Type.Optional(Type.Boolean()), migrantLed: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 201: OrganisationSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.accounts.createOrganisation(request.ctx, request.body as never)));

  api.get('/organisations/:id/members', {
    config: { policy: { resource: 'membership', action: 'read' }, sensitive },
    schema: { tags: ['access'], summary: 'Members of an organisation (its coordinators, the administrator)', params: Id, response: { 200: Type.Array(UserSchema), ...errorResponses } },
  }, async (request) => app.accounts.members(request.ctx, (request.params as { id: string }).id));

  api.get('/audit', {
    config: { policy: { resource: 'audit', action: 'read' }, sensitive },
    schema: {
      tags: ['access'], summary: 'The audit trail of one object, for the organisations it concerns and the administrator',
      querystring: Type.Object({ resource: Type.Union(AUDITABLE.map((r) => Type.Literal(r))), objectId: Type.String({ maxLength: 100 }) }),
      response: { 200: Type.Object({ entries: Type.Array(AuditEntry) }), ...errorResponses },
    },
  }, async (request) => {
    const { resource, objectId } = request.query as { resource: string; objectId: string };
    const trail = await app.audit.trail(resource, objectId);
    await app.access.check(request.ctx, 'audit', 'read', { id: objectId, facts: { concernedOrgIds: trail.concernedOrgs } });
    if (trail.entries.length === 0) throw new NotFoundError('audit trail', objectId);
    await app.audit.record(request.ctx, { action: 'read', resource: 'audit', objectId, outcome: 'allowed', concernedOrgs: trail.concernedOrgs });
    return { entries: trail.entries };
  });

  api.get('/audit/verify', {
    config: { policy: { resource: 'audit', action: 'verify' }, sensitive },
    schema: {
      tags: ['access'], summary: 'Check the whole hash chain (administrator)',
      response: { 200: Type.Object({ entries: Type.Integer(), ok: Type.Boolean(), problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String(), message: Type.String() })) }), ...errorResponses },
    },
  }, async () => app.audit.verify());

}
