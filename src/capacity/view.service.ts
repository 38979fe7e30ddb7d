import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import { capacityRepo as repo } from './capacity.repo.js';
import { channelOfRow } from './capacity.presenter.js';
import { DELIVERED_MATCH, MATCH_STATUSES, pledgesAgainstDelivery, timeToMatch, unmetDemand } from './capacity.rules.js';
import { SUPPORT_KINDS } from './capacity.vocabulary.js';

/**
 * The figures of support to States, over every request and offer (aggregates name no request): unmet demand
 * by objective and region, pledges against delivery, and time to match. For staff, never for anonymous.
 */
export function createCapacityViews(deps: { db: Kysely<DB>; access: Pick<Access, 'check'> }) {
  const { db, access } = deps;

  return {
    /** Requests not yet delivered, by objective (or need) and UN M49 region. */
    async unmetDemand(ctx: Ctx) {
      await access.check(ctx, 'capacity_view', 'read');
      const { rows, tags, matches } = await repo.demand(db);
      const delivered = new Set(matches.filter((m) => DELIVERED_MATCH.includes(member(MATCH_STATUSES, m.status))).map((m) => m.request_id));
      const items = unmetDemand(rows.map((r) => ({
        id: r.id, country: r.country, region: r.region, delivered: delivered.has(r.id), tags: tags.filter((t) => t.owner_id === r.id).map((t) => t.tag),
      })));
      return { requests: rows.filter((r) => !delivered.has(r.id)).length, items };
    },

    /** What each organisation pledged, by kind of support, against what its matches committed and delivered. */
    async pledges(ctx: Ctx) {
      await access.check(ctx, 'capacity_view', 'read');
      const { offers, matches } = await repo.pledges(db);
      const cells = pledgesAgainstDelivery(
        offers.map((o) => ({ orgId: o.org_id, kind: member(SUPPORT_KINDS, o.kind), amountUsd: o.amount_usd === null ? null : Number(o.amount_usd) })),
        matches.map((m) => ({ orgId: m.org_id, kind: member(SUPPORT_KINDS, m.kind), status: member(MATCH_STATUSES, m.status), amountUsd: m.amount_usd === null ? null : Number(m.amount_usd) })),
      );
      const orgs = new Map((await repo.orgsByIds(db, cells.map((c) => c.orgId))).map((o) => [o.id, o]));
      return {
        items: cells.map(({ orgId, ...c }) => ({ organisation: { slug: orgs.get(orgId)?.slug ?? 'unknown', name: orgs.get(orgId)?.name ?? 'unknown' }, ...c })),
      };
    },

    /** The median days from a request's filing to its first accepted match, overall and by channel. */
    async timeToMatch(ctx: Ctx) {
      await access.check(ctx, 'capacity_view', 'read');
      const { rows, matches } = await repo.demand(db);
      const firstAccepted = new Map<string, string>();
      for (const m of matches) {
        if (m.accepted_at === null) continue;
        const seen = firstAccepted.get(m.request_id);
        if (!seen || m.accepted_at < seen) firstAccepted.set(m.request_id, m.accepted_at);
      }
      return timeToMatch(rows.map((r) => ({ channel: channelOfRow(r), filedAt: r.filed_at, firstAcceptedAt: firstAccepted.get(r.id) ?? null })));
    },
  };
}

export type CapacityViews = ReturnType<typeof createCapacityViews>;
