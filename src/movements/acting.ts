import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ValidationError } from '../core/errors.js';
import type { Action, Resource } from '../core/permissions.js';

/**
 * The organisation an action is taken for: the one named (`asOrg`, required at the console), or the
 * account's only organisation where it may take the action. An account names one of its own; whether it
 * may act there is checked by the caller on that organisation.
 */
export async function actingOrg(
  deps: { access: Pick<Access, 'can'>; accounts: Pick<AccountService, 'organisations'> },
  ctx: Ctx, resource: Resource, action: Action, asOrg: string | undefined,
): Promise<{ id: string; slug: string }> {
  const orgs = await deps.accounts.organisations();
  const bySlug = (slug: string) => orgs.find((o) => o.slug === slug.trim().toLowerCase());
  if (ctx.actor.kind === 'operator') {
    if (!asOrg) throw new ValidationError('name the organisation you act for', [{ field: 'asOrg', message: 'required at the console: --as-org SLUG' }]);
    const org = bySlug(asOrg);
    if (!org) throw new ValidationError('unknown organisation', [{ field: 'asOrg', message: `no organisation "${asOrg}"` }]);
    return org;
  }
  const mine = [...new Map(ctx.actor.memberships.filter((m) => deps.access.can(ctx, resource, action, { orgIds: [m.orgId] })).map((m) => [m.orgId, { id: m.orgId, slug: m.orgSlug }])).values()];
  if (asOrg) {
    const own = mine.find((c) => c.slug === asOrg.trim().toLowerCase());
    if (own) return own;
    // Organisations are public: naming one that does not exist is an input error, not a refusal.
    const named = bySlug(asOrg);
    if (!named) throw new ValidationError('unknown organisation', [{ field: 'asOrg', message: `no organisation "${asOrg.trim()}"` }]);
    return named;
  }
  if (mine.length > 1) throw new ValidationError('say which of your organisations you act for', [{ field: 'asOrg', message: `one of ${mine.map((c) => c.slug).join(', ')}` }]);
  const first = mine[0] ?? (ctx.actor.memberships[0] ? { id: ctx.actor.memberships[0].orgId, slug: ctx.actor.memberships[0].orgSlug } : null);
  if (!first) throw new ValidationError('name the organisation you act for', [{ field: 'asOrg', message: 'you belong to no organisation' }]);
  return first;
}
