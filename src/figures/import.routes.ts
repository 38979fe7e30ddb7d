import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { replyList } from '../http/hxl-reply.js';
import { fileUploadRoute } from '../http/upload.js';
import { ErrorBody, errorResponses, ExportQuery } from '../http/schemas.js';
import type { HxlField } from '../hxl/table.js';
import { IMPORT_KINDS, type ImportKind } from './import.service.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const ImportSchema = Type.Object({
  id: Type.String(), kind: Type.String(), file: Type.String(), sha256: Type.String(), rowsRead: Type.Integer(), inserted: Type.Integer(),
  updated: Type.Integer(), unchanged: Type.Integer(), startedAt: Type.String(), finishedAt: Type.String(), orgId: Type.Union([Type.String(), Type.Null()]),
});
const ImportSummarySchema = Type.Object({
  kind: Type.String(), file: Type.String(), batchId: Type.Union([Type.String(), Type.Null()], { description: 'null when the file changed nothing' }),
  rowsRead: Type.Integer(), figuresRead: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(),
  elapsedMs: Type.Integer(),
});
const IMPORT_HXL: ReadonlyArray<HxlField<{ id: string; kind: string; file: string; rowsRead: number; inserted: number; updated: number; unchanged: number; finishedAt: string }>> = [
  ['Imported', '#date+imported', (b) => b.finishedAt], ['Kind', '#meta+type', (b) => b.kind], ['File', '#meta+source+file', (b) => b.file],
  ['Rows', '#meta+rows', (b) => b.rowsRead], ['Inserted', '#meta+inserted', (b) => b.inserted], ['Updated', '#meta+updated', (b) => b.updated],
  ['Unchanged', '#meta+unchanged', (b) => b.unchanged], ['Id', '#meta+id', (b) => b.id],
];

/** Import batches: list, one, and upload of a file to import (the same importers as the CLI). */
export async function importRoutes(api: FastifyInstance, app: App): Promise<void> {
  api.get('/imports', {
    config: { policy: { resource: 'import', action: 'read' } },
    schema: {
      tags: ['figures'], summary: 'Import batches of your organisation',
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }), offset: Type.Integer({ minimum: 0, default: 0 }),
        format: ExportQuery.properties.format,
      }),
      response: { 200: Type.Object({ items: Type.Array(ImportSchema), total: Type.Integer() }), ...errorResponses },
    },
  }, async (request, reply) => {
    const q = request.query as { limit: number; offset: number; format: string };
    const page = await app.imports.list(request.ctx, q);
    return replyList(reply, q.format, page, page.items, IMPORT_HXL, 'imports');
  });

  api.get('/imports/:id', {
    config: { policy: { resource: 'import', action: 'read' } },
    schema: { tags: ['figures'], summary: 'One import batch', params: Id, response: { 200: ImportSchema, ...errorResponses } },
  }, async (request) => app.imports.get(request.ctx, (request.params as { id: string }).id));

  await fileUploadRoute(api, '/imports', {
    config: { policy: { resource: 'import', action: 'create' } },
    schema: {
      tags: ['figures'],
      summary: 'Import a file (the request body is the file): all or nothing, row-level errors, the same file twice changes nothing',
      description: 'Send the file as the raw body (Content-Type: application/octet-stream). Imports run one at a time.',
      querystring: Type.Object({
        kind: Type.Union(IMPORT_KINDS.map((k) => Type.Literal(k)), { description: 'unhcr-population, desa-stock, hxl (Tandem\'s HXL profile) or dtm (DTM API JSON or HXL CSV)' }),
        filename: Type.String({ minLength: 1, maxLength: 255, description: 'the file\'s name, used in error messages and the import record' }),
      }),
      response: { 200: ImportSummarySchema, 201: ImportSummarySchema, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
    },
  }, async (request, reply, file) => {
    const summary = await app.imports.runKind(request.ctx, (request.query as { kind: ImportKind }).kind, file.path);
    return reply.status(summary.batchId ? 201 : 200).send(summary);
  });
}
