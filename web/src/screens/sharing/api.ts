import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Answer, type User } from '../../api/client';
import type { paths } from '../../api/schema';

export type AgreementPage = Answer<'/api/v1/sharing/agreements'>;
export type Agreement = Answer<'/api/v1/sharing/agreements/{id}'>;
export type AgreementQuery = paths['/api/v1/sharing/agreements']['get']['parameters']['query'];
export type NewAgreement = paths['/api/v1/sharing/agreements']['post']['requestBody']['content']['application/json'];
export type AgreementReport = Answer<'/api/v1/sharing/agreements/{id}/transfers'>;
export type TransferPage = Answer<'/api/v1/sharing/transfers'>;
export type Transfer = TransferPage['items'][number];
export type TransferQuery = paths['/api/v1/sharing/transfers']['get']['parameters']['query'];
export type SharedData = Answer<'/api/v1/sharing/agreements/{id}/data'>;
export type SharedKind = SharedData['kind'];
export type AgreementStatus = Agreement['status'];
export type DataKind = Agreement['kinds'][number];
export type Granularity = Agreement['granularity'];
export type PartyRole = Agreement['parties'][number]['role'];
export type TransferKind = Transfer['kind'];

export const AGREEMENT_STATUSES = ['draft', 'scheduled', 'active', 'lapsed'] as const satisfies readonly AgreementStatus[];
export const DATA_KINDS = ['figures', '5w_reports', 'referral_aggregates', 'flow_counts'] as const satisfies readonly DataKind[];
/** The kinds a receiving party reads here (figures are public: the figures screen shows them to everyone). */
export const SHARED_KINDS = ['5w_reports', 'referral_aggregates', 'flow_counts'] as const satisfies readonly SharedKind[];
export const TRANSFER_KINDS = [...DATA_KINDS, 'referral'] as const satisfies readonly TransferKind[];
export const GRANULARITIES = ['country', 'admin1', 'admin2', 'individual'] as const satisfies readonly Granularity[];
export const PARTY_ROLES = ['provider', 'recipient', 'both'] as const satisfies readonly PartyRole[];
export const DIRECTIONS = ['out', 'in'] as const satisfies readonly NonNullable<TransferQuery['direction']>[];

const keys = {
  agreements: (q: AgreementQuery) => ['sharing', 'agreements', q] as const,
  agreement: (id: string) => ['sharing', 'agreement', id] as const,
  transfers: (q: TransferQuery) => ['sharing', 'transfers', q] as const,
};

export const sharingQueries = {
  agreements: (q: AgreementQuery) => queryOptions({
    queryKey: keys.agreements(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/sharing/agreements', { params: { query: q }, signal })),
  }),
  agreement: (id: string) => queryOptions({
    queryKey: keys.agreement(id), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/sharing/agreements/{id}', { params: { path: { id } }, signal })),
  }),
  report: (id: string, limit: number) => queryOptions({
    queryKey: [...keys.agreement(id), 'report', limit],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/sharing/agreements/{id}/transfers', { params: { path: { id }, query: { limit } }, signal })),
  }),
  transfers: (q: TransferQuery) => queryOptions({
    queryKey: keys.transfers(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/sharing/transfers', { params: { query: q }, signal })),
  }),
};

/**
 * Reads one kind of shared data for one month. Not a cached query: every read is a transfer the server
 * registers, so it happens when the reader asks for it, not when a screen is drawn again.
 */
export const readSharedData = (id: string, kind: SharedKind, month: string) =>
  unwrap(api.GET('/api/v1/sharing/agreements/{id}/data', { params: { path: { id }, query: { kind, month } } }));

/** What each write makes stale: a draft or an approval, the lists and the agreement; a read of shared data, the registers. */
export const sharingChanged = {
  agreement: (client: QueryClient, answer: Agreement) => {
    client.setQueryData(keys.agreement(answer.id), answer);
    return client.invalidateQueries({ queryKey: ['sharing', 'agreements'] });
  },
  transfers: (client: QueryClient, agreementId: string) => Promise.all([
    client.invalidateQueries({ queryKey: ['sharing', 'transfers'] }),
    client.invalidateQueries({ queryKey: [...keys.agreement(agreementId), 'report'] }),
  ]),
};

/**
 * Where an agreement stands, in the words a reader uses: the server's `draft` is "draft" until a party
 * approved it and "awaiting approvals" after; `active` reads "in force".
 */
export type StatusWord = 'draft' | 'awaiting' | 'scheduled' | 'active' | 'lapsed';
export function statusWord(a: Pick<Agreement, 'status' | 'parties'>): StatusWord {
  if (a.status !== 'draft') return a.status;
  return a.parties.some((p) => p.approval) ? 'awaiting' : 'draft';
}

/** Does the party take data under the agreement? */
export const receives = (role: PartyRole) => role === 'recipient' || role === 'both';

/** Is one of the account's organisations a receiving party of the agreement? (The server decides; this only chooses what to offer.) */
export const isRecipient = (a: Pick<Agreement, 'parties'>, user: User | null | undefined) =>
  a.parties.some((p) => receives(p.role) && (user?.memberships ?? []).some((m) => m.orgSlug === p.organisation.slug));

export { fieldMessage } from '../../api/client';
