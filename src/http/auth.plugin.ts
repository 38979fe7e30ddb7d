import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { ANONYMOUS, type Ctx } from '../core/actor.js';
import { DomainError } from '../core/errors.js';
import type { Action, Resource } from '../core/permissions.js';
import { CSRF_HEADER, SESSION_COOKIE, SIGNED_IN_HINT_COOKIE } from './cookies.js';

class CsrfError extends DomainError {
  constructor() {
    super('forbidden', 'missing or invalid CSRF token: send the token from sign-in in the X-CSRF-Token header');
  }
}

/** A text value of a parsed path or query string, if it has one under this name. */
function textField(values: unknown, name: string): string | null {
  if (typeof values !== 'object' || values === null) return null;
  const v: unknown = Object.getOwnPropertyDescriptor(values, name)?.value;
  return typeof v === 'string' ? v : null;
}

/** Denied anonymous writes per address and minute: the first few are audited, the rest answered 429 unaudited. */
function anonymousWriteThrottle() {
  const LIMIT = 20;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    tooMany(address: string): boolean {
      const now = Date.now();
      const w = windows.get(address);
      if (!w || now - w.start > 60_000) {
        if (windows.size > 10_000) windows.clear();
        windows.set(address, { start: now, count: 1 });
        return false;
      }
      w.count++;
      return w.count > LIMIT;
    },
  };
}

function mayEverAnonymously(app: App, policy: { resource: Resource; action: Action }): boolean {
  return app.access.can({ actor: ANONYMOUS, requestId: null }, policy.resource, policy.action);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is asking: a Bearer API token, else a session cookie, else nobody. Memberships are read on every
 * request, so a disabled account, a removed membership or a changed role counts from the next request.
 */
export async function registerAuth(server: FastifyInstance, app: App): Promise<void> {
  server.decorateRequest('ctx', null as unknown as Ctx);
  server.decorateRequest('sessionCsrf', null);
  const anonymousWrites = anonymousWriteThrottle();

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
          reply.clearCookie(SIGNED_IN_HINT_COOKIE, { path: '/' });
        }
      }
    }

    const config = request.routeOptions.config;
    if (config?.sensitive || request.ctx.actor.kind === 'user') reply.header('cache-control', 'no-store');
    // The object a route is about, wherever its id travels (path or query), so that a refusal reads as "not found".
    const objectId = textField(request.params, 'id') ?? textField(request.params, 'ref') ?? textField(request.query, 'objectId');
    if (request.sessionCsrf && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.sessionCsrf) {
      await app.audit.record(request.ctx, { action: config?.policy?.action ?? 'write', resource: config?.policy?.resource ?? 'session', objectId, outcome: 'denied' });
      throw new CsrfError();
    }
    // Anonymous writes are refused anyway; past a few a minute from one address they are not even audited
    // (a flood would otherwise fill the audit trail).
    if (request.ctx.actor.kind === 'anonymous' && !SAFE_METHODS.has(request.method) && config?.policy && !mayEverAnonymously(app, config.policy)) {
      if (anonymousWrites.tooMany(request.ip)) {
        reply.header('retry-after', '60');
        return reply.status(429).send({ code: 'rate_limited', message: 'sign in to do this', details: [], requestId: String(request.id) });
      }
    }
    if (config?.policy) await app.access.checkRoute(request.ctx, config.policy.resource, config.policy.action, objectId);
  });
}
