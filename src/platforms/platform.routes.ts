import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { sendHxl } from '../http/hxl-reply.js';
import { ErrorBody, errorResponses } from '../http/schemas.js';
import { listAsDataset, type HxlField } from '../hxl/table.js';
import { fileUploadRoute } from '../http/upload.js';
import { POP_GROUPS, REPORT_AGES, REPORT_SEXES } from './counting.rules.js';
import { INDICATOR_UNITS, PARTNER_TYPES, REPORT_STATUSES, TIERS } from './platform.service.js';
import { templateDataset, templateLists, templateRows, uploadReports, writeTemplateXlsx } from './template.js';

const Ref = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 100, description: 'platform id or slug' }) });
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Include = Type.Optional(Type.Union([Type.Literal('validated'), Type.Literal('submitted')], {
  description: 'validated (default): only validated reports count; submitted: also those awaiting review',
}));
const Format = Type.Union(['json', 'hxl', 'hxl-json', 'hxl-objects', 'xlsx'].map((f) => Type.Literal(f)), { default: 'json' });
const Cell = Type.Object({
  group: lit(POP_GROUPS), sex: lit(REPORT_SEXES), age: lit(REPORT_AGES),
  reached: Type.Integer({ minimum: 0 }), newReached: Type.Integer({ minimum: 0 }),
  services: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
}, { additionalProperties: false });
const Any = Type.Unknown();

/** One dashboard as a long table: what is counted, along which dimension, for which key, and the value. */
interface DashRow { measure: string; dimension: string; key: string; value: number }
const DASH_HXL: ReadonlyArray<HxlField<DashRow>> = [
  ['Measure', '#indicator+name', (r) => r.measure], ['Dimension', '#meta+dimension', (r) => r.dimension],
  ['Key', '#meta+key', (r) => r.key], ['Value', '#value', (r) => r.value],
];

export async function platformRoutes(api: FastifyInstance, app: App): Promise<void> {
  const p = app.platforms;
  const read = { policy: { resource: 'platform' as const, action: 'read' as const } };
  const update = { policy: { resource: 'platform' as const, action: 'update' as const } };

  api.get('/platforms', { config: read, schema: { tags: ['platforms'], summary: 'Coordination platforms (regional, national, sub-national)', response: { 200: Type.Array(Any) } } },
    async () => p.listPlatforms());
  api.post('/platforms', {
    config: { policy: { resource: 'platform', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Set up a platform; IOM and UNHCR co-lead it by default where its situation\'s arrangement is a co-led platform',
      body: Type.Object({
        name: Type.String({ maxLength: 300 }), slug: Type.Optional(Type.String({ maxLength: 60 })), tier: lit(TIERS),
        parent: Type.Optional(Type.String({ maxLength: 100 })), situation: Type.Optional(Type.String({ maxLength: 100 })),
        country: Type.Optional(Type.String({ maxLength: 3 })), counting: Type.Optional(lit(['max', 'sum'])),
        coLeads: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
      }, { additionalProperties: false }),
      response: { 201: Any, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await p.createPlatform(request.ctx, request.body as never)));
  api.get('/platforms/:ref', { config: read, schema: { tags: ['platforms'], summary: 'A platform: co-leads, partners, sectors, plans, closed months', params: Ref, response: { 200: Any, ...errorResponses } } },
    async (request) => p.getPlatform((request.params as { ref: string }).ref));
  api.post('/platforms/:ref/sectors', {
    config: update,
    schema: {
      tags: ['platforms'], summary: 'Add a sector or sub-sector with its lead organisations', params: Ref,
      body: Type.Object({ code: Type.String({ maxLength: 40 }), name: Type.String({ maxLength: 200 }), parent: Type.Optional(Type.String({ maxLength: 40 })), leads: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }) }, { additionalProperties: false }),
      response: { 201: Any, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await p.addSector(request.ctx, (request.params as { ref: string }).ref, request.body as never)));
  api.post('/platforms/:ref/partners', {
    config: update,
    schema: {
      tags: ['platforms'], summary: 'Add (or update) a partner organisation', params: Ref,
      body: Type.Object({ organisation: Type.String({ maxLength: 40 }), appealing: Type.Optional(Type.Boolean()), partnerType: Type.Optional(lit(PARTNER_TYPES)) }, { additionalProperties: false }),
      response: { 201: Any, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await p.addPartner(request.ctx, (request.params as { ref: string }).ref, request.body as never)));
  api.post('/platforms/:ref/formulas', {
    config: { policy: { resource: 'activity', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'A partner declares how many people one service stands for (only then are its services counted as people)', params: Ref,
      body: Type.Object({ organisation: Type.String({ maxLength: 40 }), indicator: Type.String({ maxLength: 60 }), peoplePerService: Type.Number() }, { additionalProperties: false }),
      response: { 201: Any, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await p.declareFormula(request.ctx, (request.params as { ref: string }).ref, request.body as never)));
  api.post('/platforms/:ref/locks', {
    config: update,
    schema: { tags: ['platforms'], summary: 'Close a month: its reports can no longer change', params: Ref, body: Type.Object({ month: Month }, { additionalProperties: false }), response: { 201: Any, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await p.lockMonth(request.ctx, (request.params as { ref: string }).ref, (request.body as { month: string }).month)));
  api.post('/platforms/:ref/plans', {
    config: update,
    schema: {
      tags: ['platforms'], summary: 'A response plan over one or two years', params: Ref,
      body: Type.Object({ name: Type.String({ maxLength: 200 }), startMonth: Month, endMonth: Month }, { additionalProperties: false }),
      response: { 201: Any, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await p.createPlan(request.ctx, (request.params as { ref: string }).ref, request.body as never)));

  api.get('/admin-areas', {
    config: read,
    schema: { tags: ['platforms'], summary: 'Admin areas by P-code', querystring: Type.Object({ iso3: Type.Optional(Type.String({ maxLength: 3 })) }), response: { 200: Any } },
  }, async (request) => p.adminAreas((request.query as { iso3?: string }).iso3));
  api.post('/admin-areas', {
    config: { policy: { resource: 'platform', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Add or update admin areas (from a COD gazetteer)',
      body: Type.Object({ areas: Type.Array(Type.Object({ pcode: Type.String({ maxLength: 20 }), iso3: Type.String({ maxLength: 3 }), level: Type.Integer(), name: Type.String({ maxLength: 200 }), parent: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])) }, { additionalProperties: false }), { maxItems: 5000 }) }, { additionalProperties: false }),
      response: { 200: Any, ...errorResponses },
    },
  }, async (request) => p.upsertAdminAreas(request.ctx, (request.body as { areas: never[] }).areas));
  api.get('/indicators', { config: read, schema: { tags: ['platforms'], summary: 'The indicator registry', response: { 200: Any } } }, async () => p.indicators());
  api.post('/indicators', {
    config: { policy: { resource: 'platform', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Add or update an indicator',
      body: Type.Object({ code: Type.String({ maxLength: 60 }), name: Type.String({ maxLength: 300 }), unit: lit(INDICATOR_UNITS), sector: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
      response: { 200: Any, ...errorResponses },
    },
  }, async (request) => p.upsertIndicator(request.ctx, request.body as never));

  api.get('/plans/:id', { config: read, schema: { tags: ['platforms'], summary: 'A response plan', params: Id, response: { 200: Any, ...errorResponses } } }, async (request) => {
    const plan = await p.planById((request.params as { id: string }).id);
    const platform = await p.getPlatform(plan.platform_id);
    return { id: plan.id, name: plan.name, startMonth: plan.start_month, endMonth: plan.end_month, platform };
  });
  api.get('/plans/:id/activities', {
    config: { policy: { resource: 'activity', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'Activities of a plan: a partner sees its own, co-leads theirs', params: Id, response: { 200: Any, ...errorResponses } },
  }, async (request) => p.listActivities(request.ctx, (request.params as { id: string }).id));
  api.post('/plans/:id/activities', {
    config: { policy: { resource: 'activity', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Plan an activity: partner, sector, indicator, P-code, PiN flag, targets by group, requirements and funding in USD', params: Id,
      body: Type.Object({
        partner: Type.String({ maxLength: 40 }), sector: Type.String({ maxLength: 40 }), indicator: Type.String({ maxLength: 60 }), pcode: Type.String({ maxLength: 20 }),
        countsPin: Type.Boolean(), description: Type.String({ maxLength: 2000 }), requirementsUsd: Type.Optional(Type.Number()), fundingUsd: Type.Optional(Type.Number()),
        targets: Type.Optional(Type.Record(Type.String(), Type.Integer())),
      }, { additionalProperties: false }),
      response: { 201: Any, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await p.addActivity(request.ctx, (request.params as { id: string }).id, request.body as never)));

  api.get('/plans/:id/reports', {
    config: { policy: { resource: 'report', action: 'read' } },
    schema: {
      tags: ['platforms'], summary: 'Monthly reports you may see (status=submitted: the reviewer\'s queue)', params: Id,
      querystring: Type.Object({
        status: Type.Optional(lit(REPORT_STATUSES)), month: Type.Optional(Month),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, default: 0 }),
      }),
      response: { 200: Any, ...errorResponses },
    },
  }, async (request) => p.listReports(request.ctx, (request.params as { id: string }).id, request.query as never));
  api.put('/activities/:id/reports/:month', {
    config: { policy: { resource: 'report', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Save a monthly report (all its cells); submit=true sends it for review',
      params: Type.Object({ id: Type.String({ maxLength: 100 }), month: Month }),
      body: Type.Object({ rows: Type.Array(Cell, { maxItems: 200 }), submit: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Any, ...errorResponses },
    },
  }, async (request) => {
    const { id, month } = request.params as { id: string; month: string };
    const body = request.body as { rows: never[]; submit?: boolean };
    return p.saveReport(request.ctx, id, month, body.rows, body.submit ?? false);
  });
  api.get('/reports/:id', {
    config: { policy: { resource: 'report', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'One report (the reviewer\'s note only for reviewers)', params: Id, response: { 200: Any, ...errorResponses } },
  }, async (request) => p.getReport(request.ctx, (request.params as { id: string }).id));
  api.post('/reports/:id/review', {
    config: { policy: { resource: 'report', action: 'validate' } },
    schema: {
      tags: ['platforms'], summary: 'Validate a submitted report, or return it with a note (sector or platform co-leads)', params: Id,
      body: Type.Object({ decision: lit(['validate', 'return']), note: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false }),
      response: { 200: Any, ...errorResponses },
    },
  }, async (request) => p.review(request.ctx, (request.params as { id: string }).id, request.body as never));

  api.get('/plans/:id/dashboard', {
    config: read,
    schema: {
      tags: ['platforms'], summary: 'People reached (consolidated, by the counting rules) and targets by sector, area and group; transit assistance; months; partners; funding',
      params: Id, querystring: Type.Object({ until: Type.Optional(Month), include: Include, format: Format }),
      response: { 200: Any, ...errorResponses },
    },
  }, async (request, reply) => {
    const q = request.query as { until?: string; include?: 'validated' | 'submitted'; format: string };
    const d = await p.dashboard((request.params as { id: string }).id, q);
    if (q.format === 'json') return d;
    const rows: DashRow[] = [];
    const add = (measure: string, dimension: string, r: Record<string, number>) => { for (const [key, value] of Object.entries(r)) rows.push({ measure, dimension, key, value }); };
    rows.push({ measure: 'people reached', dimension: 'inter-sector', key: 'all', value: d.peopleReached.interSector });
    add('people reached', 'sector', d.peopleReached.bySector); add('people reached', 'area', d.peopleReached.byArea); add('people reached', 'group', d.peopleReached.byGroup);
    rows.push({ measure: 'target', dimension: 'inter-sector', key: 'all', value: d.targets.interSector });
    add('target', 'sector', d.targets.bySector); add('target', 'area', d.targets.byArea); add('target', 'group', d.targets.byGroup);
    rows.push({ measure: 'times assisted in transit (not persons)', dimension: 'all', key: 'all', value: d.timesAssistedInTransit });
    for (const m of d.byMonth) rows.push({ measure: 'people reached in the month (not to be summed across months)', dimension: 'month', key: m.month, value: m.people });
    for (const b of d.byPartner) rows.push({ measure: 'sum of the partner\'s activities (may count people twice)', dimension: 'partner', key: b.partner, value: b.activitySum });
    for (const f of d.funding) {
      rows.push({ measure: 'requirements USD', dimension: 'sector', key: f.sector, value: f.requirementsUsd });
      rows.push({ measure: 'funding USD', dimension: 'sector', key: f.sector, value: f.fundingUsd });
    }
    return sendHxl(reply, listAsDataset(DASH_HXL, rows), q.format, 'dashboard');
  });
  api.get('/plans/:id/monthly', {
    config: read,
    schema: {
      tags: ['platforms'], summary: 'One month\'s people reached by the same rules; monthly totals are never summed across months (month is required)',
      params: Id, querystring: Type.Object({ month: Type.Optional(Month), include: Include }), response: { 200: Any, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query as { month?: string; include?: 'validated' | 'submitted' };
    return p.monthFigures((request.params as { id: string }).id, q.month, q.include);
  });

  api.get('/plans/:id/template', {
    config: { policy: { resource: 'activity', action: 'read' } },
    schema: {
      tags: ['platforms'], summary: 'The reporting template for your activities and a month, as XLSX (with drop-down lists) or HXL CSV',
      params: Id, querystring: Type.Object({ month: Month, format: Type.Union([Type.Literal('xlsx'), Type.Literal('hxl')], { default: 'xlsx' }) }),
      response: { 200: Any, ...errorResponses },
    },
  }, async (request, reply) => {
    const { month, format } = request.query as { month: string; format: 'xlsx' | 'hxl' };
    const planId = (request.params as { id: string }).id;
    const plan = await p.planById(planId);
    const rows = await templateRows(p, request.ctx, planId, month);
    if (format === 'hxl') return sendHxl(reply, templateDataset(rows), 'hxl', `report-template-${month}`);
    const platform = await p.getPlatform(plan.platform_id);
    const areas = await p.adminAreas(platform.country ?? undefined);
    const lists = templateLists(platform, await p.indicators(), areas.map((a) => a.pcode), { startMonth: plan.start_month, endMonth: plan.end_month });
    const out = new PassThrough();
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="report-template-${month}.xlsx"`);
    void writeTemplateXlsx(rows, lists, out).catch((e: Error) => out.destroy(e));
    return reply.send(out);
  });

  await fileUploadRoute(api, '/plans/:id/reports/upload', {
    config: { policy: { resource: 'report', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Upload a filled reporting template (XLSX or HXL CSV, the raw body): all or nothing, errors by row and column',
      params: Id, querystring: Type.Object({ filename: Type.String({ minLength: 1, maxLength: 255 }), submit: Type.Boolean({ default: false }) }),
      response: { 200: Any, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
    },
  }, async (request, _reply, file) => uploadReports(p, request.ctx, (request.params as { id: string }).id, file.path,
    { submit: (request.query as { submit: boolean }).submit, file: file.name }));
}
