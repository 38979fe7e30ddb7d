import type { Action, ActorInfo, ObjectFacts, PolicyRule, Relation, Resource } from '../core/permissions.js';

declare module '../core/permissions.js' {
  interface ObjectFacts {
    /**
     * Organisations that receive the object's data under a data-sharing agreement in force today (the
     * module that keeps agreements computes them): the `shared` relation holds for their members.
     */
    sharedOrgIds?: readonly string[];
  }
}

/**
 * The decision itself, pure: the same actor, object and rules give the same answer. The rules are every
 * module's `*.policy.ts`, assembled by the app.
 */
export interface Authorizer {
  /** The rules that could ever let this actor do this action on this resource, whatever the object. */
  candidateRules(actor: ActorInfo, resource: Resource, action: Action): Array<{ rule: PolicyRule; orgId: string | null }>;
  /** Is this action on this object permitted? */
  permits(actor: ActorInfo, resource: Resource, action: Action, facts?: ObjectFacts): boolean;
  /** May the actor do this action on some object of this resource (the route-level check)? */
  mayEver(actor: ActorInfo, resource: Resource, action: Action): boolean;
  /** Which objects the actor may act on, as data a repository turns into a `where` clause. */
  scope(actor: ActorInfo, resource: Resource, action: Action): Scope;
}

/**
 * The objects of a resource an actor may act on, by relation: `all` when a rule with relation `any` holds,
 * else the organisations through which each relation holds (own_org: the object belongs to one of them;
 * co_lead: one of them co-leads its platform or leads its sector; …) and the user for `self`.
 * A repository turns it into a `where` clause, so a list reads only the rows the actor may see.
 */
export interface Scope {
  all: boolean;
  orgs: { [R in Exclude<Relation, 'any' | 'self'>]: string[] };
  self: string | null;
}

export const NOTHING: Scope = { all: false, orgs: { own_org: [], agency: [], concerned: [], co_lead: [], shared: [] }, self: null };

/** Does the scope let anything through at all? */
export const scopeIsEmpty = (s: Scope) => !s.all && s.self === null && Object.values(s.orgs).every((o) => o.length === 0);

function holds(relation: Relation, orgId: string | null, actor: ActorInfo, facts: ObjectFacts): boolean {
  switch (relation) {
    case 'any': return true;
    case 'own_org': return orgId !== null && (facts.orgIds ?? []).includes(orgId);
    case 'self': return actor.userId !== null && facts.userId === actor.userId;
    case 'agency': return orgId !== null && facts.agencyOrgId === orgId;
    case 'concerned': return orgId !== null && (facts.concernedOrgIds ?? []).includes(orgId);
    case 'co_lead': return orgId !== null && (facts.coLeadOrgIds ?? []).includes(orgId);
    case 'shared': return orgId !== null && (facts.sharedOrgIds ?? []).includes(orgId);
    default: return false;
  }
}

/** The authorizer over these rules. */
export function authorizer(policy: readonly PolicyRule[]): Authorizer {
  // Rules by resource and action, so that a decision looks at a handful of rules, not all of them.
  const index = new Map<string, PolicyRule[]>();
  for (const r of policy) index.set(`${r.resource}|${r.action}`, [...(index.get(`${r.resource}|${r.action}`) ?? []), r]);

  function candidateRules(actor: ActorInfo, resource: Resource, action: Action) {
    if (actor.readOnly && action !== 'read') return [];
    const rules = index.get(`${resource}|${action}`) ?? [];
    const out: Array<{ rule: PolicyRule; orgId: string | null }> = [];
    for (const r of rules) {
      if (r.role === 'anonymous') out.push({ rule: r, orgId: null });
      else if (r.role === 'account') { if (actor.userId !== null) out.push({ rule: r, orgId: null }); }
      else for (const m of actor.memberships) if (m.role === r.role) out.push({ rule: r, orgId: m.orgId });
    }
    return out;
  }

  return {
    candidateRules,
    permits: (actor, resource, action, facts = {}) =>
      candidateRules(actor, resource, action).some(({ rule: r, orgId }) => holds(r.relation, orgId, actor, facts)),
    mayEver: (actor, resource, action) => candidateRules(actor, resource, action).length > 0,
    scope(actor, resource, action) {
      const out: Scope = { all: false, orgs: { own_org: [], agency: [], concerned: [], co_lead: [], shared: [] }, self: null };
      for (const { rule: r, orgId } of candidateRules(actor, resource, action)) {
        if (r.relation === 'any') out.all = true;
        else if (r.relation === 'self') out.self = actor.userId;
        else if (orgId !== null && !out.orgs[r.relation].includes(orgId)) out.orgs[r.relation].push(orgId);
      }
      return out;
    },
  };
}
