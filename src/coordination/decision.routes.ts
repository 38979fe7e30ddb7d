import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { replyList } from '../http/hxl-reply.js';
import { errorResponses, literals, notModified, Offset } from '../http/schemas.js';
import { AGENCIES } from './decision.rules.js';
import type { HxlField } from '../hxl/index.js';
import { sendCached } from '../http/conditional.js';
import { RefParams } from '../situations/index.js';
import {
  DecisionBody, DecisionListQuery, ImportChangeSchema, DecisionSchema, DisagreementSchema, OverviewQuery, OverviewSchema, RecommendationSchema, SnapshotListSchema, SummarySchema, YearQuery,
} from './coordination.schemas.js';
import type { DecisionService, DecisionView } from './decision.service.js';
import type { SnapshotService } from './snapshot.service.js';

/** Decisions in HXL: the arrangement, what was recommended, the rationale, who signed and when. */
const DECISION_HXL: ReadonlyArray<HxlField<DecisionView>> = [
  ['Decided on', '#date+decided', (d) => d.decidedOn], ['Status', '#status', (d) => d.status], ['Arrangement', '#operations+x_arrangement', (d) => d.arrangement],
  ['Recommended', '#operations+x_arrangement+x_recommended', (d) => d.recommendedArrangement], ['Rationale', '#description', (d) => d.rationale],
  ['IOM signatory', '#contact+name+x_iom', (d) => d.signatories.iom.name], ['UNHCR signatory', '#contact+name+x_unhcr', (d) => d.signatories.unhcr.name],
  ['Policy', '#meta+x_policy', (d) => d.policyVersion], ['Id', '#meta+id', (d) => d.id],
];

/** The recommendation (R2), the summary (R4), the overview, and the two-signature decisions (R3). */
export async function decisionRoutes(api: Api, app: { snapshots: SnapshotService; decisions: DecisionService }): Promise<void> {
  api.get('/situations/:ref/recommendation', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['coordination'],
      summary: 'Who should lead (R2): arrangement, share, threshold, every input figure with source and date, warnings, policy version; the kept recommendation (ETag), or one computed for the end of a year',
      params: RefParams, querystring: YearQuery, response: { 200: RecommendationSchema, ...notModified, ...errorResponses },
    },
  }, async (request, reply) => {
    const r = await app.snapshots.recommendation(request.params.ref, request.query.year);
    if ('etag' in r) return sendCached(request, reply, r);
    return r;
  });

  api.get('/situations/:ref/recommendations', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['coordination'], summary: 'Every recommendation kept for the situation, newest first: when, why (an import, a new policy…), with what result (R3)',
      params: RefParams, querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Offset }),
      response: { 200: SnapshotListSchema, ...errorResponses },
    },
  }, async (request) => app.snapshots.history(request.params.ref, request.query));

  api.get('/imports/:id/recommendations', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['coordination'], summary: 'The situations whose recommendation an import changed: arrangement and share before and after',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), response: { 200: Type.Array(ImportChangeSchema), ...errorResponses },
    },
  }, async (request) => app.snapshots.changedByImport(request.params.id));

  api.get('/recommendations/:id', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['coordination'], summary: 'One kept recommendation, whole: its inputs with figure ids and versions, its policy version, its result and warnings',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), response: { 200: RecommendationSchema, ...errorResponses },
    },
  }, async (request) => app.snapshots.get(request.params.id));

  api.get('/situations/:ref/summary', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['situations'], summary: 'Figures by type and source, group totals, latest date, both agencies\' populations of concern (R4), yearly series',
      params: RefParams, querystring: YearQuery, response: { 200: SummarySchema, ...errorResponses },
    },
  }, async (request) => app.snapshots.summary(request.params.ref, request.query.year));

  api.get('/overview', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['coordination'], summary: 'Situations with the arrangement that applies: the latest signed decision, or the recommendation where none exists',
      querystring: OverviewQuery, response: { 200: OverviewSchema, ...notModified, ...errorResponses },
    },
  }, async (request, reply) => {
    const answer = await app.snapshots.overview(request.query);
    return sendCached(request, reply, answer);
  });

  api.get('/situations/:ref/decisions', {
    config: { policy: { resource: 'decision', action: 'read' } },
    schema: { tags: ['coordination'], summary: 'Decision history, newest first', params: RefParams, querystring: DecisionListQuery, response: { 200: Type.Array(DecisionSchema), ...errorResponses } },
  }, async (request, reply) => {
    const items = await app.decisions.history(request.ctx, request.params.ref);
    return replyList(reply, request.query.format, items, items, DECISION_HXL, 'decisions');
  });

  api.get('/situations/:ref/decisions/can', {
    config: { policy: { resource: 'decision', action: 'read' } },
    schema: {
      tags: ['coordination'], summary: 'What you may do about this situation\'s arrangement: the agencies you may propose a decision for',
      params: RefParams, response: { 200: Type.Object({ propose: Type.Array(literals(AGENCIES)) }), ...errorResponses },
    },
  }, async (request) => app.decisions.proposeRights(request.ctx));

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

  api.post('/decisions/:id/withdraw', {
    config: { policy: { resource: 'decision', action: 'create' } },
    schema: {
      tags: ['coordination'], summary: 'The proposer withdraws a proposal that still awaits the other agency\'s signature',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }), body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false }),
      response: { 200: DecisionSchema, ...errorResponses },
    },
  }, async (request) => app.decisions.withdraw(request.ctx, request.params.id, request.body.note));

  api.post('/decisions/:id/reject', {
    config: { policy: { resource: 'decision', action: 'sign' } },
    schema: {
      tags: ['coordination'], summary: 'The other agency\'s representative rejects a proposal, saying why: the disagreement is kept for escalation (R3, R11)',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }), body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 8000 }) }, { additionalProperties: false }),
      response: { 200: DecisionSchema, ...errorResponses },
    },
  }, async (request) => app.decisions.reject(request.ctx, request.params.id, request.body.reason));

  api.get('/situations/:ref/disagreements', {
    config: { policy: { resource: 'decision', action: 'read' } },
    schema: {
      tags: ['coordination'], summary: 'Disagreements between the agencies over the situation\'s arrangement (a rejected or conflicting proposal), kept until they are escalated (R11)',
      params: RefParams, response: { 200: Type.Array(DisagreementSchema), ...errorResponses },
    },
  }, async (request) => app.decisions.disagreements(request.params.ref));
}
