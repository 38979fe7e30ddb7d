import { Readable } from 'node:stream';
import type { Api } from '../http/api.js';
import { sendHxl, sendStream } from '../http/hxl-reply.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import type { FigureService } from './figure.service.js';
import { FigureHistorySchema, FigurePageSchema, FigureQuery } from './figures.schemas.js';

export async function figureRoutes(api: Api, app: { figures: FigureService }): Promise<void> {
  api.get('/figures', {
    config: { policy: { resource: 'figure', action: 'read' } },
    schema: {
      tags: ['figures'], summary: 'Population figures, filtered and paged; format=csv streams every matching figure. Figures below country level are under disclosure control: a small count, or one that would give it away, reads null (empty in CSV and HXL) except for the organisation that asserts it',
      querystring: FigureQuery, response: { 200: FigurePageSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const q = request.query;
    const filter = {
      year: q.year, type: q.type, origin: q.origin?.toUpperCase(), host: q.host?.toUpperCase(), source: q.source, dataset: q.dataset, batch: q.batch,
    };
    if (q.format === 'csv') return sendStream(reply, Readable.from(app.figures.csv(request.ctx, filter)), 'text/csv; charset=utf-8', 'figures.csv');
    if (q.format !== 'json') return sendHxl(reply, app.figures.hxl(request.ctx, filter, q.format), q.format, 'figures');
    return app.figures.page(request.ctx, filter, { limit: q.limit, after: q.after });
  });

  api.get('/figures/:id', {
    config: { policy: { resource: 'figure', action: 'read' } },
    schema: { tags: ['figures'], summary: 'One figure with its history of values', params: IdParams, response: { 200: FigureHistorySchema, ...errorResponses } },
  }, async (request) => app.figures.withHistory(request.ctx, request.params.id));
}
