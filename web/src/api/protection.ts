import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Answer } from './client';
import type { paths } from './schema';

export type PersonPage = Answer<'/api/v1/protection/people'>;
export type Person = Answer<'/api/v1/protection/people/{id}'>;
export type Profile = Answer<'/api/v1/protection/people/{id}/profiles'>[number];
export type ReferralPage = Answer<'/api/v1/protection/referrals'>;
export type ReferralItem = ReferralPage['items'][number];
export type Referral = Answer<'/api/v1/protection/referrals/{id}'>;
export type ReferralQuery = NonNullable<paths['/api/v1/protection/referrals']['get']['parameters']['query']>;
export type ReferralStats = Answer<'/api/v1/protection/referrals/stats'>;
export type NewPerson = paths['/api/v1/protection/people']['post']['requestBody']['content']['application/json'];
export type ProfileAnswers = paths['/api/v1/protection/people/{id}/profiles']['post']['requestBody']['content']['application/json'];
export type NewReferral = paths['/api/v1/protection/referrals']['post']['requestBody']['content']['application/json'];
export type Step = paths['/api/v1/protection/referrals/{id}/steps']['post']['requestBody']['content']['application/json']['step'];

/**
 * The answers of the protection screens. Every one of them is personal or about a person, so none is kept
 * once the screen showing it is gone (`gcTime: 0`), and none is ever prefetched.
 */
const keys = {
  people: (page: { limit: number; offset: number }) => ['protection', 'people', page] as const,
  person: (id: string) => ['protection', 'person', id] as const,
  profiles: (id: string) => ['protection', 'person', id, 'profiles'] as const,
  referrals: (query: ReferralQuery) => ['protection', 'referrals', query] as const,
  referral: (id: string) => ['protection', 'referral', id] as const,
  stats: (country?: string) => ['protection', 'stats', country ?? ''] as const,
};
const personal = { gcTime: 0 } as const;

export const protectionQueries = {
  people: (page: { limit: number; offset: number }) => queryOptions({
    ...personal, queryKey: keys.people(page),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/protection/people', { params: { query: page }, signal })),
  }),
  person: (id: string) => queryOptions({
    ...personal, queryKey: keys.person(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/protection/people/{id}', { params: { path: { id } }, signal })),
  }),
  profiles: (id: string) => queryOptions({
    ...personal, queryKey: keys.profiles(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/protection/people/{id}/profiles', { params: { path: { id } }, signal })),
  }),
  referrals: (query: ReferralQuery) => queryOptions({
    ...personal, queryKey: keys.referrals(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/protection/referrals', { params: { query }, signal })),
  }),
  referral: (id: string) => queryOptions({
    ...personal, queryKey: keys.referral(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/protection/referrals/{id}', { params: { path: { id } }, signal })),
  }),
  stats: (country?: string) => queryOptions({
    queryKey: keys.stats(country),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/protection/referrals/stats', { params: { query: country ? { country } : {} }, signal })),
  }),
  rules: () => queryOptions({
    queryKey: ['protection', 'rules'], staleTime: 5 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/protection/pathway-rules', { signal })),
  }),
};

/** Writes say what they changed: a referral's step changes it, both boxes and the aggregates; a person, their lists. */
export const protectionChanged = {
  referral: (client: QueryClient, answer: Referral) => {
    client.setQueryData(keys.referral(answer.id), answer);
    return Promise.all([
      client.invalidateQueries({ queryKey: ['protection', 'referrals'] }),
      client.invalidateQueries({ queryKey: ['protection', 'stats'] }),
    ]);
  },
  person: (client: QueryClient, id?: string) => Promise.all([
    client.invalidateQueries({ queryKey: ['protection', 'people'] }),
    id && client.invalidateQueries({ queryKey: keys.person(id) }),
  ]),
};
