import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { errorResponses, literals } from '../http/schemas.js';
import { ARRANGEMENTS } from './arrangements.js';
import { PolicyBody, PublishBody, type PolicyService } from './policy.service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const PolicySchema = Type.Object({
  version: Type.String(), theta: Type.Number(), staleMonths: Type.Integer(), alignmentMonths: Type.Integer(), disagreementRatio: Type.Number(),
  disclosureK: Type.Integer({ description: 'k: every published count below it is hidden (disclosure control)' }),
  effectiveFrom: Type.String(), note: Type.String(), publishedAt: Nullable(Type.String()), publishedBy: Nullable(Type.String()),
});
const Change = Type.Object({
  situation: Type.Object({ slug: Type.String(), name: Type.String() }), from: literals(ARRANGEMENTS), to: literals(ARRANGEMENTS),
  shareFrom: Nullable(Type.Number()), shareTo: Nullable(Type.Number()), changes: Type.Boolean(),
});

/** Versions of the lead policy (R2): list, one, preview of what a new one would change, publication. */
export async function policyRoutes(api: Api, app: { policies: PolicyService }): Promise<void> {
  api.get('/policies', {
    config: { policy: { resource: 'policy', action: 'read' } },
    schema: { tags: ['coordination'], summary: 'Versions of the lead policy: θ, staleness and alignment windows, the disclosure threshold k, who published each and when', response: { 200: Type.Array(PolicySchema) } },
  }, async () => app.policies.list());

  api.get('/policies/:version', {
    config: { policy: { resource: 'policy', action: 'read' } },
    schema: { tags: ['coordination'], summary: 'One version of the lead policy', params: Type.Object({ version: Type.String({ maxLength: 40 }) }), response: { 200: PolicySchema, ...errorResponses } },
  }, async (request) => app.policies.get(request.params.version));

  api.post('/policies/preview', {
    config: { policy: { resource: 'policy', action: 'create' } },
    schema: {
      tags: ['coordination'], summary: 'What publishing this version would change: the situations whose recommended arrangement changes',
      body: PolicyBody, response: { 200: Type.Object({ policy: PolicyBody, changes: Type.Array(Change), unchanged: Type.Integer() }), ...errorResponses },
    },
  }, async (request) => app.policies.preview(request.body));

  api.post('/policies', {
    config: { policy: { resource: 'policy', action: 'create' } },
    schema: {
      tags: ['coordination'], summary: 'Publish a new version (confirm: true, having read the preview); every kept recommendation is recomputed',
      body: PublishBody, response: { 201: Type.Object({ policy: PolicySchema, changes: Type.Array(Change) }), ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.policies.publish(request.ctx, request.body)));
}
