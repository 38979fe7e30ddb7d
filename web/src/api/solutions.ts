import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, uploadFile, type Answer } from './client';
import type { paths } from './schema';

/** Durable solutions (issue 14): return operations (R5), the pathways strategy and the case pipeline (R10). */
export type ReturnPage = Answer<'/api/v1/returns'>;
export type ReturnOperation = Answer<'/api/v1/returns/{id}'>;
export type ReturnQuery = paths['/api/v1/returns']['get']['parameters']['query'];
export type NewReturn = paths['/api/v1/returns']['post']['requestBody']['content']['application/json'];
export type ReturnStatus = ReturnOperation['status'];
export type Safeguard = ReturnOperation['safeguards'][number]['safeguard'];
export type SafeguardInput = paths['/api/v1/returns/{id}/safeguards/{safeguard}']['put']['requestBody']['content']['application/json'];
export type Declaration = Answer<'/api/v1/returns/{id}/declarations'>['items'][number];
export type DeclarationInput = paths['/api/v1/returns/{id}/declarations']['post']['requestBody']['content']['application/json']['declarations'][number];
export type MovementInput = paths['/api/v1/returns/{id}/movements']['post']['requestBody']['content']['application/json'];
export type MonitoringInput = paths['/api/v1/returns/{id}/monitoring']['post']['requestBody']['content']['application/json'];
export type Step = paths['/api/v1/returns/{id}/steps']['post']['requestBody']['content']['application/json']['step'];
export type AvrrCase = Answer<'/api/v1/returns/{id}/avrr-cases'>['items'][number];
export type AvrrCaseInput = paths['/api/v1/returns/{id}/avrr-cases']['post']['requestBody']['content']['application/json'];
export type AssistanceInput = paths['/api/v1/avrr-cases/{id}/assistance']['post']['requestBody']['content']['application/json'];
export type Strategy = Answer<'/api/v1/strategies/{id}'>;
export type Progress = Answer<'/api/v1/strategies/{id}/progress'>;
export type Pathway = Strategy['targets'][number]['pathway'];
export type CasePage = Answer<'/api/v1/pipeline/cases'>;
export type PipelineCase = Answer<'/api/v1/pipeline/cases/{id}'>;
export type CaseQuery = paths['/api/v1/pipeline/cases']['get']['parameters']['query'];
export type Stage = PipelineCase['stage'];
export type DropReason = paths['/api/v1/pipeline/cases/{id}/drop']['post']['requestBody']['content']['application/json']['reason'];
export type Bottlenecks = Answer<'/api/v1/pipeline/bottlenecks'>;
export type BottleneckQuery = NonNullable<paths['/api/v1/pipeline/bottlenecks']['get']['parameters']['query']>;
export type RegisterUpload = Answer<'/api/v1/returns/{id}/declarations/upload', 'post'>;

/** The codes the screens offer, in the server's order. */
export const RETURN_STATUSES = ['planning', 'safeguards_review', 'approved', 'movements', 'completed', 'monitoring'] as const satisfies readonly ReturnStatus[];
export const SAFEGUARDS = [
  'voluntariness_verified', 'country_of_origin_information_given', 'safety_and_dignity_assessed', 'legal_framework_in_place',
  'continued_asylum_for_those_who_stay', 'returnee_monitoring_planned',
] as const satisfies readonly Safeguard[];
export const CASELOAD_TYPES = ['REF', 'ASY', 'OIP', 'STA', 'RET', 'IDP', 'RDP', 'OOC', 'HST', 'MIG', 'RMG'] as const satisfies readonly (keyof NewReturn['caseload'])[];
export const STAGES = [
  'identification', 'submission', 'selection_interview', 'decision', 'health_assessment', 'pre_departure_orientation', 'movement', 'arrival',
] as const satisfies readonly Stage[];
export const PATHWAYS = ['resettlement', 'family_reunification', 'labour_mobility', 'education', 'humanitarian_admission', 'community_sponsorship'] as const satisfies readonly Pathway[];
export const DROP_REASONS = ['withdrew', 'not_selected', 'negative_decision', 'medical', 'unreachable', 'deceased', 'other'] as const satisfies readonly DropReason[];
export const ASSISTANCE_KINDS = [
  'reception', 'cash', 'business_support', 'education', 'vocational_training', 'medical', 'psychosocial', 'housing', 'employment',
] as const satisfies readonly AssistanceInput['kind'][];
export const CASE_STATUSES = ['active', 'arrived', 'dropped'] as const satisfies readonly PipelineCase['status'][];

const keys = {
  returns: (q: ReturnQuery) => ['solutions', 'returns', q] as const,
  operation: (id: string) => ['solutions', 'return', id] as const,
  strategies: ['solutions', 'strategies'] as const,
  cases: (q: CaseQuery) => ['solutions', 'cases', q] as const,
  case: (id: string) => ['solutions', 'case', id] as const,
};

export const solutionsQueries = {
  returns: (q: ReturnQuery) => queryOptions({ queryKey: keys.returns(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/returns', { params: { query: q }, signal })) }),
  operation: (id: string) => queryOptions({
    queryKey: keys.operation(id), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/returns/{id}', { params: { path: { id } }, signal })),
  }),
  declarations: (id: string) => queryOptions({
    queryKey: [...keys.operation(id), 'declarations'], queryFn: ({ signal }) => unwrap(api.GET('/api/v1/returns/{id}/declarations', { params: { path: { id } }, signal })),
  }),
  avrr: (id: string) => queryOptions({
    queryKey: [...keys.operation(id), 'avrr'], queryFn: ({ signal }) => unwrap(api.GET('/api/v1/returns/{id}/avrr-cases', { params: { path: { id } }, signal })),
  }),
  strategies: () => queryOptions({ queryKey: keys.strategies, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/strategies', { signal })) }),
  progress: (id: string) => queryOptions({
    queryKey: [...keys.strategies, id, 'progress'], queryFn: ({ signal }) => unwrap(api.GET('/api/v1/strategies/{id}/progress', { params: { path: { id } }, signal })),
  }),
  cases: (q: CaseQuery) => queryOptions({ queryKey: keys.cases(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/pipeline/cases', { params: { query: q }, signal })) }),
  case: (id: string) => queryOptions({
    queryKey: keys.case(id), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/pipeline/cases/{id}', { params: { path: { id } }, signal })),
  }),
  bottlenecks: (q: BottleneckQuery) => queryOptions({
    queryKey: ['solutions', 'bottlenecks', q], queryFn: ({ signal }) => unwrap(api.GET('/api/v1/pipeline/bottlenecks', { params: { query: q }, signal })),
  }),
};

/** The writes of a return operation: each answers the operation as it now is. */
export const returnWrites = {
  open: (body: NewReturn) => unwrap(api.POST('/api/v1/returns', { body })),
  safeguard: (id: string, safeguard: Safeguard, body: SafeguardInput) => unwrap(api.PUT('/api/v1/returns/{id}/safeguards/{safeguard}', { params: { path: { id, safeguard } }, body })),
  declare: (id: string, declarations: DeclarationInput[]) => unwrap(api.POST('/api/v1/returns/{id}/declarations', { params: { path: { id } }, body: { declarations } })),
  withdraw: (id: string, reference: string) => unwrap(api.POST('/api/v1/returns/{id}/declarations/{reference}/withdraw', { params: { path: { id, reference } } })),
  object: (id: string, reason: string) => unwrap(api.POST('/api/v1/returns/{id}/objections', { params: { path: { id } }, body: { reason } })),
  step: (id: string, step: Step) => unwrap(api.POST('/api/v1/returns/{id}/steps', { params: { path: { id } }, body: { step } })),
  movement: (id: string, body: MovementInput) => unwrap(api.POST('/api/v1/returns/{id}/movements', { params: { path: { id } }, body })),
  monitor: (id: string, body: MonitoringInput) => unwrap(api.POST('/api/v1/returns/{id}/monitoring', { params: { path: { id } }, body })),
  avrrCase: (id: string, body: AvrrCaseInput) => unwrap(api.POST('/api/v1/returns/{id}/avrr-cases', { params: { path: { id } }, body })),
  assist: (caseId: string, body: AssistanceInput) => unwrap(api.POST('/api/v1/avrr-cases/{id}/assistance', { params: { path: { id: caseId } }, body })),
};

/** Where the register's template downloads (XLSX or HXL CSV). */
export const registerTemplateUrl = (id: string, format: 'xlsx' | 'hxl') => `/api/v1/returns/${encodeURIComponent(id)}/declarations/template?format=${format}`;

/** Sends a filled register (the raw body, with its progress): all or nothing, errors by row and column. */
export const uploadRegister = (id: string, file: File, onProgress: (fraction: number) => void) =>
  uploadFile('/api/v1/returns/{id}/declarations/upload', { path: { id }, query: { filename: file.name } }, file, onProgress);

/** What each write makes stale. */
export const solutionsChanged = {
  operation: (client: QueryClient, answer: ReturnOperation) => {
    client.setQueryData(keys.operation(answer.id), answer);
    return Promise.all([
      client.invalidateQueries({ queryKey: ['solutions', 'returns'] }),
      client.invalidateQueries({ queryKey: [...keys.operation(answer.id), 'declarations'] }),
      client.invalidateQueries({ queryKey: [...keys.operation(answer.id), 'avrr'] }),
    ]);
  },
  register: (client: QueryClient, id: string) => client.invalidateQueries({ queryKey: keys.operation(id) }),
  avrr: (client: QueryClient, id: string) => client.invalidateQueries({ queryKey: [...keys.operation(id), 'avrr'] }),
  case: (client: QueryClient, answer: PipelineCase) => {
    client.setQueryData(keys.case(answer.id), answer);
    return Promise.all([
      client.invalidateQueries({ queryKey: ['solutions', 'cases'] }),
      client.invalidateQueries({ queryKey: ['solutions', 'bottlenecks'] }),
    ]);
  },
};
