import type { ObjectFacts } from '../core/permissions.js';
import { member } from '../core/validate.js';
import { CHANNELS, leadsOf, MATCH_STATUSES, requestStatus, type Channel, type LeadAgency, type MatchStatus } from './capacity.rules.js';
import type { SupportMatchStepTable, SupportMatchTable, SupportOfferTable, SupportRequestTable } from './capacity.tables.js';
import { SUPPORT_KINDS } from './capacity.vocabulary.js';

/** IOM's and UNHCR's organisation ids. */
export type AgencyIds = Record<LeadAgency, string>;
export type Org = { id: string; slug: string; name: string };

export const channelOfRow = (row: { channel: string }): Channel => member(CHANNELS, row.channel);
/** The organisation ids of the agencies that lead a channel. */
export const leadOrgIds = (channel: Channel, agencies: AgencyIds) => leadsOf(channel).map((a) => agencies[a]);

/** A request's facts: the State (own_org), its channel's leads (co_lead), the offerers matched to it (concerned). */
export function requestFacts(row: Pick<SupportRequestTable, 'org_id' | 'channel'>, agencies: AgencyIds, offerOrgIds: readonly string[]): ObjectFacts {
  return { orgIds: [row.org_id], coLeadOrgIds: leadOrgIds(channelOfRow(row), agencies), concernedOrgIds: [...offerOrgIds] };
}

/** An offer's facts: the offering organisation (own_org), its channel's leads (co_lead), the States it is matched to (concerned). */
export function offerFacts(row: Pick<SupportOfferTable, 'org_id' | 'channel'>, agencies: AgencyIds, requestOrgIds: readonly string[]): ObjectFacts {
  return { orgIds: [row.org_id], coLeadOrgIds: leadOrgIds(channelOfRow(row), agencies), concernedOrgIds: [...requestOrgIds] };
}

/** A match's facts: the offerer (own_org), the requesting State (concerned), the leads of the request's channel (co_lead). */
export function matchFacts(request: Pick<SupportRequestTable, 'org_id' | 'channel'>, offer: Pick<SupportOfferTable, 'org_id'>, agencies: AgencyIds): ObjectFacts {
  return { orgIds: [offer.org_id], concernedOrgIds: [request.org_id], coLeadOrgIds: leadOrgIds(channelOfRow(request), agencies) };
}

const orgRef = (orgs: ReadonlyMap<string, Org>, id: string) => {
  const o = orgs.get(id);
  return { slug: o?.slug ?? 'unknown', name: o?.name ?? 'unknown' };
};

const split = (tags: readonly string[]) => ({
  objectives: tags.filter((t) => /^(GCM|GCR)-\d+$/.test(t)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
  asylumNeeds: tags.filter((t) => !/^(GCM|GCR)-\d+$/.test(t)).sort(),
});

export function presentRequest(row: SupportRequestTable, ctx: { orgs: ReadonlyMap<string, Org>; tags: readonly string[]; region: string | null; matches: readonly MatchStatus[]; propose: boolean }) {
  const channel = channelOfRow(row);
  return {
    id: row.id, organisation: orgRef(ctx.orgs, row.org_id), country: row.country, region: ctx.region, kind: member(SUPPORT_KINDS, row.kind),
    channel, leads: leadsOf(channel), ...split(ctx.tags), description: row.description, filedAt: row.filed_at,
    status: requestStatus(ctx.matches), can: { propose: ctx.propose },
  };
}

export function presentOffer(row: SupportOfferTable, ctx: { orgs: ReadonlyMap<string, Org>; tags: readonly string[]; places: ReadonlyArray<{ scope: string; code: string }> }) {
  const channel = channelOfRow(row);
  return {
    id: row.id, organisation: orgRef(ctx.orgs, row.org_id), kind: member(SUPPORT_KINDS, row.kind), channel, leads: leadsOf(channel), ...split(ctx.tags),
    countries: ctx.places.filter((p) => p.scope === 'country').map((p) => p.code), regions: ctx.places.filter((p) => p.scope === 'region').map((p) => p.code),
    amountUsd: row.amount_usd === null ? null : Number(row.amount_usd), description: row.description, createdAt: row.created_at,
  };
}

export interface MatchCan { accept: boolean; decline: boolean; deliver: boolean; evaluate: boolean; withdraw: boolean }

export function presentMatch(m: SupportMatchTable, ctx: {
  request: SupportRequestTable; offer: SupportOfferTable; orgs: ReadonlyMap<string, Org>; steps: readonly SupportMatchStepTable[]; can: MatchCan;
}) {
  const channel = channelOfRow(ctx.request);
  return {
    id: m.id, status: member(MATCH_STATUSES, m.status), channel, leads: leadsOf(channel),
    request: { id: ctx.request.id, country: ctx.request.country, organisation: orgRef(ctx.orgs, ctx.request.org_id) },
    offer: { id: ctx.offer.id, kind: member(SUPPORT_KINDS, ctx.offer.kind), organisation: orgRef(ctx.orgs, ctx.offer.org_id) },
    amountUsd: m.amount_usd === null ? null : Number(m.amount_usd), rating: m.rating === null ? null : Number(m.rating),
    proposedAt: m.proposed_at, acceptedAt: m.accepted_at, deliveredAt: m.delivered_at, evaluatedAt: m.evaluated_at, closedAt: m.closed_at,
    steps: ctx.steps.map((s) => ({
      step: s.step, status: member(MATCH_STATUSES, s.status), actor: s.actor,
      organisation: s.actor_org === null ? null : (ctx.orgs.get(s.actor_org)?.slug ?? null), at: s.at, note: s.note,
    })),
    can: ctx.can,
  };
}
