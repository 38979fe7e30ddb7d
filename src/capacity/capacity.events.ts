/** The events the capacity module raises: ids and codes only. */
declare module '../core/events.js' {
  interface DomainEvents {
    'capacity.request_filed': { requestId: string; orgId: string; country: string; channel: string; tags: string[]; kind: string };
    'capacity.match_accepted': { matchId: string; requestId: string; offerId: string; channel: string };
    'capacity.match_delivered': { matchId: string; requestId: string; offerId: string; channel: string };
  }
}

export const CAPACITY_EVENTS = {
  'capacity.request_filed': 'A State (a government organisation) filed a support request (R9), routed to the UN Network on Migration, the Asylum Capacity Support Group or both.',
  'capacity.match_accepted': 'The channel\'s lead agency accepted a proposed match between a State\'s request and an offer: the support is committed.',
  'capacity.match_delivered': 'The support of a match was delivered to the requesting State: the request leaves the unmet demand.',
} as const;
