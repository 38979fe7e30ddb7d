import type { Api } from '../http/api.js';
import { sendHxl } from '../http/hxl-reply.js';
import { sendCached } from '../http/conditional.js';
import { errorResponses, notModified } from '../http/schemas.js';
import { listAsDataset, type HxlField } from '../hxl/index.js';
import type { DashboardRow, DashboardService } from './dashboard.service.js';
import { DashboardQuery, DashboardSchema, MonthFiguresSchema, MonthQuery, PlanParams } from './response.schemas.js';

const DASH_HXL: ReadonlyArray<HxlField<DashboardRow>> = [
  ['Measure', '#indicator+name', (r) => r.measure], ['Dimension', '#meta+dimension', (r) => r.dimension],
  ['Key', '#meta+key', (r) => r.key], ['Name', '#meta+key+name', (r) => r.name], ['Value', '#value', (r) => r.value],
];

/** A plan's dashboard (people reached by the counting rules) and one month's figures. */
export async function dashboardRoutes(api: Api, app: { dashboards: DashboardService }): Promise<void> {
  api.get('/plans/:id/dashboard', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: {
      tags: ['platforms'],
      summary: 'People reached (consolidated, by the counting rules) and targets by sector, area and group, with names; transit assistance; months; partners; funding and coverage; sex and age; narrowed to a sector, area or partner',
      params: PlanParams, querystring: DashboardQuery, response: { 200: DashboardSchema, ...notModified, ...errorResponses },
    },
  }, async (request, reply) => {
    const { format, ...opts } = request.query;
    if (format === 'json') {
      const answer = await app.dashboards.cached(request.ctx, request.params.id, opts);
      // What a co-lead or a partner sees differs from the public answer: a shared cache must not mix them.
      reply.header('vary', 'cookie, authorization');
      return sendCached(request, reply, answer);
    }
    return sendHxl(reply, listAsDataset(DASH_HXL, await app.dashboards.dashboardRows(request.ctx, request.params.id, opts, format)), format, 'dashboard');
  });

  api.get('/plans/:id/monthly', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: {
      tags: ['platforms'], summary: 'One month\'s people reached by the same rules; monthly totals are never summed across months (month is required)',
      params: PlanParams, querystring: MonthQuery, response: { 200: MonthFiguresSchema, ...errorResponses },
    },
  }, async (request) => app.dashboards.monthFigures(request.ctx, request.params.id, request.query.month, request.query.include));
}
