import type { App } from '../../src/app.js';
import { operatorCtx } from '../../src/core/actor.js';
import type { Role } from '../../src/core/permissions.js';
import type { Server } from '../../src/http/server.js';

export const PASSWORD = 'correct horse battery staple';
let n = 0;

/** An account with the given roles (created by the operator, as `tandem user create` does). */
export async function makeUser(app: App, roles: Array<[org: string, role: Role]>, opts: { email?: string; name?: string } = {}) {
  const ctx = operatorCtx();
  const email = opts.email ?? `user${++n}-${Date.now()}@test.invalid`;
  const user = await app.accounts.createUser(ctx, { email, displayName: opts.name ?? `Test user ${n}`, password: PASSWORD });
  for (const [organisation, role] of roles) await app.accounts.addMembership(ctx, { userId: user.id, organisation, role });
  return app.accounts.getUser(ctx, user.id);
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in through the API and returns the session cookie and CSRF token. */
export async function signIn(server: Server, email: string, password = PASSWORD, ip = '127.0.0.1'): Promise<Session> {
  const res = await server.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, remoteAddress: ip });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const setCookie = [res.headers['set-cookie']].flat()[0]!;
  return { cookie: setCookie.split(';')[0]!, csrf: res.json().csrfToken };
}

/** A request as a signed-in user: cookie, and the CSRF token on writes. */
export function as(server: Server, s: Session | null, opts: { remoteAddress?: string } = {}) {
  const headers = (method: string) => (s ? { cookie: s.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrf }) } : {});
  const from = opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {};
  return {
    get: (url: string) => server.inject({ method: 'GET', url, headers: headers('GET'), ...from }),
    post: (url: string, payload?: unknown) => server.inject({ method: 'POST', url, payload: payload as object, headers: headers('POST'), ...from }),
    put: (url: string, payload?: unknown) => server.inject({ method: 'PUT', url, payload: payload as object, headers: headers('PUT'), ...from }),
    patch: (url: string, payload?: unknown) => server.inject({ method: 'PATCH', url, payload: payload as object, headers: headers('PATCH'), ...from }),
    delete: (url: string) => server.inject({ method: 'DELETE', url, headers: headers('DELETE'), ...from }),
  };
}
