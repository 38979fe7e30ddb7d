import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Cached } from '../core/cache.js';

/**
 * Conditional GET for a cached public answer: sends ETag and Last-Modified, and answers 304 with no body
 * when the client already holds this version (If-None-Match). Returns whether it answered.
 */
export function answeredNotModified(request: FastifyRequest, reply: FastifyReply, answer: Cached<unknown>): boolean {
  reply.header('etag', answer.etag).header('last-modified', answer.lastModified.toUTCString());
  // Anonymous readers may revalidate; signed-in answers stay no-store (the access hook sets it).
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
  const held = request.headers['if-none-match'];
  if (held && held.split(',').map((t) => t.trim().replace(/^W\//, '')).includes(answer.etag)) {
    void reply.code(304).send();
    return true;
  }
  return false;
}
