import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { DomainError, ValidationError } from '../core/errors.js';
import type { Api } from './api.js';

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

class TooLargeError extends DomainError {
  constructor(limit: number) {
    super('too_large', `the file is larger than ${Math.round(limit / 1048576)} MB`);
  }
}

/**
 * Registers routes whose request body is a file, whatever its content type: the body reaches the handler
 * as the raw stream (the global body limit does not apply; `withUploadedFile` applies its own).
 */
export async function fileRoutes(api: Api, register: (scope: Api) => void): Promise<void> {
  await api.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    register(scope);
  });
}

/**
 * Streams the request's body to a temporary file (413 above `maxUploadBytes`), runs `handle` with its path
 * and the safe name given in `?filename=`, and removes the copy afterwards.
 */
export async function withUploadedFile<T>(request: FastifyRequest, filename: string, handle: (file: UploadedFile) => Promise<T>): Promise<T> {
  const name = safeFileName(filename);
  const body = request.body;
  if (!(body instanceof Readable)) throw new ValidationError('the request body must be the file', [{ field: 'body', message: 'empty' }]);
  const dir = await mkdtemp(join(tmpdir(), 'tandem-upload-'));
  const path = join(dir, name);
  try {
    const limit = maxUploadBytes();
    let received = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        if (received > limit) cb(new TooLargeError(limit));
        else cb(null, chunk);
      },
    });
    await pipeline(body, cap, createWriteStream(path));
    if (received === 0) throw new ValidationError('the file is empty', [{ file: name, message: 'empty' }]);
    return await handle({ path, name });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
