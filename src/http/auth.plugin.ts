import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { ANONYMOUS, type Ctx } from '../access/actor.js';
import type { Action, Resource } from '../access/policy.js';
import { DomainError } from '../core/errors.js';

export const SESSION_COOKIE = 'tandem_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
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

class CsrfError extends DomainError {
  constructor() {
    super('forbidden', 'missing or invalid CSRF token: send the token from sign-in in the X-CSRF-Token header');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is asking: a Bearer API token, else a session cookie, else nobody. Memberships are read on every
 * request, so a disabled account, a removed membership or a changed role counts from the next request.
 */
export async function registerAuth(server: FastifyInstance, app: App): Promise<void> {
  server.decorateRequest('ctx', null as unknown as Ctx);
  server.decorateRequest('sessionCsrf', null);

  // One hook, before the body is even read: who is asking, CSRF on cookie writes, and the route-level policy.
  server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.ctx = { actor: ANONYMOUS, requestId: String(request.id) };
    const auth = request.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const actor = m ? await app.auth.tokenActor(m[1]!) : null;
      if (!actor) {
        return reply.status(401).send({ code: 'unauthenticated', message: 'the API token is invalid or revoked', details: [], requestId: String(request.id) });
      }
      request.ctx = { actor, requestId: String(request.id) };
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const session = await app.auth.sessionActor(cookie);
        if (session) {
          request.ctx = { actor: session.actor, requestId: String(request.id) };
          request.sessionCsrf = session.csrfToken;
        } else {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
    }

    const config = request.routeOptions.config;
    if (config?.sensitive || request.ctx.actor.kind === 'user') reply.header('cache-control', 'no-store');
    if (request.sessionCsrf && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.sessionCsrf) {
      throw new CsrfError();
    }
    if (config?.policy) {
      // The object a route is about, wherever its id travels (path or query), so that a refusal reads as "not found".
      const params = (request.params ?? {}) as Record<string, string | undefined>;
      const query = (request.query ?? {}) as Record<string, string | undefined>;
      const objectId = params.id ?? params.ref ?? (typeof query.objectId === 'string' ? query.objectId : null);
      await app.access.checkRoute(request.ctx, config.policy.resource, config.policy.action, objectId);
    }
  });
}
