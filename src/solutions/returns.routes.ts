import { Type } from '@sinclair/typebox';
import type { SerialQueue } from '../core/queue.js';
import type { Api } from '../http/api.js';
import { sendHxl } from '../http/hxl-reply.js';
import { ErrorBody, errorResponses, IdParams, literals } from '../http/schemas.js';
import { fileRoutes, withUploadedFile } from '../http/upload.js';
import { registerColumns, registerTemplate, uploadRegister } from './register.upload.js';
import type { AvrrService } from './avrr.service.js';
import {
  AssistanceBody, AvrrCaseBody, AvrrCaseListSchema, AvrrCaseSchema, DeclarationListSchema, DeclarationsBody, MonitoringBody, MovementBody, NewReturnBody,
  ObjectionBody, ReturnListQuery, ReturnPageSchema, ReturnSchema, SafeguardBody, SafeguardParams, StepBody, WithdrawParams,
} from './returns.schemas.js';
import type { ReturnService } from './returns.service.js';

/** Return operations (R5) and the AVRR cases of IOM-led returns. */
export async function returnRoutes(api: Api, app: { returns: ReturnService; avrr: AvrrService; writes: SerialQueue }): Promise<void> {
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

  api.get('/returns/:id/declarations/template', {
    config: read,
    schema: {
      tags, summary: 'The voluntariness register\'s template to fill in and upload back: XLSX or HXL CSV (one row per person or household, by registration reference, never a name), or its columns as JSON',
      params: IdParams, querystring: Type.Object({ format: literals(['xlsx', 'hxl', 'json'] as const, { default: 'xlsx' }) }),
      response: { 200: Type.Object({ columns: Type.Array(Type.Object({ header: Type.String(), tag: Type.String() })) }), ...errorResponses },
    },
  }, async (request, reply) => {
    await app.returns.load(request.ctx, request.params.id, 'update');
    if (request.query.format === 'json') return { columns: registerColumns() };
    await sendHxl(reply, registerTemplate(), request.query.format, 'voluntariness-register-template');
    return reply;
  });

  await fileRoutes(api, (scope) => scope.post('/returns/:id/declarations/upload', {
    config: { policy: { resource: 'return_operation', action: 'update' }, sensitive },
    schema: {
      tags, summary: 'Upload a filled voluntariness register (XLSX or HXL CSV, the raw body): all or nothing, errors by row and column; rows already in the register with the same answers change nothing',
      params: IdParams, querystring: Type.Object({ filename: Type.String({ minLength: 1, maxLength: 200, default: 'register.csv' }) }),
      response: {
        200: Type.Object({ file: Type.String(), rowsRead: Type.Integer(), inserted: Type.Integer(), unchanged: Type.Integer() }),
        413: ErrorBody, 422: ErrorBody, ...errorResponses,
      },
    },
  }, async (request) => {
    // The account and the operation are checked before a byte of the body is read.
    await app.returns.load(request.ctx, request.params.id, 'update');
    return withUploadedFile(request, request.query.filename, (file) => app.writes.run(() => uploadRegister(app.returns, request.ctx, request.params.id, file.path, file.name)));
  }));

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
