import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Answer } from '../../api/client';
import type { paths } from '../../api/schema';

export type NewSurvey = paths['/api/v1/movements/surveys']['post']['requestBody']['content']['application/json'];
export type SurveyPage = Answer<'/api/v1/movements/surveys'>;
export type Survey = SurveyPage['items'][number];
export type SurveyAggregateQuery = NonNullable<paths['/api/v1/movements/surveys/aggregates']['get']['parameters']['query']>;
export type SurveyAggregate = Answer<'/api/v1/movements/surveys/aggregates'>;
export type SurveyDimension = NonNullable<SurveyAggregateQuery['by']>;

// The codes the API accepts, checked against its schema by the compiler.
export const SURVEY_SEXES = ['female', 'male', 'other', 'undisclosed'] as const satisfies readonly NewSurvey['sex'][];
export const AGE_BANDS = ['under_18', '18_25', '26_35', '36_45', '46_59', '60_plus'] as const satisfies readonly NewSurvey['ageBand'][];
export const SURVEY_REASONS = ['economic', 'conflict_violence', 'persecution', 'family_reunification', 'education', 'natural_disaster', 'lack_of_services', 'other'] as const satisfies readonly NewSurvey['reason'][];
export const SURVEY_TRANSPORTS = ['on_foot', 'bus', 'car', 'truck', 'boat', 'plane', 'train', 'other'] as const satisfies readonly NewSurvey['transport'][];
export const SURVEY_NEEDS = ['food', 'water', 'shelter', 'health', 'cash', 'information', 'legal_assistance', 'documentation', 'protection', 'none'] as const satisfies readonly NewSurvey['needs'][number][];
export const CONSENT_METHODS = ['verbal', 'written'] as const satisfies readonly NewSurvey['consentMethod'][];
export const SURVEY_DIMENSIONS = ['nationality', 'origin', 'reason', 'destination', 'sex_age', 'transport', 'needs'] as const satisfies readonly SurveyDimension[];

/** How many responses a page of the list shows. */
export const SURVEY_PAGE = 20;

const keys = {
  list: (offset: number) => ['surveys', 'list', offset] as const,
  aggregates: (q: SurveyAggregateQuery) => ['surveys', 'aggregates', q] as const,
};

export const surveyQueries = {
  list: (offset: number) => queryOptions({
    queryKey: keys.list(offset), retry: false,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/movements/surveys', { params: { query: { limit: SURVEY_PAGE, offset } }, signal })),
  }),
  aggregates: (q: SurveyAggregateQuery) => queryOptions({
    queryKey: keys.aggregates(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/movements/surveys/aggregates', { params: { query: q }, signal })),
  }),
};

export const recordSurvey = (body: NewSurvey) => unwrap(api.POST('/api/v1/movements/surveys', { body }));
export const withdrawConsent = (id: string) => unwrap(api.POST('/api/v1/movements/surveys/{id}/withdraw', { params: { path: { id } } }));

/** A response recorded or withdrawn: the list and the aggregates are stale. */
export const surveysChanged = (client: QueryClient) => client.invalidateQueries({ queryKey: ['surveys'] });
