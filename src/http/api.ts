import type { Ctx } from '../core/actor.js';
import type { Action, Resource } from '../core/permissions.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';

/**
 * The API as a module's routes see it: a Fastify instance carrying the TypeBox type provider, so that a
 * handler's params, query, body and reply are typed from the route's own schemas, with no casts.
 */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, for every service call. */
    ctx: Ctx;
    /** Set when the request is authenticated by a session cookie: writes must then carry this CSRF token. */
    sessionCsrf: string | null;
  }
  interface FastifyContextConfig {
    /** The resource and action this route performs; every API route has one, or is explicitly public. */
    policy?: { resource: Resource; action: Action };
    public?: boolean;
    /** Responses carry personal or account data: never cached. */
    sensitive?: boolean;
  }
}
