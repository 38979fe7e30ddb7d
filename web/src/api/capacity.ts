import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Answer } from './client';
import type { paths } from './schema';

export type Vocabulary = Answer<'/api/v1/capacity/vocabulary'>;
export type Names = Vocabulary['kinds'][number]['names'];
export type RequestPage = Answer<'/api/v1/capacity/requests'>;
export type SupportRequest = Answer<'/api/v1/capacity/requests/{id}'>;
export type RequestQuery = NonNullable<paths['/api/v1/capacity/requests']['get']['parameters']['query']>;
export type OfferPage = Answer<'/api/v1/capacity/offers'>;
export type Offer = Answer<'/api/v1/capacity/offers/{id}'>;
export type OfferQuery = NonNullable<paths['/api/v1/capacity/offers']['get']['parameters']['query']>;
export type Suggestions = Answer<'/api/v1/capacity/requests/{id}/suggestions'>;
export type Match = Answer<'/api/v1/capacity/matches/{id}'>;
export type NewRequest = paths['/api/v1/capacity/requests']['post']['requestBody']['content']['application/json'];
export type NewOffer = paths['/api/v1/capacity/offers']['post']['requestBody']['content']['application/json'];
export type MatchStep = paths['/api/v1/capacity/matches/{id}/steps']['post']['requestBody']['content']['application/json']['step'];
export type SupportKind = NewRequest['kind'];
export type AsylumNeed = NonNullable<NewRequest['asylumNeeds']>[number];
export type Objective = NonNullable<NewRequest['objectives']>[number];
export type Channel = SupportRequest['channel'];
export type Displacement = Answer<'/api/v1/situations/{ref}/displacement'>;
export type ClustersBody = paths['/api/v1/situations/{ref}/clusters']['put']['requestBody']['content']['application/json'];
export type DisasterBody = paths['/api/v1/situations/{ref}/disaster']['put']['requestBody']['content']['application/json'];
export type Cluster = ClustersBody['clusters'][number]['cluster'];
export type Hazard = DisasterBody['hazard'];

export const CHANNELS = ['unnm', 'acsg', 'both'] as const satisfies readonly Channel[];
export const MATCH_STEPS = ['accept', 'decline', 'deliver', 'evaluate', 'withdraw'] as const satisfies readonly MatchStep[];
export const MATCH_STATUSES = ['proposed', 'accepted', 'delivered', 'evaluated', 'declined', 'withdrawn'] as const satisfies readonly Match['status'][];
export const REQUEST_STATUSES = ['open', 'proposed', 'accepted', 'delivered'] as const satisfies readonly SupportRequest['status'][];

const keys = {
  requests: (q: RequestQuery) => ['capacity', 'requests', q] as const,
  request: (id: string) => ['capacity', 'request', id] as const,
  offers: (q: OfferQuery) => ['capacity', 'offers', q] as const,
  view: (name: string) => ['capacity', 'view', name] as const,
  displacement: (ref: string) => ['situation', ref, 'displacement'] as const,
};

export const capacityQueries = {
  /** The Compacts' objectives, needs, kinds, clusters and hazards, named in five languages: the same for everyone. */
  vocabulary: () => queryOptions({
    queryKey: ['capacity', 'vocabulary'], staleTime: Infinity,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/capacity/vocabulary', { signal })),
  }),
  requests: (q: RequestQuery) => queryOptions({
    queryKey: keys.requests(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/capacity/requests', { params: { query: q }, signal })),
  }),
  request: (id: string) => queryOptions({
    queryKey: keys.request(id), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/capacity/requests/{id}', { params: { path: { id } }, signal })),
  }),
  suggestions: (id: string) => queryOptions({
    queryKey: [...keys.request(id), 'suggestions'], queryFn: ({ signal }) => unwrap(api.GET('/api/v1/capacity/requests/{id}/suggestions', { params: { path: { id } }, signal })),
  }),
  matches: (id: string) => queryOptions({
    queryKey: [...keys.request(id), 'matches'], queryFn: ({ signal }) => unwrap(api.GET('/api/v1/capacity/requests/{id}/matches', { params: { path: { id } }, signal })),
  }),
  offers: (q: OfferQuery) => queryOptions({
    queryKey: keys.offers(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/capacity/offers', { params: { query: q }, signal })),
  }),
  unmetDemand: () => queryOptions({ queryKey: keys.view('unmet'), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/capacity/views/unmet-demand', { signal })) }),
  pledges: () => queryOptions({ queryKey: keys.view('pledges'), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/capacity/views/pledges', { signal })) }),
  timeToMatch: () => queryOptions({ queryKey: keys.view('time'), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/capacity/views/time-to-match', { signal })) }),
  displacement: (ref: string) => queryOptions({
    queryKey: keys.displacement(ref), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/situations/{ref}/displacement', { params: { path: { ref } }, signal })),
  }),
};

/** What each write makes stale: a request or offer filed, the lists and views; a match step, its request and the views. */
export const capacityChanged = {
  request: (client: QueryClient, answer?: SupportRequest) => {
    if (answer) client.setQueryData(keys.request(answer.id), answer);
    return Promise.all([
      client.invalidateQueries({ queryKey: ['capacity', 'requests'] }),
      client.invalidateQueries({ queryKey: ['capacity', 'view'] }),
    ]);
  },
  offer: (client: QueryClient) => Promise.all([
    client.invalidateQueries({ queryKey: ['capacity', 'offers'] }),
    client.invalidateQueries({ queryKey: ['capacity', 'view'] }),
  ]),
  match: (client: QueryClient, requestId: string) => Promise.all([
    client.invalidateQueries({ queryKey: keys.request(requestId) }),
    client.invalidateQueries({ queryKey: ['capacity', 'requests'] }),
    client.invalidateQueries({ queryKey: ['capacity', 'view'] }),
  ]),
  displacement: (client: QueryClient, ref: string, answer: Displacement) => client.setQueryData(keys.displacement(ref), answer),
};

/** A vocabulary entry's name in the interface language (English, then the code, when missing). */
export function vocabName(list: ReadonlyArray<{ code: string; names: Names }> | undefined, code: string, lng: string): string {
  const names = list?.find((x) => x.code === code)?.names;
  return names ? (names as Record<string, string>)[lng] ?? names.en : code;
}
