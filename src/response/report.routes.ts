import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { sendHxl, sendStream } from '../http/hxl-reply.js';
import { ErrorBody, errorResponses } from '../http/schemas.js';
import { fileRoutes, withUploadedFile } from '../http/upload.js';
import type { ReportService } from './report.service.js';
import {
  PlanParams, ReportListQuery, ReportMonthParams, ReportPageSchema, ReportParams, ReportSchema, ReviewBody, SavedReportSchema, SaveReportBody,
  TemplateQuery, TemplateRowSchema, UploadQuery, UploadResultSchema,
} from './response.schemas.js';
import type { TemplateService } from './template.service.js';

/** Monthly reports: the partner's form and upload, the template, the reviewers' queue and review. */
export async function reportRoutes(api: Api, app: { reports: ReportService; templates: TemplateService }): Promise<void> {
  api.get('/plans/:id/reports', {
    config: { policy: { resource: 'report', action: 'read' } },
    schema: {
      tags: ['platforms'], summary: 'Monthly reports you may see (status=submitted: the reviewer\'s queue)', params: PlanParams, querystring: ReportListQuery,
      response: { 200: ReportPageSchema, ...errorResponses },
    },
  }, async (request) => app.reports.listReports(request.ctx, request.params.id, request.query));

  api.put('/activities/:id/reports/:month', {
    config: { policy: { resource: 'report', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Save a monthly report (all its cells); submit=true sends it for review',
      params: ReportMonthParams, body: SaveReportBody, response: { 200: SavedReportSchema, ...errorResponses },
    },
  }, async (request) => app.reports.saveReport(request.ctx, request.params.id, request.params.month, request.body.rows, request.body.submit ?? false));

  api.get('/reports/:id', {
    config: { policy: { resource: 'report', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'One report (the reviewer\'s note only for reviewers)', params: ReportParams, response: { 200: ReportSchema, ...errorResponses } },
  }, async (request) => app.reports.getReport(request.ctx, request.params.id));

  api.post('/reports/:id/review', {
    config: { policy: { resource: 'report', action: 'validate' } },
    schema: {
      tags: ['platforms'], summary: 'Validate a submitted report, or return it with a note (sector or platform co-leads)',
      params: ReportParams, body: ReviewBody, response: { 200: ReportSchema, ...errorResponses },
    },
  }, async (request) => app.reports.review(request.ctx, request.params.id, request.body));

  api.get('/plans/:id/template', {
    config: { policy: { resource: 'activity', action: 'read' } },
    schema: {
      tags: ['platforms'], summary: 'The reporting template for your activities and a month: XLSX (with drop-down lists), HXL CSV, or its rows as JSON',
      params: PlanParams, querystring: TemplateQuery, response: { 200: Type.Array(TemplateRowSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const { month, format } = request.query;
    if (format === 'json') return app.templates.rows(request.ctx, request.params.id, month);
    if (format === 'hxl') return sendHxl(reply, await app.templates.dataset(request.ctx, request.params.id, month), 'hxl', `report-template-${month}`);
    const workbook = await app.templates.xlsx(request.ctx, request.params.id, month);
    const out = new PassThrough();
    workbook.write(out).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
    return sendStream(reply, out, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `report-template-${month}.xlsx`);
  });

  await fileRoutes(api, (scope) => scope.post('/plans/:id/reports/upload', {
    config: { policy: { resource: 'report', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'Upload a filled reporting template (XLSX or HXL CSV, the raw body): all or nothing, errors by row and column',
      params: PlanParams, querystring: UploadQuery,
      response: { 200: UploadResultSchema, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
    },
  }, async (request) => {
    // The plan and the actor's right to report in it are checked before a byte of the body is read.
    await app.templates.precheck(request.ctx, request.params.id);
    return withUploadedFile(request, request.query.filename, (file) =>
      app.templates.upload(request.ctx, request.params.id, file.path, { submit: request.query.submit, file: file.name }));
  }));
}
