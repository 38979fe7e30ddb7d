import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Answer } from './client';
import type { paths } from './schema';

export type ConcernPage = Answer<'/api/v1/concerns'>;
export type ConcernItem = ConcernPage['items'][number];
export type Concern = Answer<'/api/v1/concerns/{id}'>;
export type ConcernQuery = NonNullable<paths['/api/v1/concerns']['get']['parameters']['query']>;
export type NewConcern = paths['/api/v1/concerns']['post']['requestBody']['content']['application/json'];
export type NotificationPage = Answer<'/api/v1/notifications'>;
export type Severity = NewConcern['severity'];
export type Level = Concern['level'];
export type SubjectKind = Concern['about']['kind'];

/** The codes the concern screens offer, in the server's order (lowest first). */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const satisfies readonly Severity[];
export const LEVELS = ['country', 'regional', 'headquarters', 'chiefs_of_staff'] as const satisfies readonly Level[];
export const CONCERN_STATUSES = ['open', 'resolution_proposed', 'resolved'] as const satisfies readonly Concern['status'][];
export const SUBJECT_KINDS = ['none', 'situation', 'decision', 'platform', 'referral', 'return'] as const satisfies readonly SubjectKind[];
export const HISTORY_KINDS = ['raised', 'escalated', 'resolution_proposed', 'acknowledged', 'refused'] as const satisfies readonly Concern['history'][number]['kind'][];
export const NOTIFICATION_KINDS = ['raised', 'escalated', 'reached_chiefs_of_staff', 'resolution_proposed', 'resolved', 'refused'] as const satisfies readonly NotificationPage['items'][number]['kind'][];

const keys = {
  list: (query: ConcernQuery) => ['concerns', 'list', query] as const,
  one: (id: string) => ['concerns', 'one', id] as const,
  notifications: (query: { unread?: boolean; limit: number; offset: number }) => ['notifications', query] as const,
};

export const concernQueries = {
  list: (query: ConcernQuery) => queryOptions({
    queryKey: keys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/concerns', { params: { query }, signal })),
  }),
  one: (id: string) => queryOptions({
    queryKey: keys.one(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/concerns/{id}', { params: { path: { id } }, signal })),
  }),
  /** The account's notifications; the header asks only for the unread count (one item), every minute. */
  notifications: (query: { unread?: boolean; limit: number; offset: number }) => queryOptions({
    queryKey: keys.notifications(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/notifications', { params: { query }, signal })),
  }),
};

/** Writes say what they changed: a concern's step changes it, the lists and the notifications (others' steps notify). */
export const concernsChanged = {
  concern: (client: QueryClient, answer: Concern) => {
    client.setQueryData(keys.one(answer.id), answer);
    return Promise.all([
      client.invalidateQueries({ queryKey: ['concerns', 'list'] }),
      client.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
  },
  notifications: (client: QueryClient) => client.invalidateQueries({ queryKey: ['notifications'] }),
};
