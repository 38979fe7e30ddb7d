import type { ActorInfo, Role } from './permissions.js';

/**
 * Who is acting: nobody (anonymous), a signed-in account (session or API token), or the local operator
 * at the CLI, who has direct database access like an administrator's shell and is audited as `operator`.
 */
export interface Actor extends ActorInfo {
  kind: 'anonymous' | 'user' | 'operator';
  /** How the actor appears in the audit log: an account id or `operator`, never a name or email. */
  label: string;
  memberships: ReadonlyArray<{ orgId: string; orgSlug: string; role: Role }>;
}

/** What a service needs to know about the request it serves. */
export interface Ctx {
  actor: Actor;
  requestId: string | null;
}

export const ANONYMOUS: Actor = { kind: 'anonymous', label: 'anonymous', userId: null, memberships: [], readOnly: false };
export const OPERATOR: Actor = { kind: 'operator', label: 'operator', userId: null, memberships: [], readOnly: false };

export const operatorCtx = (): Ctx => ({ actor: OPERATOR, requestId: null });

/** The organisation an actor acts for in the audit log: the first of its memberships. */
export function actorOrg(actor: Actor): string | null {
  return actor.memberships[0]?.orgId ?? null;
}
