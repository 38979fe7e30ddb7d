import { CompiledQuery, type Kysely } from 'kysely';
import { NotFoundError, RateLimitedError, ValidationError, DomainError } from '../core/errors.js';
import { newId, nowIso } from '../core/ids.js';
import type { Actor, Ctx } from '../core/actor.js';
import type { Role } from '../core/permissions.js';
import type { DB } from '../core/tables.js';
import type { Access } from './access.service.js';
import { TOKEN_SCOPES } from './access.schemas.js';
import { newSecret, sha256, verifyPassword } from './secrets.js';

export interface AuthSettings {
  /** A session unused for this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteHours: number;
  /** Failed sign-ins allowed per account from one address, and per address over all accounts, per window. */
  maxFailuresPerAccountAndAddress: number;
  maxFailuresPerAddress: number;
  throttleWindowMinutes: number;
}

export const DEFAULT_AUTH: AuthSettings = {
  idleMinutes: 30, absoluteHours: 12, maxFailuresPerAccountAndAddress: 5, maxFailuresPerAddress: 50, throttleWindowMinutes: 15,
};

export class SignInFailedError extends DomainError {
  constructor() {
    // The same words for an unknown account, a wrong password and a disabled account.
    super('unauthenticated', 'the email or password is incorrect');
  }
}


const addMinutes = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();

/**
 * Sign-in, sessions and API tokens. Throttling counts failures per (account, address) pair and per
 * address: an attacker elsewhere can slow down their own guesses, never lock the account's owner out.
 */
export function createAuthService(deps: { db: Kysely<DB>; access: Access; settings?: Partial<AuthSettings> }) {
  const { db, access } = deps;
  const settings = { ...DEFAULT_AUTH, ...deps.settings };

  async function throttleState(key: string, now: string) {
    const row = await db.selectFrom('auth_throttle').selectAll().where('key_hash', '=', sha256(key)).executeTakeFirst();
    if (!row || addMinutes(row.window_start, settings.throttleWindowMinutes) <= now) return { failures: 0, windowStart: now };
    return { failures: row.failures, windowStart: row.window_start };
  }

  async function recordFailure(key: string, now: string) {
    const state = await throttleState(key, now);
    await db.insertInto('auth_throttle')
      .values({ key_hash: sha256(key), window_start: state.windowStart, failures: state.failures + 1 })
      .onConflict((oc) => oc.column('key_hash').doUpdateSet({ window_start: state.windowStart, failures: state.failures + 1 }))
      .execute();
  }

  /** Loads an account's current memberships: a changed role or removed membership counts on the next request. */
  async function actorFor(userId: string, readOnly: boolean): Promise<Actor | null> {
    const user = await db.selectFrom('users').select(['id', 'status']).where('id', '=', userId).executeTakeFirst();
    if (!user || user.status !== 'active') return null;
    const ms = await db.selectFrom('memberships').innerJoin('organisations', 'organisations.id', 'memberships.org_id')
      .select(['memberships.org_id', 'memberships.role', 'organisations.slug']).where('memberships.user_id', '=', userId)
      .orderBy('memberships.created_at').execute();
    return {
      kind: 'user', label: user.id, userId: user.id, readOnly,
      memberships: ms.map((m) => ({ orgId: m.org_id, orgSlug: m.slug, role: m.role as Role })),
    };
  }

  const sessionQuery = db.selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('memberships', 'memberships.user_id', 'users.id')
    .leftJoin('organisations', 'organisations.id', 'memberships.org_id')
    .select([
      'sessions.id_hash', 'sessions.user_id', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at',
      'users.status', 'memberships.org_id', 'memberships.role', 'organisations.slug', 'memberships.created_at',
    ])
    .where('sessions.id_hash', '=', '?')
    .orderBy('memberships.created_at')
    .compile();
  type SessionRow = typeof sessionQuery extends CompiledQuery<infer R> ? R : never;

  return {
    settings,

    async signIn(ctx: Ctx, input: { email: string; password: string; address: string }) {
      const now = nowIso();
      const email = (input.email ?? '').trim().toLowerCase();
      const pairKey = `pair:${email}|${input.address}`;
      const addrKey = `addr:${input.address}`;
      const [pair, addr] = await Promise.all([throttleState(pairKey, now), throttleState(addrKey, now)]);
      if (pair.failures >= settings.maxFailuresPerAccountAndAddress || addr.failures >= settings.maxFailuresPerAddress) {
        const until = addMinutes(pair.failures >= settings.maxFailuresPerAccountAndAddress ? pair.windowStart : addr.windowStart, settings.throttleWindowMinutes);
        const seconds = Math.max(1, Math.ceil((Date.parse(until) - Date.parse(now)) / 1000));
        await access.audit.record(ctx, { action: 'create', resource: 'session', outcome: 'denied' });
        throw new RateLimitedError(`too many failed sign-ins: try again in ${Math.ceil(seconds / 60)} minutes`, seconds);
      }
      const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      const ok = await verifyPassword(user?.password_hash ?? null, input.password ?? '');
      if (!user || !ok || user.status !== 'active') {
        await recordFailure(pairKey, now);
        await recordFailure(addrKey, now);
        await access.audit.record(ctx, { action: 'create', resource: 'session', outcome: 'denied' });
        throw new SignInFailedError();
      }
      await db.deleteFrom('auth_throttle').where('key_hash', '=', sha256(pairKey)).execute();
      // A new session id at every sign-in (no fixation); older sessions of this account stay valid until they end.
      const token = newSecret();
      const csrf = newSecret();
      await db.insertInto('sessions').values({
        id_hash: sha256(token), user_id: user.id, csrf_token: csrf, created_at: now, last_seen_at: now,
        expires_at: addMinutes(now, settings.absoluteHours * 60),
      }).execute();
      await access.audit.record({ ...ctx, actor: { ...ctx.actor, label: user.id } }, { action: 'create', resource: 'session', outcome: 'allowed' });
      return { token, csrfToken: csrf, userId: user.id, maxAgeSeconds: settings.absoluteHours * 3600 };
    },

    async signOut(ctx: Ctx, token: string): Promise<void> {
      await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
      await access.audit.record(ctx, { action: 'delete', resource: 'session', outcome: 'allowed' });
    },

    /** The actor behind a session cookie, or null when the session is unknown, idle too long, expired or its account disabled. */
    async sessionActor(token: string): Promise<{ actor: Actor; csrfToken: string } | null> {
      const now = nowIso();
      // One round trip per request: the session, its account and the account's memberships together,
      // compiled once (building the query on every request cost more than running it).
      const rows = (await db.executeQuery<SessionRow>(CompiledQuery.raw(sessionQuery.sql, [sha256(token)]))).rows;
      const s = rows[0];
      if (!s) return null;
      if (s.expires_at <= now || addMinutes(s.last_seen_at, settings.idleMinutes) <= now) {
        await db.deleteFrom('sessions').where('id_hash', '=', s.id_hash).execute();
        return null;
      }
      if (s.status !== 'active') return null;
      // Touch at most once a minute: an idle timeout needs no write on every request.
      if (addMinutes(s.last_seen_at, 1) <= now) await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', s.id_hash).execute();
      const actor: Actor = {
        kind: 'user', label: s.user_id, userId: s.user_id, readOnly: false,
        memberships: rows.filter((r) => r.org_id !== null).map((r) => ({ orgId: r.org_id!, orgSlug: r.slug!, role: r.role as Role })),
      };
      return { actor, csrfToken: s.csrf_token };
    },

    async tokenActor(token: string): Promise<Actor | null> {
      const t = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
      if (!t || t.revoked_at) return null;
      const now = nowIso();
      if (!t.last_used_at || addMinutes(t.last_used_at, 1) <= now) {
        await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
      }
      return actorFor(t.user_id, t.scope === 'read');
    },

    /** A new API token for the actor; its secret is returned this once and stored only as a hash. */
    async createToken(ctx: Ctx, input: { name: string; scope: string }) {
      if (!ctx.actor.userId) throw new ValidationError('only an account can hold a token', []);
      await access.check(ctx, 'api_token', 'create', { facts: { userId: ctx.actor.userId } });
      if (!(TOKEN_SCOPES as readonly string[]).includes(input.scope)) {
        throw new ValidationError('unknown scope', [{ field: 'scope', message: `must be one of ${TOKEN_SCOPES.join(', ')}` }]);
      }
      const secret = newSecret('tdm_');
      const id = newId();
      const createdAt = nowIso();
      await db.insertInto('api_tokens').values({
        id, user_id: ctx.actor.userId, name: input.name.trim() || 'token', token_hash: sha256(secret), scope: input.scope,
        created_at: createdAt, last_used_at: null, revoked_at: null,
      }).execute();
      await access.audit.record(ctx, { action: 'create', resource: 'api_token', objectId: id, outcome: 'allowed' });
      return { id, name: input.name, scope: input.scope, createdAt, token: secret };
    },

    async listTokens(ctx: Ctx) {
      if (!ctx.actor.userId) return [];
      await access.check(ctx, 'api_token', 'read', { facts: { userId: ctx.actor.userId } });
      const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', ctx.actor.userId).orderBy('created_at').execute();
      return rows.map((t) => ({ id: t.id, name: t.name, scope: t.scope, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at }));
    },

    async revokeToken(ctx: Ctx, id: string): Promise<void> {
      const t = await db.selectFrom('api_tokens').select(['id', 'user_id']).where('id', '=', id).executeTakeFirst();
      await access.check(ctx, 'api_token', 'delete', { id, facts: { userId: t?.user_id } });
      if (!t) throw new NotFoundError('API token');
      await db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('id', '=', id).execute();
      await access.audit.record(ctx, { action: 'delete', resource: 'api_token', objectId: id, outcome: 'allowed' });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
