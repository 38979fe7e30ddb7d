import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import type { AvrrService } from './avrr.service.js';
import {
  AssistanceBody, AvrrCaseBody, AvrrCaseListSchema, AvrrCaseSchema, DeclarationListSchema, DeclarationsBody, MonitoringBody, MovementBody, NewReturnBody,
  ObjectionBody, ReturnListQuery, ReturnPageSchema, ReturnSchema, SafeguardBody, SafeguardParams, StepBody, WithdrawParams,
} from './returns.schemas.js';
import type { ReturnService } from './returns.service.js';

/** Return operations (R5) and the AVRR cases of IOM-led returns. */
export async function returnRoutes(api: Api, app: { returns: ReturnService; avrr: AvrrService }): Promise<void> {
  const tags = ['solutions'];
  const sensitive = true;
  const read = { policy: { resource: 'return_operation' as const, action: 'read' as const }, sensitive };
  const one = { tags, params: IdParams, response: { 200: ReturnSchema, ...errorResponses } };

  api.post('/returns', {
    config: { policy: { resource: 'return_operation', action: 'create' }, sensitive },
    schema: {
      tags, summary: 'Open a return operation with its caseload by population type; its lead is computed (any REF/ASY/OIP: UNHCR leads, IOM supports; migrants only: IOM-led AVRR) and only the lead\'s coordinators or representatives may open it',
      body: NewReturnBody, response: { 201: ReturnSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.returns.open(request.ctx, request.body)));

  api.get('/returns', {
    config: read,
    schema: { tags, summary: 'The return operations your organisation leads or supports, newest first', querystring: ReturnListQuery, response: { 200: ReturnPageSchema, ...errorResponses } },
  }, async (request) => app.returns.list(request.ctx, request.query));

  api.get('/returns/:id', {
    config: read,
    schema: { ...one, summary: 'One return operation: its caseload, safeguards checklist with evidence, voluntariness count, objections, approval, movements and monitoring, and what you may do now' },
  }, async (request) => app.returns.get(request.ctx, request.params.id));

  api.put('/returns/:id/safeguards/:safeguard', {
    config: { policy: { resource: 'return_operation', action: 'update' }, sensitive },
    schema: {
      tags, summary: 'Record a safeguard with its evidence (who verified it is you): a legal framework with its parties, date and document; continued asylum with the number who stay; the monitoring plan',
      params: SafeguardParams, body: SafeguardBody, response: { 200: ReturnSchema, ...errorResponses },
    },
  }, async (request) => app.returns.recordSafeguard(request.ctx, request.params.id, request.params.safeguard, request.body));

  api.get('/returns/:id/declarations', {
    config: read,
    schema: { tags, summary: 'The voluntariness register: each person\'s or household\'s declaration (free, informed, express), its date, who verified it, withdrawn or departed', params: IdParams, response: { 200: DeclarationListSchema, ...errorResponses } },
  }, async (request) => app.returns.declarations(request.ctx, request.params.id));

  api.post('/returns/:id/declarations', {
    config: { policy: { resource: 'return_operation', action: 'update' }, sensitive },
    schema: { tags, summary: 'Add declarations to the voluntariness register, person by person or household by household (all or none)', params: IdParams, body: DeclarationsBody, response: { 200: ReturnSchema, ...errorResponses } },
  }, async (request) => app.returns.declare(request.ctx, request.params.id, request.body));

  api.post('/returns/:id/declarations/:reference/withdraw', {
    config: { policy: { resource: 'return_operation', action: 'update' }, sensitive },
    schema: { tags, summary: 'A person or household withdraws their declaration: possible until they depart', params: WithdrawParams, response: { 200: ReturnSchema, ...errorResponses } },
  }, async (request) => app.returns.withdraw(request.ctx, request.params.id, request.params.reference));

  api.post('/returns/:id/objections', {
    config: { policy: { resource: 'return_objection', action: 'create' }, sensitive },
    schema: { tags, summary: 'Object to a return before its approval (staff of the lead or supporting agency); approving over it raises an issue of concern', params: IdParams, body: ObjectionBody, response: { 200: ReturnSchema, ...errorResponses } },
  }, async (request) => app.returns.object(request.ctx, request.params.id, request.body));

  api.post('/returns/:id/steps', {
    config: read,
    schema: {
      tags, summary: 'Take a step: review (the lead\'s staff), approve (the lead\'s representative, refused with what is missing until every safeguard holds), countersign (the supporting agency\'s representative), complete (the lead\'s staff: returned refugees become RET figures credited to UNHCR)',
      params: IdParams, body: StepBody, response: { 200: ReturnSchema, ...errorResponses },
    },
  }, async (request) => app.returns.step(request.ctx, request.params.id, request.body));

  api.post('/returns/:id/movements', {
    config: read,
    schema: { tags, summary: 'Record a convoy or flight with its dates and numbers by population type (the lead\'s or the supporting agency\'s staff)', params: IdParams, body: MovementBody, response: { 200: ReturnSchema, ...errorResponses } },
  }, async (request) => app.returns.movement(request.ctx, request.params.id, request.body));

  api.post('/returns/:id/monitoring', {
    config: { policy: { resource: 'return_operation', action: 'update' }, sensitive },
    schema: { tags, summary: 'Record a returnee monitoring visit after return, with its findings (the lead\'s staff)', params: IdParams, body: MonitoringBody, response: { 200: ReturnSchema, ...errorResponses } },
  }, async (request) => app.returns.monitor(request.ctx, request.params.id, request.body));

  api.get('/returns/:id/avrr-cases', {
    config: read,
    schema: { tags, summary: 'The AVRR cases of an IOM-led return, with their reintegration assistance', params: IdParams, response: { 200: AvrrCaseListSchema, ...errorResponses } },
  }, async (request) => app.avrr.list(request.ctx, request.params.id));

  api.post('/returns/:id/avrr-cases', {
    config: { policy: { resource: 'return_operation', action: 'update' }, sensitive },
    schema: { tags, summary: 'Open an AVRR case (IOM\'s case number, people) on an IOM-led return of migrants', params: IdParams, body: AvrrCaseBody, response: { 201: AvrrCaseSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.avrr.open(request.ctx, request.params.id, request.body)));

  api.post('/avrr-cases/:id/assistance', {
    config: { policy: { resource: 'return_operation', action: 'update' }, sensitive },
    schema: { tags, summary: 'Record reintegration assistance planned for or delivered to an AVRR case', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), body: AssistanceBody, response: { 200: AvrrCaseSchema, ...errorResponses } },
  }, async (request) => app.avrr.assist(request.ctx, request.params.id, request.body));
}
