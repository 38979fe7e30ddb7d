import type { Api } from '../http/api.js';
import { errorResponses } from '../http/schemas.js';
import { RefParams } from '../situations/index.js';
import { ClustersBody, DisasterBody, DisplacementSchema } from './capacity.schemas.js';
import type { DisplacementService } from './displacement.service.js';

/** Internal and disaster displacement (R8): a situation's cluster arrangement and its disaster flag. */
export async function displacementRoutes(api: Api, app: { displacement: DisplacementService }): Promise<void> {
  const tags = ['displacement'];

  api.get('/situations/:ref/displacement', {
    config: { policy: { resource: 'displacement', action: 'read' } },
    schema: {
      tags, summary: 'A situation\'s displacement arrangement: the clusters activated with their lead and co-lead, which agency takes part in what, and for a disaster the Platform on Disaster Displacement flag',
      params: RefParams, response: { 200: DisplacementSchema, ...errorResponses },
    },
  }, async (request) => app.displacement.get(request.ctx, request.params.ref));

  api.put('/situations/:ref/clusters', {
    config: { policy: { resource: 'displacement', action: 'update' } },
    schema: {
      tags, summary: 'Record the clusters activated for an internal (or disaster) situation, the lead and co-lead of each and the agencies engaged; replaces the list. Refused (400, field clusters) for a cross-border situation',
      params: RefParams, body: ClustersBody, response: { 200: DisplacementSchema, ...errorResponses },
    },
  }, async (request) => app.displacement.setClusters(request.ctx, request.params.ref, request.body));

  api.put('/situations/:ref/disaster', {
    config: { policy: { resource: 'displacement', action: 'update' } },
    schema: {
      tags, summary: 'Flag a disaster situation for the Platform on Disaster Displacement (or clear the flag), with the hazard and dates. Refused (400, field pdd) for any other kind of situation',
      params: RefParams, body: DisasterBody, response: { 200: DisplacementSchema, ...errorResponses },
    },
  }, async (request) => app.displacement.setDisaster(request.ctx, request.params.ref, request.body));
}
