import type { Api } from '../http/api.js';
import { errorResponses } from '../http/schemas.js';
import { InvitationListQuery, InvitationListSchema, InvitationParams, InvitationSchema, NewPlatformBody, NewSectorBody, PartnerBody, PlatformListSchema, PlatformRefParams, PlatformStructureSchema } from './platform.schemas.js';
import type { InvitationService } from './invitation.service.js';
import type { PlatformService } from './platform.service.js';

/**
 * Setting up platforms: their tiers, co-leads, sectors and partners. A platform's page with its plans and
 * closed months is the response module's (`GET /platforms/{ref}`), which stands on this one.
 */
export async function platformRoutes(api: Api, app: { platforms: PlatformService; invitations: InvitationService }): Promise<void> {
  const update = { policy: { resource: 'platform' as const, action: 'update' as const } };

  api.get('/platforms', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'Coordination platforms (regional, national, sub-national)', response: { 200: PlatformListSchema } },
  }, async () => app.platforms.list());

  api.post('/platforms', {
    config: { policy: { resource: 'platform', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Set up a platform; IOM and UNHCR co-lead it by default where its situation\'s arrangement is a co-led platform',
      description: 'A co-lead other than your own organisation is invited: it co-leads once one of its coordinators or representatives accepts.',
      body: NewPlatformBody, response: { 201: PlatformStructureSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await app.platforms.create(request.ctx, request.body)));

  api.post('/platforms/:ref/sectors', {
    config: update,
    schema: { tags: ['platforms'], summary: 'Add a sector or sub-sector with its lead organisations (another organisation is invited to lead it)', params: PlatformRefParams, body: NewSectorBody, response: { 201: PlatformStructureSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.platforms.addSector(request.ctx, request.params.ref, request.body)));

  api.post('/platforms/:ref/partners', {
    config: update,
    schema: { tags: ['platforms'], summary: 'Add (or update) a partner organisation: another organisation is invited and joins when it accepts', params: PlatformRefParams, body: PartnerBody, response: { 201: PlatformStructureSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await app.platforms.addPartner(request.ctx, request.params.ref, request.body)));

  api.get('/invitations', {
    config: { policy: { resource: 'invitation', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'Invitations to platforms addressed to your organisations', querystring: InvitationListQuery, response: { 200: InvitationListSchema, ...errorResponses } },
  }, async (request) => app.invitations.list(request.ctx, request.query));

  for (const [path, answer] of [['accept', 'accepted'], ['decline', 'declined']] as const) {
    api.post(`/invitations/:id/${path}`, {
      config: { policy: { resource: 'invitation', action: 'update' } },
      schema: {
        tags: ['platforms'], summary: `${path === 'accept' ? 'Accept' : 'Decline'} an invitation addressed to your organisation${path === 'accept' ? ': it joins the platform' : ''}`,
        params: InvitationParams, response: { 200: InvitationSchema, ...errorResponses },
      },
    }, async (request) => app.invitations.answer(request.ctx, request.params.id, answer));
  }
}
