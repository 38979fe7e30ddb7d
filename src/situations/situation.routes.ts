import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { replyList } from '../http/hxl-reply.js';
import { errorResponses, Format, page, PageQuery } from '../http/schemas.js';
import { presentSituation, SITUATION_HXL } from './situation.presenter.js';
import { NewSituationBody, RefParams, SituationSchema } from './situation.schemas.js';
import type { SituationService } from './situation.service.js';

export async function situationRoutes(api: Api, app: { situations: SituationService }): Promise<void> {
  api.get('/situations', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: { tags: ['situations'], summary: 'Situations', querystring: Type.Object({ ...PageQuery, format: Format }), response: { 200: page(SituationSchema), ...errorResponses } },
  }, async (request, reply) => {
    const { limit, offset, format } = request.query;
    const { items, total } = await app.situations.list({ limit, offset });
    const views = items.map(presentSituation);
    return replyList(reply, format, { items: views, total, limit, offset }, views, SITUATION_HXL, 'situations');
  });

  api.post('/situations', {
    config: { policy: { resource: 'situation', action: 'create' } },
    schema: { tags: ['situations'], summary: 'Define a situation', body: NewSituationBody, response: { 201: SituationSchema, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(presentSituation(await app.situations.create(request.ctx, request.body))));

  api.get('/situations/:ref', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: { tags: ['situations'], summary: 'One situation, by id or slug', params: RefParams, response: { 200: SituationSchema, ...errorResponses } },
  }, async (request) => presentSituation(await app.situations.get(request.params.ref)));
}
