import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { errorResponses, NewSituationBody, page, RefParams, SituationSchema, SourceTotalSchema, YearQuery } from '../http/schemas.js';
import { presentSituation, SITUATION_HXL } from './situation.presenter.js';
import { replyList } from '../http/hxl-reply.js';

const AgencyEntry = Type.Object({
  type: Type.String(), value: Type.Number(), source: Type.String(), date: Type.String(), derived: Type.Optional(Type.String()),
});

export async function situationRoutes(api: FastifyInstance, app: App): Promise<void> {
  api.get('/situations', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['situations'], summary: 'Situations',
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }), offset: Type.Integer({ minimum: 0, default: 0 }),
        format: Type.Union(['json', 'hxl', 'hxl-json', 'hxl-objects', 'xlsx'].map((f) => Type.Literal(f)), { default: 'json' }),
      }),
      response: { 200: page(SituationSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const { limit, offset, format } = request.query as { limit: number; offset: number; format: string };
    const { items, total } = await app.situations.list({ limit, offset });
    const views = items.map(presentSituation);
    return replyList(reply, format, { items: views, total, limit, offset }, views, SITUATION_HXL, 'situations');
  });

  api.post('/situations', {
    config: { policy: { resource: 'situation', action: 'create' } },
    schema: { tags: ['situations'], summary: 'Define a situation', body: NewSituationBody, response: { 201: SituationSchema, ...errorResponses } },
  }, async (request, reply) => {
    const created = await app.situations.create(request.ctx, request.body as typeof NewSituationBody.static);
    return reply.status(201).send(presentSituation(created));
  });

  api.get('/situations/:ref', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: { tags: ['situations'], summary: 'One situation, by id or slug', params: RefParams, response: { 200: SituationSchema, ...errorResponses } },
  }, async (request) => presentSituation(await app.situations.get((request.params as { ref: string }).ref)));

  api.get('/situations/:ref/summary', {
    config: { policy: { resource: 'situation', action: 'read' } },
    schema: {
      tags: ['situations'],
      summary: 'Figures by type and source, group totals, latest date, both agencies\' populations of concern (R4), yearly series',
      params: RefParams, querystring: YearQuery,
      response: {
        200: Type.Object({
          situation: SituationSchema, asOf: Type.String(), byTypeAndSource: Type.Array(SourceTotalSchema),
          groups: Type.Object({
            international_protection: Type.Number(), migration: Type.Number(), internal: Type.Number(), other: Type.Number(), host: Type.Number(),
          }),
          latestDate: Type.Union([Type.String(), Type.Null()]),
          agencies: Type.Object({ UNHCR: Type.Array(AgencyEntry), IOM: Type.Array(AgencyEntry) }),
          series: Type.Array(Type.Object({ year: Type.Integer(), type: Type.String(), source: Type.String(), value: Type.Number() })),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const s = await app.situations.summary((request.params as { ref: string }).ref, (request.query as { year?: number }).year);
    return { ...s, situation: presentSituation(s.situation) };
  });
}
