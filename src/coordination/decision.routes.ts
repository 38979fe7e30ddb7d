import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { replyList } from '../http/hxl-reply.js';
import type { HxlField } from '../hxl/table.js';
import type { DecisionView } from './decision.service.js';
import { ExportQuery, DecisionBody, DecisionSchema, errorResponses, RecommendationSchema, RefParams, YearQuery } from '../http/schemas.js';
import { ARRANGEMENT_DESCRIPTIONS } from './arrangements.js';

/** Decisions in HXL: the arrangement, what was recommended, the rationale, who signed and when. */
const DECISION_HXL: ReadonlyArray<HxlField<DecisionView>> = [
  ['Decided on', '#date+decided', (d) => d.decidedOn], ['Status', '#status', (d) => d.status], ['Arrangement', '#operations+x_arrangement', (d) => d.arrangement],
  ['Recommended', '#operations+x_arrangement+x_recommended', (d) => d.recommendedArrangement], ['Rationale', '#description', (d) => d.rationale],
  ['IOM signatory', '#contact+name+x_iom', (d) => d.signatories.iom.name], ['UNHCR signatory', '#contact+name+x_unhcr', (d) => d.signatories.unhcr.name],
  ['Policy', '#meta+x_policy', (d) => d.policyVersion], ['Id', '#meta+id', (d) => d.id],
];

export async function decisionRoutes(api: FastifyInstance, app: App): Promise<void> {
  api.get('/situations/:ref/recommendation', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['coordination'],
      summary: 'Who should lead (R2): arrangement, share, threshold, every input figure with source and date, warnings, policy version',
      params: RefParams, querystring: YearQuery, response: { 200: RecommendationSchema, ...errorResponses },
    },
  }, async (request) => {
    const { situation, recommendation } = await app.situations.composition(
      (request.params as { ref: string }).ref, (request.query as { year?: number }).year);
    return {
      situation: { id: situation.id, slug: situation.slug, name: situation.name, kind: situation.kind },
      description: ARRANGEMENT_DESCRIPTIONS[recommendation.arrangement],
      ...recommendation,
    };
  });

  api.get('/overview', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['coordination'],
      summary: 'Situations with the arrangement that applies: the latest signed decision, or the recommendation where none exists',
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }), offset: Type.Integer({ minimum: 0, default: 0 }),
        year: YearQuery.properties.year,
      }),
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            slug: Type.String(), name: Type.String(), kind: Type.String(), origins: Type.Array(Type.String()), hosts: Type.Array(Type.String()),
            arrangement: Type.String(), basis: Type.Union([Type.Literal('decision'), Type.Literal('recommendation')]),
            recommended: Type.String(), share: Type.Union([Type.Number(), Type.Null()]),
          })),
          total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const q = request.query as { limit: number; offset: number; year?: number };
    return app.decisions.overview(q, q.year);
  });

  api.get('/situations/:ref/decisions', {
    config: { policy: { resource: 'decision', action: 'read' } },
    schema: {
      tags: ['coordination'], summary: 'Decision history, newest first',
      params: RefParams, querystring: ExportQuery, response: { 200: Type.Array(DecisionSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const items = await app.decisions.history((request.params as { ref: string }).ref);
    return replyList(reply, (request.query as { format: string }).format, items, items, DECISION_HXL, 'decisions');
  });

  api.post('/situations/:ref/decisions', {
    config: { policy: { resource: 'decision', action: 'create' } },
    schema: {
      tags: ['coordination'],
      summary: 'An agency representative proposes the arrangement and signs for their agency (R3); a rationale is required when it differs from the recommendation',
      params: RefParams, body: DecisionBody, response: { 201: DecisionSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const decision = await app.decisions.propose(request.ctx, (request.params as { ref: string }).ref, request.body as typeof DecisionBody.static);
    return reply.status(201).send(decision);
  });

  api.post('/decisions/:id/signatures', {
    config: { policy: { resource: 'decision', action: 'sign' } },
    schema: {
      tags: ['coordination'],
      summary: 'The other agency\'s representative signs: the decision is then in force',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: DecisionSchema, ...errorResponses },
    },
  }, async (request) => app.decisions.countersign(request.ctx, (request.params as { id: string }).id));
}
