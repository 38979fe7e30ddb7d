import { DomainError, NotFoundError } from '../core/errors.js';
import type { Ctx } from './actor.js';
import type { AuditService } from './audit.service.js';
import { mayEver, permits, type Action, type ObjectFacts, type Resource } from './policy.js';

export class ForbiddenError extends DomainError {
  constructor(message = 'you are not allowed to do this') {
    super('forbidden', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor() {
    super('unauthenticated', 'sign in to do this');
    this.name = 'UnauthenticatedError';
  }
}

/** Names used in "not found" messages, so that a hidden object reads exactly like a missing one. */
const NOUNS: Record<Resource, string> = {
  vocabulary: 'vocabulary', situation: 'situation', figure: 'figure', decision: 'decision', import: 'import',
  organisation: 'organisation', user: 'user', membership: 'membership', api_token: 'API token', session: 'session', audit: 'audit trail',
  platform: 'platform', activity: 'activity', report: 'report',
};

/**
 * The one authorization gate services call on the object itself. A denied attempt is audited; when the
 * actor may not even read the object, the answer is "not found", so that existence does not leak.
 */
export function createAccess(deps: { audit: AuditService }) {
  async function deny(ctx: Ctx, resource: Resource, action: Action, objectId: string | null, facts: ObjectFacts): Promise<never> {
    await deps.audit.record(ctx, {
      action, resource, objectId, outcome: 'denied',
      concernedOrgs: [...(facts.orgIds ?? []), ...(facts.concernedOrgIds ?? []), ...(facts.coLeadOrgIds ?? []), ...(facts.agencyOrgId ? [facts.agencyOrgId] : [])],
    });
    if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
    if (objectId !== null && !permits(ctx.actor, resource, 'read', facts)) throw new NotFoundError(NOUNS[resource], objectId);
    throw new ForbiddenError();
  }

  return {
    /** Throws unless the actor may do `action` on this object; the CLI operator always may. */
    async check(ctx: Ctx, resource: Resource, action: Action, object: { id?: string | null; facts?: ObjectFacts } = {}): Promise<void> {
      if (ctx.actor.kind === 'operator') return;
      const facts = object.facts ?? {};
      if (!permits(ctx.actor, resource, action, facts)) await deny(ctx, resource, action, object.id ?? null, facts);
    },

    /** A pure question, for filtering lists: may the actor do this on this object? */
    can(ctx: Ctx, resource: Resource, action: Action, facts: ObjectFacts = {}): boolean {
      return ctx.actor.kind === 'operator' || permits(ctx.actor, resource, action, facts);
    },

    /**
     * The route-level gate: may the actor do this action on any object of this resource at all? On a
     * route about one object (`objectId`), a signed-in actor who may not read such objects gets 404.
     */
    async checkRoute(ctx: Ctx, resource: Resource, action: Action, objectId: string | null = null): Promise<void> {
      if (ctx.actor.kind === 'operator' || mayEver(ctx.actor, resource, action)) return;
      await deny(ctx, resource, action, objectId, {});
    },

    audit: deps.audit,
  };
}

export type Access = ReturnType<typeof createAccess>;
