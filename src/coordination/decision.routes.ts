import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { replyList } from '../http/hxl-reply.js';
import { errorResponses } from '../http/schemas.js';
import type { HxlField } from '../hxl/index.js';
import { presentSituation, RefParams } from '../situations/index.js';
import {
  DecisionBody, DecisionListQuery, DecisionSchema, OverviewQuery, OverviewSchema, RecommendationSchema, SummarySchema, YearQuery,
} from './coordination.schemas.js';
import type { DecisionService, DecisionView } from './decision.service.js';
import type { RecommendationService } from './recommendation.service.js';

/** Decisions in HXL: the arrangement, what was recommended, the rationale, who signed and when. */
const DECISION_HXL: ReadonlyArray<HxlField<DecisionView>> = [
  ['Decided on', '#date+decided', (d) => d.decidedOn], ['Status', '#status', (d) => d.status], ['Arrangement', '#operations+x_arrangement', (d) => d.arrangement],
  ['Recommended', '#operations+x_arrangement+x_recommended', (d) => d.recommendedArrangement], ['Rationale', '#description', (d) => d.rationale],
  ['IOM signatory', '#contact+name+x_iom', (d) => d.signatories.iom.name], ['UNHCR signatory', '#contact+name+x_unhcr', (d) => d.signatories.unhcr.name],
  ['Policy', '#meta+x_policy', (d) => d.policyVersion], ['Id', '#meta+id', (d) => d.id],
];

/** The recommendation (R2), the summary (R4), the overview, and the two-signature decisions (R3). */
export async function decisionRoutes(api: Api, app: { recommendations: RecommendationService; decisions: DecisionService }): Promise<void> {
  api.get('/situations/:ref/recommendation', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['coordination'], summary: 'Who should lead (R2): arrangement, share, threshold, every input figure with source and date, warnings, policy version',
      params: RefParams, querystring: YearQuery, response: { 200: RecommendationSchema, ...errorResponses },
    },
  }, async (request) => app.recommendations.recommendation(request.params.ref, request.query.year));

  api.get('/situations/:ref/summary', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['situations'], summary: 'Figures by type and source, group totals, latest date, both agencies\' populations of concern (R4), yearly series',
      params: RefParams, querystring: YearQuery, response: { 200: SummarySchema, ...errorResponses },
    },
  }, async (request) => {
    const s = await app.recommendations.summary(request.params.ref, request.query.year);
    return { ...s, situation: presentSituation(s.situation) };
  });

  api.get('/overview', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['coordination'], summary: 'Situations with the arrangement that applies: the latest signed decision, or the recommendation where none exists',
      querystring: OverviewQuery, response: { 200: OverviewSchema, ...errorResponses },
    },
  }, async (request) => app.recommendations.overview(request.query, request.query.year));

  api.get('/situations/:ref/decisions', {
    config: { policy: { resource: 'decision', action: 'read' } },
    schema: { tags: ['coordination'], summary: 'Decision history, newest first', params: RefParams, querystring: DecisionListQuery, response: { 200: Type.Array(DecisionSchema), ...errorResponses } },
  }, async (request, reply) => {
    const items = await app.decisions.history(request.ctx, request.params.ref);
    return replyList(reply, request.query.format, items, items, DECISION_HXL, 'decisions');
  });

  api.post('/situations/:ref/decisions', {
    config: { policy: { resource: 'decision', action: 'create' } },
    schema: {
      tags: ['coordination'],
      summary: 'An agency representative proposes the arrangement and signs for their agency (R3); a rationale is required when it differs from the recommendation',
      params: RefParams, body: DecisionBody, response: { 201: DecisionSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.decisions.propose(request.ctx, request.params.ref, request.body)));

  api.post('/decisions/:id/signatures', {
    config: { policy: { resource: 'decision', action: 'sign' } },
    schema: {
      tags: ['coordination'], summary: 'The other agency\'s representative signs: the decision is then in force',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: DecisionSchema, ...errorResponses },
    },
  }, async (request) => app.decisions.countersign(request.ctx, request.params.id));
}
