/**
 * R9, pure: which channel a State's request goes through and who leads it, which offers suit a request,
 * the life of a match, and the figures of the views. No I/O: the service reads, asks these, and writes.
 */
import { ASYLUM_NEEDS, SUPPORT_KINDS, type SupportKind } from './capacity.vocabulary.js';

/** `unnm`: the UN Network on Migration (GCM objectives, IOM coordinates); `acsg`: the Asylum Capacity Support Group (GCR objectives and asylum-system needs, UNHCR leads). */
export const CHANNELS = ['unnm', 'acsg', 'both'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LEAD_AGENCIES = ['iom', 'unhcr'] as const;
export type LeadAgency = (typeof LEAD_AGENCIES)[number];

const isGcm = (tag: string) => /^GCM-\d+$/.test(tag);
const isProtection = (tag: string) => /^GCR-\d+$/.test(tag) || (ASYLUM_NEEDS as readonly string[]).includes(tag);

/**
 * The channel of a set of tags: GCM objectives go to the UN Network on Migration, GCR objectives and
 * asylum-system needs to the Asylum Capacity Support Group, both when both are asked for; null when no tag
 * says (a request must carry one).
 */
export function channelOf(tags: readonly string[]): Channel | null {
  const gcm = tags.some(isGcm);
  const protection = tags.some(isProtection);
  if (gcm && protection) return 'both';
  if (gcm) return 'unnm';
  if (protection) return 'acsg';
  return null;
}

/** Who leads a channel: IOM coordinates the UN Network on Migration, UNHCR leads the ACSG; both for a request that spans them. */
export function leadsOf(channel: Channel): LeadAgency[] {
  if (channel === 'unnm') return ['iom'];
  if (channel === 'acsg') return ['unhcr'];
  return ['iom', 'unhcr'];
}

/** The channels an agency leads, for a `where` clause. */
export function channelsLedBy(agency: LeadAgency): Channel[] {
  return agency === 'iom' ? ['unnm', 'both'] : ['acsg', 'both'];
}

// ---- Matches -----------------------------------------------------------------------------------------

export const MATCH_STATUSES = ['proposed', 'accepted', 'delivered', 'evaluated', 'declined', 'withdrawn'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

export const MATCH_STEPS = ['accept', 'decline', 'deliver', 'evaluate', 'withdraw'] as const;
export type MatchStep = (typeof MATCH_STEPS)[number];

/** Who takes a step: the channel's lead agency, the offering organisation, the requesting State. */
export type Party = 'lead' | 'offerer' | 'requester';

/** Each step: from which statuses, to which, and who may take it (the lead may always act for the others). */
export const MATCH_TRANSITIONS: Record<MatchStep, { from: readonly MatchStatus[]; to: MatchStatus; by: readonly Party[] }> = {
  accept: { from: ['proposed'], to: 'accepted', by: ['lead'] },
  decline: { from: ['proposed'], to: 'declined', by: ['lead'] },
  deliver: { from: ['accepted'], to: 'delivered', by: ['lead', 'offerer'] },
  evaluate: { from: ['delivered'], to: 'evaluated', by: ['lead', 'requester'] },
  withdraw: { from: ['proposed', 'accepted'], to: 'withdrawn', by: ['lead', 'offerer'] },
};

/** Matches that still count: not declined nor withdrawn. */
export const LIVE_MATCH: readonly MatchStatus[] = ['proposed', 'accepted', 'delivered', 'evaluated'];
/** Matches whose support reached the State. */
export const DELIVERED_MATCH: readonly MatchStatus[] = ['delivered', 'evaluated'];

export type StepOutcome = { ok: true; to: MatchStatus } | { ok: false; reason: string };

/** The status a step leads to, or why it cannot be taken from here (the service answers 409, naming the state). */
export function nextMatchStatus(from: MatchStatus, step: MatchStep): StepOutcome {
  const t = MATCH_TRANSITIONS[step];
  if (t.from.includes(from)) return { ok: true, to: t.to };
  return { ok: false, reason: `a match that is ${from} cannot be ${pastTense(step)}: only a match that is ${t.from.join(' or ')} can` };
}

function pastTense(step: MatchStep): string {
  return step === 'accept' ? 'accepted' : step === 'decline' ? 'declined' : step === 'deliver' ? 'delivered' : step === 'evaluate' ? 'evaluated' : 'withdrawn';
}

/** A request's standing, from its matches: delivered once any support reached it, else how far the furthest match got. */
export function requestStatus(matches: readonly MatchStatus[]): 'open' | 'proposed' | 'accepted' | 'delivered' {
  if (matches.some((m) => DELIVERED_MATCH.includes(m))) return 'delivered';
  if (matches.includes('accepted')) return 'accepted';
  if (matches.includes('proposed')) return 'proposed';
  return 'open';
}

// ---- Suggested matches -------------------------------------------------------------------------------

export interface RequestFacts { tags: readonly string[]; kind: SupportKind; country: string; region: string | null; subregion: string | null }
export interface OfferFacts { id: string; tags: readonly string[]; kind: SupportKind; countries: readonly string[]; regions: readonly string[]; createdAt: string }

/** Where an offer reaches the request's country: by naming it, its sub-region, its region, or anywhere (no place named). */
export type Reach = 'country' | 'subregion' | 'region' | 'anywhere';
const REACH_RANK: Record<Reach, number> = { country: 0, subregion: 1, region: 2, anywhere: 3 };

export function reachOf(request: Pick<RequestFacts, 'country' | 'region' | 'subregion'>, offer: Pick<OfferFacts, 'countries' | 'regions'>): Reach | null {
  if (offer.countries.includes(request.country)) return 'country';
  if (request.subregion && offer.regions.includes(request.subregion)) return 'subregion';
  if (request.region && offer.regions.includes(request.region)) return 'region';
  if (offer.countries.length === 0 && offer.regions.length === 0) return 'anywhere';
  return null;
}

export interface Suggestion { offerId: string; sharedTags: string[]; reach: Reach }

/**
 * Offers that suit a request: at least one objective or need in common, the same kind of support, and a
 * reach that includes the request's country. Best first: more tags in common, then nearer reach (a country
 * named before its region, before anywhere), then the older offer.
 */
export function suggestMatches(request: RequestFacts, offers: readonly OfferFacts[], exclude: ReadonlySet<string> = new Set()): Suggestion[] {
  const out: Array<Suggestion & { createdAt: string }> = [];
  for (const o of offers) {
    if (exclude.has(o.id) || o.kind !== request.kind) continue;
    const sharedTags = request.tags.filter((t) => o.tags.includes(t));
    if (sharedTags.length === 0) continue;
    const reach = reachOf(request, o);
    if (!reach) continue;
    out.push({ offerId: o.id, sharedTags, reach, createdAt: o.createdAt });
  }
  out.sort((a, b) => b.sharedTags.length - a.sharedTags.length || REACH_RANK[a.reach] - REACH_RANK[b.reach] || a.createdAt.localeCompare(b.createdAt) || a.offerId.localeCompare(b.offerId));
  return out.map(({ offerId, sharedTags, reach }) => ({ offerId, sharedTags, reach }));
}

// ---- Views -------------------------------------------------------------------------------------------

export interface DemandRow { id: string; tags: readonly string[]; region: string | null; country: string; delivered: boolean }

/** Requests not yet delivered, counted by objective (or need) and region; a request counts once under each of its tags. */
export function unmetDemand(requests: readonly DemandRow[]): Array<{ tag: string; region: string; requests: number; countries: string[] }> {
  const cells = new Map<string, { tag: string; region: string; requests: number; countries: Set<string> }>();
  for (const r of requests) {
    if (r.delivered) continue;
    const region = r.region ?? 'Unknown';
    for (const tag of new Set(r.tags)) {
      const key = `${tag}|${region}`;
      const c = cells.get(key) ?? { tag, region, requests: 0, countries: new Set<string>() };
      c.requests++;
      c.countries.add(r.country);
      cells.set(key, c);
    }
  }
  return [...cells.values()]
    .map((c) => ({ tag: c.tag, region: c.region, requests: c.requests, countries: [...c.countries].sort() }))
    .sort((a, b) => b.requests - a.requests || tagOrder(a.tag) - tagOrder(b.tag) || a.region.localeCompare(b.region));
}

/** GCM objectives in number order, then GCR's, then the asylum needs. */
function tagOrder(tag: string): number {
  const m = /^(GCM|GCR)-(\d+)$/.exec(tag);
  if (m) return (m[1] === 'GCM' ? 0 : 100) + Number(m[2]);
  return 200 + (ASYLUM_NEEDS as readonly string[]).indexOf(tag);
}

/** The median of some numbers, or null for none. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const DAY_MS = 86_400_000;

/** Days between two instants, to a tenth of a day. */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round(((Date.parse(toIso) - Date.parse(fromIso)) / DAY_MS) * 10) / 10;
}

export interface MatchTiming { channel: Channel; filedAt: string; firstAcceptedAt: string | null }

/** Time to match: the median days from a request's filing to its first accepted match, overall and by channel; with how many are still waiting. */
export function timeToMatch(requests: readonly MatchTiming[]) {
  const summarise = (rs: readonly MatchTiming[]) => {
    const days = rs.filter((r) => r.firstAcceptedAt !== null).map((r) => daysBetween(r.filedAt, r.firstAcceptedAt!));
    return { requests: rs.length, matched: days.length, waiting: rs.length - days.length, medianDays: median(days) };
  };
  return { overall: summarise(requests), byChannel: CHANNELS.map((channel) => ({ channel, ...summarise(requests.filter((r) => r.channel === channel)) })) };
}

export interface PledgeRow { orgId: string; kind: SupportKind; amountUsd: number | null }
export interface PledgeMatchRow { orgId: string; kind: SupportKind; status: MatchStatus; amountUsd: number | null }

/** Pledges against delivery, by pledging organisation and kind: amounts pledged, committed in accepted matches, and delivered. */
export function pledgesAgainstDelivery(offers: readonly PledgeRow[], matches: readonly PledgeMatchRow[]) {
  const cells = new Map<string, { orgId: string; kind: SupportKind; offers: number; pledgedUsd: number; committedUsd: number; deliveredUsd: number; matchesDelivered: number }>();
  const cell = (orgId: string, kind: SupportKind) => {
    const key = `${orgId}|${kind}`;
    const c = cells.get(key) ?? { orgId, kind, offers: 0, pledgedUsd: 0, committedUsd: 0, deliveredUsd: 0, matchesDelivered: 0 };
    cells.set(key, c);
    return c;
  };
  for (const o of offers) {
    const c = cell(o.orgId, o.kind);
    c.offers++;
    c.pledgedUsd += o.amountUsd ?? 0;
  }
  for (const m of matches) {
    const c = cell(m.orgId, m.kind);
    if (m.status === 'accepted' || DELIVERED_MATCH.includes(m.status)) c.committedUsd += m.amountUsd ?? 0;
    if (DELIVERED_MATCH.includes(m.status)) {
      c.deliveredUsd += m.amountUsd ?? 0;
      c.matchesDelivered++;
    }
  }
  return [...cells.values()].sort((a, b) => a.orgId.localeCompare(b.orgId) || SUPPORT_KINDS.indexOf(a.kind) - SUPPORT_KINDS.indexOf(b.kind));
}
