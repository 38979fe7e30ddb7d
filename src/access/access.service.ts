import type { Ctx } from '../core/actor.js';
import { DomainError, NotFoundError } from '../core/errors.js';
import type { Action, ObjectFacts, PolicyRule, Resource, ResourceNouns } from '../core/permissions.js';
import type { AuditService } from './audit.service.js';
import { authorizer, type Scope } from './authorize.rules.js';

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

/** What an account may do with one object, computed by the one policy: the web shows tabs and buttons from it. */
export type Can<A extends Action> = { [K in A]: boolean };

/**
 * The one authorization gate services call on the object itself. A denied attempt is audited; when the
 * actor may not even read the object, the answer is "not found", so that existence does not leak.
 */
export function createAccess(deps: { audit: AuditService; policy: readonly PolicyRule[]; nouns: ResourceNouns }) {
  const rules = authorizer(deps.policy);
  const noun = (r: Resource) => deps.nouns[r] ?? r;

  async function deny(ctx: Ctx, resource: Resource, action: Action, objectId: string | null, facts: ObjectFacts): Promise<never> {
    await deps.audit.record(ctx, {
      action, resource, objectId, outcome: 'denied',
      concernedOrgs: [...(facts.orgIds ?? []), ...(facts.concernedOrgIds ?? []), ...(facts.coLeadOrgIds ?? []), ...(facts.agencyOrgId ? [facts.agencyOrgId] : [])],
    });
    if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
    if (objectId !== null && !rules.permits(ctx.actor, resource, 'read', facts)) throw new NotFoundError(noun(resource));
    throw new ForbiddenError();
  }

  return {
    /** Throws unless the actor may do `action` on this object; the CLI operator always may. */
    async check(ctx: Ctx, resource: Resource, action: Action, object: { id?: string | null; facts?: ObjectFacts } = {}): Promise<void> {
      if (ctx.actor.kind === 'operator') return;
      const facts = object.facts ?? {};
      if (!rules.permits(ctx.actor, resource, action, facts)) await deny(ctx, resource, action, object.id ?? null, facts);
    },

    /** A pure question: may the actor do this on this object? */
    can(ctx: Ctx, resource: Resource, action: Action, facts: ObjectFacts = {}): boolean {
      return ctx.actor.kind === 'operator' || rules.permits(ctx.actor, resource, action, facts);
    },

    /** The actions the actor may take on one object, for the `can` an API object carries. */
    allowed<A extends Action>(ctx: Ctx, resource: Resource, actions: readonly A[], facts: ObjectFacts = {}): Can<A> {
      const out = {} as Can<A>;
      for (const a of actions) out[a] = ctx.actor.kind !== 'anonymous' && (ctx.actor.kind === 'operator' || rules.permits(ctx.actor, resource, a, facts));
      return out;
    },

    /** May the actor do this action on some object of this resource (what a menu offers)? */
    mayEver(ctx: Ctx, resource: Resource, action: Action): boolean {
      return ctx.actor.kind === 'operator' || (ctx.actor.kind === 'user' && rules.mayEver(ctx.actor, resource, action));
    },

    /** Which objects of a resource the actor may act on, for a repository's `where` clause. */
    scope(ctx: Ctx, resource: Resource, action: Action): Scope {
      if (ctx.actor.kind === 'operator') return { ...rules.scope(ctx.actor, resource, action), all: true };
      return rules.scope(ctx.actor, resource, action);
    },

    /**
     * The route-level gate: may the actor do this action on any object of this resource at all? On a
     * route about one object (`objectId`), a signed-in actor who may not read such objects gets 404.
     */
    async checkRoute(ctx: Ctx, resource: Resource, action: Action, objectId: string | null = null): Promise<void> {
      if (ctx.actor.kind === 'operator' || rules.mayEver(ctx.actor, resource, action)) return;
      await deny(ctx, resource, action, objectId, {});
    },

    audit: deps.audit,
  };
}

export type Access = ReturnType<typeof createAccess>;
