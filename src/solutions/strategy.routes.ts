import type { Api } from '../http/api.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { fileRoutes, safeFileName, withUploadedFile } from '../http/upload.js';
import type { SerialQueue } from '../core/queue.js';
import {
  BottleneckQuery, BottleneckSchema, CaseListQuery, CasePageSchema, CaseSchema, DropBody, NewCaseBody,
} from './pipeline.schemas.js';
import type { PipelineService } from './pipeline.service.js';
import {
  NewStrategyBody, ProgressSchema, SolutionFiguresQuery, SolutionFiguresSchema, SolutionImportQuery, SolutionImportSchema, StrategyListSchema, StrategySchema, TargetsBody,
} from './strategy.schemas.js';
import type { StrategyService } from './strategy.service.js';

/** The resettlement and pathways strategy, UNHCR's solutions figures and the case pipeline (R10). */
export async function strategyRoutes(api: Api, app: { strategies: StrategyService; pipeline: PipelineService; writes: SerialQueue }): Promise<void> {
  const tags = ['solutions'];
  const sensitive = true;

  api.post('/strategies', {
    config: { policy: { resource: 'solutions_strategy', action: 'create' } },
    schema: { tags, summary: 'Draw up a multi-year resettlement and complementary pathways strategy (the agencies\' coordinators and representatives)', body: NewStrategyBody, response: { 201: StrategySchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.strategies.create(request.ctx, request.body)));

  api.get('/strategies', {
    config: { policy: { resource: 'solutions_strategy', action: 'read' } },
    schema: { tags, summary: 'The strategies, latest first, with their targets', response: { 200: StrategyListSchema, ...errorResponses } },
  }, async (request) => app.strategies.list(request.ctx));

  api.get('/strategies/:id', {
    config: { policy: { resource: 'solutions_strategy', action: 'read' } },
    schema: { tags, summary: 'One strategy with its yearly targets and pledges by pathway and receiving country', params: IdParams, response: { 200: StrategySchema, ...errorResponses } },
  }, async (request) => app.strategies.get(request.ctx, request.params.id));

  api.put('/strategies/:id/targets', {
    config: { policy: { resource: 'solutions_strategy', action: 'update' } },
    schema: { tags, summary: 'Set yearly targets (and the States\' pledges) by pathway and receiving country; all or none', params: IdParams, body: TargetsBody, response: { 200: StrategySchema, ...errorResponses } },
  }, async (request) => app.strategies.setTargets(request.ctx, request.params.id, request.body));

  api.get('/strategies/:id/progress', {
    config: { policy: { resource: 'solutions_view', action: 'read' } },
    schema: { tags, summary: 'Targets against progress per year, pathway and country: pledges, the pipeline\'s submissions, decisions and departures, and UNHCR\'s published resettlement arrivals', params: IdParams, response: { 200: ProgressSchema, ...errorResponses } },
  }, async (request) => app.strategies.progress(request.ctx, request.params.id));

  api.get('/solutions/figures', {
    config: { policy: { resource: 'solutions_figures', action: 'read' } },
    schema: { tags, summary: 'UNHCR\'s published solutions figures of one series (returned refugees, resettlement arrivals, naturalisation, returned IDPs) by year, origin and asylum country', querystring: SolutionFiguresQuery, response: { 200: SolutionFiguresSchema, ...errorResponses } },
  }, async (request) => app.strategies.figures(request.ctx, request.query));

  await fileRoutes(api, (scope) => scope.post('/solutions/figures/imports', {
    config: { policy: { resource: 'solutions_figures', action: 'create' } },
    schema: {
      tags, summary: 'Import UNHCR\'s solutions file (refugees R package `solutions.csv`; the body is the file): all or nothing, errors by row and column, the same file twice changes nothing',
      querystring: SolutionImportQuery, response: { 200: SolutionImportSchema, 201: SolutionImportSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    await app.strategies.precheck(request.ctx);
    const summary = await withUploadedFile(request, safeFileName(request.query.filename), (file) => app.writes.run(() => app.strategies.importFigures(request.ctx, file.path)));
    return reply.status(summary.batchId ? 201 : 200).send(summary);
  }));

  api.post('/pipeline/cases', {
    config: { policy: { resource: 'resettlement_case', action: 'create' }, sensitive },
    schema: { tags, summary: 'UNHCR identifies a household for resettlement or a complementary pathway: the head\'s personal fields are sealed in a protection record UNHCR holds', body: NewCaseBody, response: { 201: CaseSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.pipeline.identify(request.ctx, request.body)));

  api.get('/pipeline/cases', {
    config: { policy: { resource: 'resettlement_case', action: 'read' }, sensitive },
    schema: { tags, summary: 'The cases your organisation is a party to (UNHCR, the receiving State, IOM), longest in their stage first; no personal field', querystring: CaseListQuery, response: { 200: CasePageSchema, ...errorResponses } },
  }, async (request) => app.pipeline.list(request.ctx, request.query));

  api.get('/pipeline/cases/:id', {
    config: { policy: { resource: 'resettlement_case', action: 'read' }, sensitive },
    schema: { tags, summary: 'One case with its stage history and time in stage; its head\'s personal fields for UNHCR\'s case handlers only (audited)', params: IdParams, response: { 200: CaseSchema, ...errorResponses } },
  }, async (request) => app.pipeline.get(request.ctx, request.params.id));

  api.post('/pipeline/cases/:id/advance', {
    config: { policy: { resource: 'resettlement_case', action: 'update' }, sensitive },
    schema: { tags, summary: 'Move a case out of its stage: only the stage\'s responsible party (UNHCR: identification, submission; the State: selection interview, decision, arrival; IOM: health assessment, pre-departure orientation, movement)', params: IdParams, response: { 200: CaseSchema, ...errorResponses } },
  }, async (request) => app.pipeline.advance(request.ctx, request.params.id));

  api.post('/pipeline/cases/:id/drop', {
    config: { policy: { resource: 'resettlement_case', action: 'update' }, sensitive },
    schema: { tags, summary: 'Record a drop-out at the current stage with its reason (the stage\'s responsible party, or UNHCR)', params: IdParams, body: DropBody, response: { 200: CaseSchema, ...errorResponses } },
  }, async (request) => app.pipeline.drop(request.ctx, request.params.id, request.body));

  api.get('/pipeline/bottlenecks', {
    config: { policy: { resource: 'solutions_view', action: 'read' } },
    schema: { tags, summary: 'The bottleneck view: median days per stage (overall and by receiving country), cases in each stage and stuck beyond a threshold, drop-outs, and the slowest stage named', querystring: BottleneckQuery, response: { 200: BottleneckSchema, ...errorResponses } },
  }, async (request) => app.pipeline.bottlenecks(request.ctx, request.query));
}
