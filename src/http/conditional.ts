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

/** Each cached answer's JSON as its route serializes it: made once per answer, not once per request. */
const serialized = new WeakMap<object, string>();

/**
 * Answers a cached public read: 304 when the client holds this version, otherwise the answer, serialized by
 * the route's response schema only the first time it is sent (the answer is immutable once cached).
 */
export function sendCached<T>(request: FastifyRequest, reply: FastifyReply, answer: Cached<T>): T | undefined {
  if (answeredNotModified(request, reply, answer)) return undefined;
  let body = serialized.get(answer);
  if (body === undefined) {
    const made = reply.serialize(answer.value);
    body = typeof made === 'string' ? made : Buffer.from(made as ArrayBuffer).toString('utf8');
    serialized.set(answer, body);
  }
  const once = body;
  // A reply serializer of one's own leaves the content type to the route.
  void reply.type('application/json; charset=utf-8').serializer(() => once);
  return answer.value;
}
