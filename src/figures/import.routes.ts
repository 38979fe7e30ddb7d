import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { ValidationError } from '../core/errors.js';
import { replyList } from '../http/hxl-reply.js';
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

/** Largest file an upload accepts; `TANDEM_MAX_UPLOAD_MB` changes it. */
export function maxUploadBytes(): number {
  const mb = Number(process.env.TANDEM_MAX_UPLOAD_MB ?? 200);
  return Math.max(1, Number.isFinite(mb) ? mb : 200) * 1024 * 1024;
}

/** A file name fit to appear in error messages and the batch record: no directories, no odd characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^\p{L}\p{N}._\- ]/gu, '_').replace(/^\.+/, '').slice(0, 120);
  return clean || 'upload';
}

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

  // The upload's body is the file itself, whatever its content type, streamed to a temporary file: the
  // global 1 MiB body limit does not apply, the upload limit does.
  await api.register(async (upload) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    upload.post('/imports', {
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
    }, async (request, reply) => {
      const { kind, filename } = request.query as { kind: ImportKind; filename: string };
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw new ValidationError('the request body must be the file', [{ field: 'body', message: 'empty' }]);
      const dir = await mkdtemp(join(tmpdir(), 'tandem-upload-'));
      const path = join(dir, safeFileName(filename));
      try {
        const limit = maxUploadBytes();
        let received = 0;
        const cap = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            received += chunk.length;
            if (received > limit) cb(Object.assign(new Error(`the file is larger than ${Math.round(limit / 1048576)} MB`), { statusCode: 413 }));
            else cb(null, chunk);
          },
        });
        await pipeline(body, cap, createWriteStream(path));
        if (received === 0) throw new ValidationError('the file is empty', [{ file: safeFileName(filename), message: 'empty' }]);
        const summary = await app.imports.runKind(request.ctx, kind, path);
        return reply.status(summary.batchId ? 201 : 200).send(summary);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
