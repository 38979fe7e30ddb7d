import type { Api } from '../http/api.js';
import { replyList } from '../http/hxl-reply.js';
import { ErrorBody, errorResponses, IdParams } from '../http/schemas.js';
import { fileRoutes, safeFileName, withUploadedFile } from '../http/upload.js';
import type { HxlField } from '../hxl/index.js';
import type { ImportService } from './import.service.js';
import { ImportListQuery, ImportListSchema, ImportSchema, ImportSummarySchema, ImportUploadQuery } from './figures.schemas.js';

const IMPORT_HXL: ReadonlyArray<HxlField<{ id: string; kind: string; file: string; rowsRead: number; inserted: number; updated: number; unchanged: number; finishedAt: string }>> = [
  ['Imported', '#date+imported', (b) => b.finishedAt], ['Kind', '#meta+type', (b) => b.kind], ['File', '#meta+source+file', (b) => b.file],
  ['Rows', '#meta+rows', (b) => b.rowsRead], ['Inserted', '#meta+inserted', (b) => b.inserted], ['Updated', '#meta+updated', (b) => b.updated],
  ['Unchanged', '#meta+unchanged', (b) => b.unchanged], ['Id', '#meta+id', (b) => b.id],
];

/** Import batches: list, one, and upload of a file to import (the same importers as the CLI). */
export async function importRoutes(api: Api, app: { imports: ImportService }): Promise<void> {
  api.get('/imports', {
    config: { policy: { resource: 'import', action: 'read' } },
    schema: { tags: ['figures'], summary: 'Import batches of your organisation', querystring: ImportListQuery, response: { 200: ImportListSchema, ...errorResponses } },
  }, async (request, reply) => {
    const page = await app.imports.list(request.ctx, request.query);
    return replyList(reply, request.query.format, page, page.items, IMPORT_HXL, 'imports');
  });

  api.get('/imports/:id', {
    config: { policy: { resource: 'import', action: 'read' } },
    schema: { tags: ['figures'], summary: 'One import batch', params: IdParams, response: { 200: ImportSchema, ...errorResponses } },
  }, async (request) => app.imports.get(request.ctx, request.params.id));

  await fileRoutes(api, (scope) => scope.post('/imports', {
    config: { policy: { resource: 'import', action: 'create' } },
    schema: {
      tags: ['figures'],
      summary: 'Import a file (the request body is the file): all or nothing, row-level errors, the same file twice changes nothing',
      description: 'Send the file as the raw body (Content-Type: application/octet-stream). Imports run one at a time.',
      querystring: ImportUploadQuery,
      response: { 200: ImportSummarySchema, 201: ImportSummarySchema, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
    },
  }, async (request, reply) => {
    const { kind, filename, asOrg, dataset } = request.query;
    // The account, its organisation and the file's publisher are checked before a byte of the body is read.
    await app.imports.precheck(request.ctx, kind, safeFileName(filename), asOrg);
    const summary = await withUploadedFile(request, filename, (file) => app.imports.runKind(request.ctx, kind, file.path, { asOrg, dataset }));
    return reply.status(summary.batchId ? 201 : 200).send(summary);
  }));
}
