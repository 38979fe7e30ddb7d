import type { Api } from '../http/api.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import type { SurveyService } from './surveys.service.js';
import { NewSurveyBody, SurveyAggregateQuery, SurveyAggregateSchema, SurveyListQuery, SurveyPage, SurveySchema } from './surveys.schemas.js';

/** Flow Monitoring Surveys: individual responses for their organisation only, aggregates for every signed-in account. */
export async function surveyRoutes(api: Api, app: { flowSurveys: SurveyService }): Promise<void> {
  const tags = ['movements'];

  api.post('/movements/surveys', {
    config: { policy: { resource: 'survey_response', action: 'create' } },
    schema: {
      tags, summary: 'Record a consented survey response at a monitoring point of your organisation (no consent: refused; personal fields stored encrypted)',
      body: NewSurveyBody, response: { 201: SurveySchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.flowSurveys.create(request.ctx, request.body)));

  api.get('/movements/surveys', {
    config: { policy: { resource: 'survey_response', action: 'read' } },
    schema: {
      tags, summary: 'Your organisation\'s survey responses, the latest first (personal fields only for its case roles)',
      querystring: SurveyListQuery, response: { 200: SurveyPage, ...errorResponses },
    },
  }, async (request) => app.flowSurveys.list(request.ctx, request.query));

  api.get('/movements/surveys/aggregates', {
    config: { policy: { resource: 'survey_aggregate', action: 'read' } },
    schema: {
      tags, summary: 'Counts of consented survey responses by month and one dimension (nationality, origin, reason, destination, sex × age band, transport, needs); small cells suppressed',
      querystring: SurveyAggregateQuery, response: { 200: SurveyAggregateSchema, ...errorResponses },
    },
  }, async (request) => app.flowSurveys.aggregates(request.ctx, request.query));

  api.get('/movements/surveys/:id', {
    config: { policy: { resource: 'survey_response', action: 'read' } },
    schema: { tags, summary: 'One survey response of your organisation', params: IdParams, response: { 200: SurveySchema, ...errorResponses } },
  }, async (request) => app.flowSurveys.get(request.ctx, request.params.id));

  api.post('/movements/surveys/:id/withdraw', {
    config: { policy: { resource: 'survey_response', action: 'update' } },
    schema: {
      tags, summary: 'The respondent withdrew consent: every answer and personal field of the response is erased at once',
      params: IdParams, response: { 200: SurveySchema, ...errorResponses },
    },
  }, async (request) => app.flowSurveys.withdraw(request.ctx, request.params.id));
}
