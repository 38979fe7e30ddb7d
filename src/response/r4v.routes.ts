import { PassThrough, Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { sendHxl, sendStream } from '../http/hxl-reply.js';
import { ErrorBody, errorResponses } from '../http/schemas.js';
import { fileRoutes, withUploadedFile } from '../http/upload.js';
import { listAsDataset, type HxlField } from '../hxl/index.js';
import type { ShownRow } from './r4v.disclosure.js';
import { errorDataset, errorLines, writeErrorReport } from './r4v.errors.js';
import { R4V_OUTPUT_COLUMNS, R4V_OUTPUT_HXL } from './r4v.layout.js';
import {
  CheckFileQuery, ConsolidatedQuery, ConsolidatedRowSchema, CountSchema, ErrorLineSchema, ErrorReportQuery, IndicatorTypesBody, PinQuery, PinTableQuery, PinTableSchema, PlatformRefParams, ProportionsQuery,
  R4vImportSchema, R4vSettingsBody, R4vSettingsSchema, R4vSettingsViewSchema, R4vUploadQuery,
} from './r4v.schemas.js';
import type { R4vService } from './r4v.service.js';
import { disclosureNote, outputCells, writeConsolidatedXlsx } from './r4v.xlsx.js';
import { PlanParams } from './response.schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OUTPUT_HXL: ReadonlyArray<HxlField<ShownRow>> = R4V_OUTPUT_COLUMNS.map((header, i) => [header, R4V_OUTPUT_HXL[i] ?? '#meta', (r) => outputCells(r)[i]]);

/** R4V's way of counting: settings and tables per platform, the 5W import, the consolidated report, the error report. */
export async function r4vRoutes(api: Api, app: { r4v: R4vService }): Promise<void> {
  api.get('/platforms/:ref/r4v/settings', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: { tags: ['platforms'], summary: 'How the platform consolidates people reached, R4V\'s way: model, per-country overrides, countries without admin 1', params: PlatformRefParams, response: { 200: R4vSettingsViewSchema, ...errorResponses } },
  }, async (request) => app.r4v.getSettings(request.ctx, request.params.ref));

  api.put('/platforms/:ref/r4v/settings', {
    config: { policy: { resource: 'r4v', action: 'update' } },
    schema: { tags: ['platforms'], summary: 'Set the consolidation model (per country too) and its settings (platform co-leads)', params: PlatformRefParams, body: R4vSettingsBody, response: { 200: R4vSettingsSchema, ...errorResponses } },
  }, async (request) => app.r4v.putSettings(request.ctx, request.params.ref, request.body));

  api.put('/platforms/:ref/r4v/indicator-types', {
    config: { policy: { resource: 'r4v', action: 'update' } },
    schema: { tags: ['platforms'], summary: 'Replace the platform\'s indicator types (which count towards people reached)', params: PlatformRefParams, body: IndicatorTypesBody, response: { 200: CountSchema, ...errorResponses } },
  }, async (request) => app.r4v.putIndicatorTypes(request.ctx, request.params.ref, request.body));

  api.get('/plans/:id/r4v/consolidated', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: {
      tags: ['platforms'],
      summary: 'The consolidated report in R4V\'s 23 columns (JSON, XLSX as R4V writes it, or HXL CSV); unreviewed figures for co-leads only; exact for the platform\'s members, '
        + 'under disclosure control for everyone else (hidden figures null or empty, the same in every format; the x-disclosure-hidden and x-disclosure-k headers say how many and k, the XLSX a "Disclosure" sheet)',
      params: PlanParams, querystring: ConsolidatedQuery, response: { 200: Type.Array(ConsolidatedRowSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const { format, ...q } = request.query;
    const { rows, disclosure } = await app.r4v.consolidated(request.ctx, request.params.id, q);
    if (disclosure.applied) reply.header('x-disclosure-hidden', String(disclosure.hidden)).header('x-disclosure-k', String(disclosure.k));
    if (format === 'json') return rows;
    if (format === 'hxl') return sendHxl(reply, listAsDataset(OUTPUT_HXL, rows), 'hxl', 'r4v-consolidated');
    const out = new PassThrough();
    writeConsolidatedXlsx(rows, out, disclosure.applied ? disclosureNote(disclosure) : undefined).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
    return sendStream(reply, out, XLSX, 'r4v-consolidated.xlsx');
  });

  api.get('/platforms/:ref/r4v/pin', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: {
      tags: ['platforms'], summary: 'The platform\'s people in need and targets by country, admin 1 and sector, and R4V\'s target ≤ PiN check over them',
      params: PlatformRefParams, querystring: PinTableQuery, response: { 200: PinTableSchema, ...errorResponses },
    },
  }, async (request) => app.r4v.pin(request.params.ref, request.query.country));

  api.get('/plans/:id/r4v/errors', {
    config: { policy: { resource: 'r4v', action: 'create' } },
    schema: {
      tags: ['platforms'], summary: 'R4V\'s 19 row checks over the plan\'s 5W rows: problems by row, column and check (JSON, HXL), or R4V\'s 5WErrorReport (XLSX)',
      params: PlanParams, querystring: ErrorReportQuery, response: { 200: Type.Array(ErrorLineSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const { format, ...q } = request.query;
    const { rows, hits, peopleType } = await app.r4v.errorReport(request.ctx, request.params.id, q);
    if (format === 'json') return errorLines(hits);
    if (format === 'hxl') return sendHxl(reply, errorDataset(hits), 'hxl', 'r4v-errors');
    const out = new PassThrough();
    writeErrorReport(rows, hits, out, peopleType).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
    return sendStream(reply, out, XLSX, '5WErrorReport.xlsx');
  });

  await fileRoutes(api, (scope) => {
    scope.post('/plans/:id/r4v/5w', {
      config: { policy: { resource: 'r4v', action: 'create' } },
      schema: {
        tags: ['platforms'], summary: 'Import an R4V 5W workbook (ActivityInfo\'s export layout, the raw body): activities matched or created, all or nothing, errors by row and column',
        params: PlanParams, querystring: R4vUploadQuery, response: { 200: R4vImportSchema, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    }, async (request) => {
      // The plan and the actor's right to import into it are checked before a byte of the body is read.
      await app.r4v.precheckImport(request.ctx, request.params.id);
      return withUploadedFile(request, request.query.filename, (file) => app.r4v.import5w(request.ctx, request.params.id, file.path, { submit: request.query.submit, file: file.name }));
    });
    scope.post('/plans/:id/r4v/5w/check', {
      config: { policy: { resource: 'r4v', action: 'create' } },
      schema: {
        tags: ['platforms'], summary: 'R4V\'s 19 row checks over a 5W workbook without importing it: problems by row, column and check (JSON, HXL), or R4V\'s 5WErrorReport (XLSX)',
        params: PlanParams, querystring: CheckFileQuery, response: { 200: Type.Array(ErrorLineSchema), 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    }, async (request, reply) => {
      await app.r4v.precheckImport(request.ctx, request.params.id);
      const { format, filename } = request.query;
      return withUploadedFile(request, filename, async (file) => {
        const { rows, hits, peopleType } = await app.r4v.checkFile(request.ctx, request.params.id, file.path);
        if (format === 'json') return errorLines(hits);
        if (format === 'hxl') return sendHxl(reply, errorDataset(hits), 'hxl', 'r4v-errors');
        // Written whole before the upload's copy is removed (the report is as small as the file it checks).
        const chunks: Buffer[] = [];
        const out = new PassThrough();
        out.on('data', (c: Buffer) => chunks.push(c));
        await writeErrorReport(rows, hits, out, peopleType);
        return sendStream(reply, Readable.from([Buffer.concat(chunks)]), XLSX, '5WErrorReport.xlsx');
      });
    });
    scope.post('/platforms/:ref/r4v/proportions', {
      config: { policy: { resource: 'r4v', action: 'update' } },
      schema: {
        tags: ['platforms'], summary: 'Replace the platform\'s sex/age proportions from R4V\'s Proportions workbook (the raw body)',
        params: PlatformRefParams, querystring: ProportionsQuery, response: { 200: CountSchema, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    }, async (request) => {
      await app.r4v.precheckChange(request.ctx, request.params.ref);
      return withUploadedFile(request, request.query.filename, (file) => app.r4v.importProportions(request.ctx, request.params.ref, file.path, request.query.basis));
    });
    scope.post('/platforms/:ref/r4v/pin', {
      config: { policy: { resource: 'r4v', action: 'update' } },
      schema: {
        tags: ['platforms'], summary: 'Replace the platform\'s people in need and targets from R4V\'s Proportions workbook (sheets "PiN 2022" and "Target", or those named; the raw body)',
        params: PlatformRefParams, querystring: PinQuery, response: { 200: CountSchema, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    }, async (request) => {
      await app.r4v.precheckChange(request.ctx, request.params.ref);
      const { filename, pinSheet, targetSheet } = request.query;
      return withUploadedFile(request, filename, (file) => app.r4v.importPin(request.ctx, request.params.ref, file.path, { pin: pinSheet, target: targetSheet }));
    });
  });
}
