import type { Api } from '../http/api.js';
import { errorResponses } from '../http/schemas.js';
import { NewPlatformBody, NewSectorBody, PartnerBody, PlatformListSchema, PlatformRefParams, PlatformStructureSchema } from './platform.schemas.js';
import type { PlatformService } from './platform.service.js';

/**
 * Setting up platforms: their tiers, co-leads, sectors and partners. A platform's page with its plans and
 * closed months is the response module's (`GET /platforms/{ref}`), which stands on this one.
 */
export async function platformRoutes(api: Api, app: { platforms: PlatformService }): Promise<void> {
  const update = { policy: { resource: 'platform' as const, action: 'update' as const } };

  api.get('/platforms', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'Coordination platforms (regional, national, sub-national)', response: { 200: PlatformListSchema } },
  }, async () => app.platforms.list());

  api.post('/platforms', {
    config: { policy: { resource: 'platform', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Set up a platform; IOM and UNHCR co-lead it by default where its situation\'s arrangement is a co-led platform',
      body: NewPlatformBody, response: { 201: PlatformStructureSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.platforms.create(request.ctx, request.body)));

  api.post('/platforms/:ref/sectors', {
    config: update,
    schema: { tags: ['platforms'], summary: 'Add a sector or sub-sector with its lead organisations', params: PlatformRefParams, body: NewSectorBody, response: { 201: PlatformStructureSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.platforms.addSector(request.ctx, request.params.ref, request.body)));

  api.post('/platforms/:ref/partners', {
    config: update,
    schema: { tags: ['platforms'], summary: 'Add (or update) a partner organisation', params: PlatformRefParams, body: PartnerBody, response: { 201: PlatformStructureSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.platforms.addPartner(request.ctx, request.params.ref, request.body)));
}
