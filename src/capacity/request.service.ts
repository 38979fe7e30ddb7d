import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { capacityRepo as repo, visibleOffers, visibleRequests } from './capacity.repo.js';
import {
  channelOfRow, leadOrgIds, offerFacts, presentOffer, presentRequest, requestFacts, type AgencyIds, type Org,
} from './capacity.presenter.js';
import { channelOf, LIVE_MATCH, MATCH_STATUSES, suggestMatches } from './capacity.rules.js';
import { NewOfferBody, NewRequestBody, OfferListQuery, RequestListQuery } from './capacity.schemas.js';
import type { SupportOfferTable, SupportRequestTable } from './capacity.tables.js';
import { SUPPORT_KINDS } from './capacity.vocabulary.js';

const checkRequest = inputCheck(NewRequestBody, 'support request');
const checkOffer = inputCheck(NewOfferBody, 'offer of support');
const checkRequestList = inputCheck(RequestListQuery, 'list of support requests');
const checkOfferList = inputCheck(OfferListQuery, 'list of offers');

export interface CapacityDeps {
  db: Kysely<DB>;
  events: EventBus;
  access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>;
  accounts: Pick<AccountService, 'agencyOrgIds'>;
  now: () => Date;
}

/** The facts a list is gated on: whatever relation the actor holds through its own organisations (an administrator's `any` passes too). */
export const ownFacts = (ctx: Ctx) => {
  const mine = ctx.actor.memberships.map((m) => m.orgId);
  return { orgIds: mine, concernedOrgIds: mine, coLeadOrgIds: mine };
};

/**
 * Support to States (R9): a State's requests, tagged by the Compacts' objectives and asylum-system needs
 * and routed to their channel; offers and pledges from States, agencies and partners; and the offers that
 * suit a request, for the lead agency to propose.
 */
export function createRequestService(deps: CapacityDeps) {
  const { db, access } = deps;

  const orgMap = async (ids: readonly string[]) => new Map<string, Org>((await repo.orgsByIds(db, ids)).map((o) => [o.id, o]));

  /** The organisation named (by short name), or the actor's own. */
  async function organisationFor(ctx: Ctx, slug: string | undefined) {
    const ref = slug?.trim().toLowerCase() ?? ctx.actor.memberships[0]?.orgSlug;
    if (!ref) throw new ValidationError('say which organisation this is for', [{ field: 'organisation', message: 'required' }]);
    const org = await repo.orgBySlug(db, ref);
    if (!org) throw new ValidationError('unknown organisation', [{ field: 'organisation', message: `no organisation "${ref}"` }]);
    return org;
  }

  function tagsOf(input: { objectives?: string[]; asylumNeeds?: string[] }): string[] {
    const tags = [...new Set([...(input.objectives ?? []), ...(input.asylumNeeds ?? [])])];
    if (tags.length === 0) throw new ValidationError('tag at least one objective or asylum-system need', [{ field: 'objectives', message: 'a GCM or GCR objective, or an asylumNeeds entry, is required' }]);
    return tags;
  }

  async function presentRequests(ctx: Ctx, rows: readonly SupportRequestTable[], agencies: AgencyIds) {
    const ids = rows.map((r) => r.id);
    const [tags, regions, matches, orgs] = await Promise.all([
      repo.requestTags(db, ids), repo.regionsOf(db, rows.map((r) => r.country)), repo.matchStatuses(db, ids), orgMap(rows.map((r) => r.org_id)),
    ]);
    return rows.map((r) => presentRequest(r, {
      orgs, tags: tags.filter((t) => t.owner_id === r.id).map((t) => t.tag), region: regions.find((c) => c.iso3 === r.country)?.region ?? null,
      matches: matches.filter((m) => m.request_id === r.id).map((m) => member(MATCH_STATUSES, m.status)),
      propose: ctx.actor.kind !== 'anonymous' && access.can(ctx, 'support_match', 'create', { coLeadOrgIds: leadOrgIds(channelOfRow(r), agencies) }),
    }));
  }

  async function presentOffers(rows: readonly SupportOfferTable[]) {
    const ids = rows.map((r) => r.id);
    const [tags, places, orgs] = await Promise.all([repo.offerTags(db, ids), repo.offerPlaces(db, ids), orgMap(rows.map((r) => r.org_id))]);
    return rows.map((r) => presentOffer(r, { orgs, tags: tags.filter((t) => t.owner_id === r.id).map((t) => t.tag), places: places.filter((p) => p.offer_id === r.id) }));
  }

  /** The request, checked for reading: hidden is absent (404). */
  async function loadRequest(ctx: Ctx, id: string) {
    const row = await repo.requestById(db, id);
    const agencies = await deps.accounts.agencyOrgIds();
    const facts = row ? requestFacts(row, agencies, await repo.offerOrgsOfRequest(db, row.id)) : {};
    await access.check(ctx, 'support_request', 'read', { id, facts });
    if (!row) throw new NotFoundError('support request');
    return { row, agencies };
  }

  /** The offer, checked for reading; the lead brokering a request (`forRequest`) sees every offer that suits it. */
  async function loadOffer(ctx: Ctx, id: string, forRequest?: SupportRequestTable) {
    const row = await repo.offerById(db, id);
    const agencies = await deps.accounts.agencyOrgIds();
    const brokering = forRequest && access.can(ctx, 'support_match', 'create', { coLeadOrgIds: leadOrgIds(channelOfRow(forRequest), agencies) });
    if (!brokering) await access.check(ctx, 'support_offer', 'read', { id, facts: row ? offerFacts(row, agencies, await repo.requestOrgsOfOffer(db, row.id)) : {} });
    if (!row) throw new NotFoundError('offer of support');
    return { row, agencies };
  }

  return {
    loadRequest,
    loadOffer,

    /** A government organisation's staff file a request for their country; it goes to its channel, whose lead is told by the event. */
    async file(ctx: Ctx, raw: unknown) {
      const input = checkRequest(raw);
      // By default the State the actor works for: the first of its organisations that is a government.
      const mine = await repo.orgsByIds(db, ctx.actor.memberships.map((m) => m.orgId));
      const org = await organisationFor(ctx, input.organisation ?? mine.find((o) => o.kind === 'government')?.slug);
      await access.check(ctx, 'support_request', 'create', { facts: { orgIds: [org.id] } });
      const problems: ErrorDetail[] = [];
      if (org.kind !== 'government') problems.push({ field: 'organisation', message: `a support request comes from a State: "${org.slug}" is not a government organisation (${org.kind})` });
      const country = input.country.toUpperCase();
      if (!(await repo.country(db, country))) problems.push({ field: 'country', message: `unknown ISO3 code "${country}"` });
      const description = input.description.trim();
      if (!description) problems.push({ field: 'description', message: 'must not be blank' });
      if (problems.length) throw new ValidationError('the support request is not valid', problems);
      const tags = tagsOf(input);
      const channel = channelOf(tags)!;
      const row: SupportRequestTable = {
        id: newId(), org_id: org.id, country, kind: input.kind, channel, description, filed_by: ctx.actor.label, filed_at: deps.now().toISOString(),
      };
      await deps.events.transaction(async (tx) => {
        await repo.insertRequest(tx.db, row, tags);
        await access.audit.record(ctx, { action: 'create', resource: 'support_request', objectId: row.id, outcome: 'allowed', concernedOrgs: [org.id] }, tx.db);
        await tx.emit('capacity.request_filed', { requestId: row.id, orgId: org.id, country, channel, tags, kind: input.kind });
      });
      return (await presentRequests(ctx, [row], await deps.accounts.agencyOrgIds()))[0]!;
    },

    async getRequest(ctx: Ctx, id: string) {
      const { row, agencies } = await loadRequest(ctx, id);
      return (await presentRequests(ctx, [row], agencies))[0]!;
    },

    /** The requests the actor may read, newest first. */
    async listRequests(ctx: Ctx, raw: unknown) {
      await access.check(ctx, 'support_request', 'read', { facts: ownFacts(ctx) });
      const q = checkRequestList(raw);
      const agencies = await deps.accounts.agencyOrgIds();
      const page = await repo.requestPage(db, visibleRequests(access.scope(ctx, 'support_request', 'read'), agencies), { channel: q.channel, country: q.country?.toUpperCase() }, q.limit, q.offset);
      return { items: await presentRequests(ctx, page.items, agencies), total: page.total, limit: q.limit, offset: q.offset };
    },

    /** States, agencies and partners offer or pledge support, for their own organisation. */
    async offer(ctx: Ctx, raw: unknown) {
      const input = checkOffer(raw);
      const org = await organisationFor(ctx, input.organisation);
      await access.check(ctx, 'support_offer', 'create', { facts: { orgIds: [org.id] } });
      const problems: ErrorDetail[] = [];
      const countries = [...new Set((input.countries ?? []).map((c) => c.toUpperCase()))];
      for (const [i, c] of countries.entries()) if (!(await repo.country(db, c))) problems.push({ field: `countries[${i}]`, message: `unknown ISO3 code "${c}"` });
      const known = await repo.regionNames(db);
      const regions = [...new Set((input.regions ?? []).map((r) => r.trim()))];
      regions.forEach((r, i) => { if (!known.has(r)) problems.push({ field: `regions[${i}]`, message: `"${r}" is not a UN M49 region or sub-region` }); });
      const description = input.description.trim();
      if (!description) problems.push({ field: 'description', message: 'must not be blank' });
      if (problems.length) throw new ValidationError('the offer is not valid', problems);
      const tags = tagsOf(input);
      const row: SupportOfferTable = {
        id: newId(), org_id: org.id, kind: input.kind, channel: channelOf(tags)!, description, amount_usd: input.amountUsd ?? null,
        created_by: ctx.actor.label, created_at: deps.now().toISOString(),
      };
      await deps.events.transaction(async (tx) => {
        await repo.insertOffer(tx.db, row, tags, [...countries.map((code) => ({ scope: 'country' as const, code })), ...regions.map((code) => ({ scope: 'region' as const, code }))]);
        await access.audit.record(ctx, { action: 'create', resource: 'support_offer', objectId: row.id, outcome: 'allowed', concernedOrgs: [org.id] }, tx.db);
      });
      return (await presentOffers([row]))[0]!;
    },

    async getOffer(ctx: Ctx, id: string) {
      const { row } = await loadOffer(ctx, id);
      return (await presentOffers([row]))[0]!;
    },

    async listOffers(ctx: Ctx, raw: unknown) {
      await access.check(ctx, 'support_offer', 'read', { facts: ownFacts(ctx) });
      const q = checkOfferList(raw);
      const agencies = await deps.accounts.agencyOrgIds();
      const page = await repo.offerPage(db, visibleOffers(access.scope(ctx, 'support_offer', 'read'), agencies), { kind: q.kind }, q.limit, q.offset);
      return { items: await presentOffers(page.items), total: page.total, limit: q.limit, offset: q.offset };
    },

    /**
     * The offers that suit a request (same objective or need, same kind, reaching its country), best first,
     * leaving out those already matched to it: for whoever may propose a match on it (the channel's lead).
     */
    async suggestions(ctx: Ctx, id: string) {
      const { row, agencies } = await loadRequest(ctx, id);
      await access.check(ctx, 'support_match', 'create', { facts: { coLeadOrgIds: leadOrgIds(channelOfRow(row), agencies) } });
      const tags = (await repo.requestTags(db, [row.id])).map((t) => t.tag);
      const place = await repo.country(db, row.country);
      const candidates = await repo.candidateOffers(db, row.kind, tags);
      const ids = candidates.map((o) => o.id);
      const [offerTags, places] = await Promise.all([repo.offerTags(db, ids), repo.offerPlaces(db, ids)]);
      const live = new Set((await repo.matchStatuses(db, [row.id])).filter((m) => LIVE_MATCH.includes(member(MATCH_STATUSES, m.status))).map((m) => m.offer_id));
      const suggested = suggestMatches(
        { tags, kind: member(SUPPORT_KINDS, row.kind), country: row.country, region: place?.region ?? null, subregion: place?.subregion ?? null },
        candidates.map((o) => ({
          id: o.id, kind: member(SUPPORT_KINDS, o.kind), createdAt: o.created_at, tags: offerTags.filter((t) => t.owner_id === o.id).map((t) => t.tag),
          countries: places.filter((p) => p.offer_id === o.id && p.scope === 'country').map((p) => p.code),
          regions: places.filter((p) => p.offer_id === o.id && p.scope === 'region').map((p) => p.code),
        })),
        live,
      ).slice(0, 50);
      const presented = await presentOffers(suggested.map((s) => candidates.find((o) => o.id === s.offerId)!));
      return { request: row.id, items: suggested.map((s, i) => ({ offer: presented[i]!, sharedTags: s.sharedTags, reach: s.reach })) };
    },
  };
}

export type RequestService = ReturnType<typeof createRequestService>;
