import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import type { DelegationService } from './delegation.service.js';
import { NewDelegationBody } from './delegation.service.js';
import { DelegationSchema } from './figures.schemas.js';

/** Delegations of assertion (R1): public list; granted and revoked by the delegator's administrator. */
export async function delegationRoutes(api: Api, app: { delegations: DelegationService }): Promise<void> {
  api.get('/delegations', {
    config: { policy: { resource: 'delegation', action: 'read' } },
    schema: { tags: ['figures'], summary: 'Who may assert figures in whose name (R1): every delegation, active and revoked', response: { 200: Type.Array(DelegationSchema) } },
  }, async () => app.delegations.list());

  api.post('/delegations', {
    config: { policy: { resource: 'delegation', action: 'create' } },
    schema: {
      tags: ['figures'], summary: 'Let another organisation assert figures in your organisation\'s name (your organisation\'s administrator)',
      body: NewDelegationBody, response: { 201: DelegationSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.delegations.grant(request.ctx, request.body)));

  api.delete('/delegations/:id', {
    config: { policy: { resource: 'delegation', action: 'delete' } },
    schema: { tags: ['figures'], summary: 'Revoke a delegation: from now on its figures can no longer be imported in your name', params: IdParams, response: { 200: DelegationSchema, ...errorResponses } },
  }, async (request) => app.delegations.revoke(request.ctx, request.params.id));
}
