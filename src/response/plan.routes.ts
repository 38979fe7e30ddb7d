import { Type } from '@sinclair/typebox';
import { PlatformRefParams } from '../coordination/index.js';
import type { Api } from '../http/api.js';
import { errorResponses } from '../http/schemas.js';
import type { FormulaService } from './formula.service.js';
import type { CountingService } from './plan.counting.service.js';
import type { PlanService } from './plan.service.js';
import {
  ActivitySchema, CountingBody, CountingChangedSchema, CountingViewSchema, CreatedPlanSchema, FormulaBody, FormulaKeyBody, FormulaSchema, LockBody, NewActivityBody, NewPlanBody, PlanParams, PlanSchema, PlatformPageSchema,
} from './response.schemas.js';

/** A platform's page with its plans and closed months; plans, activities, service formulas, closing a month. */
export async function planRoutes(api: Api, app: { plans: PlanService; formulas: FormulaService; counting: CountingService }): Promise<void> {
  const update = { policy: { resource: 'platform' as const, action: 'update' as const } };

  api.get('/platforms/:ref', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'A platform: co-leads, partners, sectors, plans, closed months', params: PlatformRefParams, response: { 200: PlatformPageSchema, ...errorResponses } },
  }, async (request) => app.plans.platformPage(request.ctx, request.params.ref));

  api.get('/platforms/:ref/counting', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: {
      tags: ['platforms'], summary: 'How the platform counts people reached: transit as persons or times assisted, and the sexes and age bands of its reports',
      params: PlatformRefParams, response: { 200: CountingViewSchema, ...errorResponses },
    },
  }, async (request) => app.counting.getCounting(request.ctx, request.params.ref));

  api.put('/platforms/:ref/counting', {
    config: { policy: { resource: 'r4v', action: 'update' } },
    schema: {
      tags: ['platforms'], summary: 'Change how the platform counts (its co-leads): existing reports are converted to new bands in one transaction, or the change is refused naming the band that cannot be converted',
      params: PlatformRefParams, body: CountingBody, response: { 200: CountingChangedSchema, ...errorResponses },
    },
  }, async (request) => app.counting.putCounting(request.ctx, request.params.ref, request.body));

  api.post('/platforms/:ref/formulas', {
    config: { policy: { resource: 'activity', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'A partner declares how many people one service stands for; its services count as people once a co-lead approves it (a co-lead\'s declaration for another organisation is in force at once)',
      params: PlatformRefParams, body: FormulaBody, response: { 201: FormulaSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.formulas.declare(request.ctx, request.params.ref, request.body)));

  api.get('/platforms/:ref/formulas', {
    config: { policy: { resource: 'activity', action: 'read' } },
    schema: {
      tags: ['platforms'], summary: 'A platform\'s service formulas, declared and in force: all for its co-leads, a partner\'s own for the partner',
      params: PlatformRefParams, response: { 200: Type.Array(FormulaSchema), ...errorResponses },
    },
  }, async (request) => app.formulas.list(request.ctx, request.params.ref));

  api.post('/platforms/:ref/formulas/approve', {
    config: update,
    schema: {
      tags: ['platforms'], summary: 'A co-lead (of another organisation than the partner) puts a declared formula in force',
      params: PlatformRefParams, body: FormulaKeyBody, response: { 200: FormulaSchema, ...errorResponses },
    },
  }, async (request) => app.formulas.approve(request.ctx, request.params.ref, request.body));

  api.post('/platforms/:ref/locks', {
    config: update,
    schema: { tags: ['platforms'], summary: 'Close a month: its reports can no longer change', params: PlatformRefParams, body: LockBody, response: { 201: PlatformPageSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.plans.lockMonth(request.ctx, request.params.ref, request.body.month)));

  api.post('/platforms/:ref/plans', {
    config: update,
    schema: { tags: ['platforms'], summary: 'A response plan over one or two years', params: PlatformRefParams, body: NewPlanBody, response: { 201: CreatedPlanSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.plans.createPlan(request.ctx, request.params.ref, request.body)));

  api.get('/plans/:id', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'A response plan, its platform, and what you may do in it', params: PlanParams, response: { 200: PlanSchema, ...errorResponses } },
  }, async (request) => app.plans.planView(request.ctx, request.params.id));

  api.get('/plans/:id/activities', {
    config: { policy: { resource: 'activity', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'Activities of a plan: a partner sees its own, co-leads theirs', params: PlanParams, response: { 200: Type.Array(ActivitySchema), ...errorResponses } },
  }, async (request) => app.plans.listActivities(request.ctx, request.params.id));

  api.post('/plans/:id/activities', {
    config: { policy: { resource: 'activity', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Plan an activity: partner, sector, indicator, P-code, PiN flag, targets by group, requirements and funding in USD',
      params: PlanParams, body: NewActivityBody, response: { 201: ActivitySchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.plans.addActivity(request.ctx, request.params.id, request.body)));
}
