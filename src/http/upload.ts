import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { ValidationError } from '../core/errors.js';

/** Largest file an upload accepts; `TANDEM_MAX_UPLOAD_MB` changes it. */
export function maxUploadBytes(): number {
  const mb = Number(process.env.TANDEM_MAX_UPLOAD_MB ?? 200);
  return Math.max(1, Number.isFinite(mb) ? mb : 200) * 1024 * 1024;
}

/** A file name fit to appear in error messages and records: no directories, no odd characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^\p{L}\p{N}._\- ]/gu, '_').replace(/^\.+/, '').slice(0, 120);
  return clean || 'upload';
}

export interface UploadedFile {
  /** The temporary copy, removed when the handler returns. */
  path: string;
  /** The user's file name, made safe. */
  name: string;
}

/**
 * Registers a POST route whose body is a file, whatever its content type: the body is streamed to a
 * temporary file (the global body limit does not apply, `maxUploadBytes` does: 413 above it), the handler
 * gets its path and the safe name given in `?filename=`, and the copy is removed afterwards.
 */
export async function fileUploadRoute(
  api: FastifyInstance, url: string, options: RouteShorthandOptions,
  handle: (request: FastifyRequest, reply: FastifyReply, file: UploadedFile) => Promise<unknown>,
): Promise<void> {
  await api.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post(url, options, async (request, reply) => {
      const name = safeFileName((request.query as { filename?: string }).filename ?? '');
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw new ValidationError('the request body must be the file', [{ field: 'body', message: 'empty' }]);
      const dir = await mkdtemp(join(tmpdir(), 'tandem-upload-'));
      const path = join(dir, name);
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
        if (received === 0) throw new ValidationError('the file is empty', [{ file: name, message: 'empty' }]);
        return await handle(request, reply, { path, name });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
