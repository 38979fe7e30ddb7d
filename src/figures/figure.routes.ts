import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { sendHxl } from '../http/hxl-reply.js';
import { errorResponses, FigureQuery, FigureSchema } from '../http/schemas.js';

export async function figureRoutes(api: FastifyInstance, app: App): Promise<void> {
  api.get('/figures', {
    config: { policy: { resource: 'figure', action: 'read' } },
    schema: {
      tags: ['figures'],
      summary: 'Population figures, filtered and paged; format=csv streams every matching figure',
      querystring: FigureQuery,
      response: { 200: Type.Object({ items: Type.Array(FigureSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
    },
  }, async (request, reply) => {
    const q = request.query as typeof FigureQuery.static;
    const filter = {
      year: q.year, type: q.type, origin: q.origin?.toUpperCase(), host: q.host?.toUpperCase(), source: q.source, dataset: q.dataset, batch: q.batch,
    };
    if (q.format !== 'json' && q.format !== 'csv') return sendHxl(reply, app.figures.hxl(filter), q.format, 'figures');
    if (q.format === 'csv') {
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="figures.csv"');
      return reply.send(Readable.from(app.figures.csv(filter)));
    }
    return app.figures.page(filter, { limit: q.limit, after: q.after });
  });

  api.get('/figures/:id', {
    config: { policy: { resource: 'figure', action: 'read' } },
    schema: {
      tags: ['figures'],
      summary: 'One figure with its history of values',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
      response: {
        200: Type.Object({
          figure: FigureSchema,
          history: Type.Array(Type.Object({
            version: Type.Integer(), value: Type.Number(), batchId: Type.Union([Type.String(), Type.Null()]),
            sourceRow: Type.Union([Type.Integer(), Type.Null()]), recordedAt: Type.String(),
            supersededAt: Type.Union([Type.String(), Type.Null()]),
          })),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => app.figures.withHistory((request.params as { id: string }).id));
}
