import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { ANONYMOUS, type Ctx } from '../core/actor.js';
import { clipError, clipValues, DomainError, RateLimitedError, ValidationError, type ErrorCode, type ErrorDetail } from '../core/errors.js';
import { FORMATS } from '../core/validate.js';
import type { TandemModule } from '../core/module.js';
import { MODULES } from '../modules.js';
import { registerAuth } from './auth.plugin.js';
import { securityHeaders } from './security-headers.js';

const STATUS: Record<ErrorCode, number> = {
  not_found: 404, forbidden: 403, unauthenticated: 401, validation_failed: 400, conflict: 409, import_failed: 422,
  rate_limited: 429, too_large: 413, unavailable: 503,
};

// Query strings and paths are text: their numbers and booleans are coerced. A JSON body is never coerced:
// `null`, `""` or `"12"` where a number is due is refused with the field named, never turned into 0.
const AJV_OPTIONS = { removeAdditional: false, useDefaults: true, allErrors: true, strictNumbers: true, strict: 'log' } as const;
const coercing = new Ajv({ ...AJV_OPTIONS, coerceTypes: 'array' });
const exact = new Ajv({ ...AJV_OPTIONS, coerceTypes: false });
for (const [name, validate] of Object.entries(FORMATS)) for (const ajv of [coercing, exact]) ajv.addFormat(name, { type: 'string', validate });

/** A request Fastify could not route (a malformed URL, say), answered in the documented error shape. */
function answerBadRequest(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(400).send({ code: 'validation_failed', message: clipValues(error.message), details: [], requestId: String(request.id) });
}

/** How deep parsed input may nest: deeper is no document Tandem reads, and walking it would exhaust the stack. */
const MAX_INPUT_DEPTH = 64;

/**
 * What is wrong with parsed input (path, query, JSON body) wherever it hides, as a field path: a NUL character
 * (PostgreSQL cannot store one in text), or nesting deeper than MAX_INPUT_DEPTH.
 */
function inputProblem(value: unknown, path = '', depth = 0): ErrorDetail | null {
  if (typeof value === 'string') return value.includes('\u0000') ? { field: path || 'request', message: 'contains a NUL character' } : null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { field: path, message: 'must be a finite number' };
  // Any object's own fields (Fastify's params object has a prototype of its own), but not a streamed upload.
  if (typeof value !== 'object' || value === null || value instanceof Readable || Buffer.isBuffer(value)) return null;
  if (depth > MAX_INPUT_DEPTH) return { field: path, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const at = Array.isArray(value) ? `${path}${k}` : path ? `${path}.${k.replaceAll('\u0000', '\\0')}` : k;
    if (k.includes('\u0000')) return { field: at, message: 'contains a NUL character' };
    const found = inputProblem(v, at, depth + 1);
    if (found) return found;
  }
  return null;
}


/** A database that is down or restarting (connection refused, reset, terminated, pool timeout). */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003', '08000'].includes(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i.test(error.message);
}

/** A 2xx response schema that says what the answer holds: an object with properties, an array with items, or nothing (204). */
function describesSuccess(status: string, schema: unknown): boolean {
  if (status === '204') return true;
  if (typeof schema !== 'object' || schema === null) return false;
  const s = schema as { properties?: object; items?: object; anyOf?: unknown[] };
  return s.properties !== undefined || s.items !== undefined || (Array.isArray(s.anyOf) && s.anyOf.every((x) => describesSuccess(status, x)));
}

export type Server = FastifyInstance;

/** Builds the HTTP server: the API under /api/v1, the OpenAPI document at /openapi.json, docs at /docs. */
export interface ServerOptions {
  logger?: boolean;
  /**
   * Leaves out identification and authorization entirely. Only `npm run bench` sets it, to measure what the
   * access layer costs against the same server without it; nothing else can reach it (no flag, no setting).
   */
  withoutAccessLayerForBenchmark?: boolean;
  /** The built web interface (`npm run build` writes it to dist/web); served at / when present. */
  webRoot?: string;
}

/** dist/web at the repository's root, whether this file runs from src/http (tsx) or dist/http (built). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export async function buildServer(app: App, opts: ServerOptions = {}): Promise<Server> {
  const server = Fastify({
    logger: opts.logger ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    bodyLimit: 1024 * 1024,
    // A malformed URL or header answers in the documented error shape too.
    frameworkErrors: answerBadRequest,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // A NUL byte or a needlessly deep document is refused wherever it travels: 400, naming the field.
  server.addHook('preValidation', async (request) => {
    const found = inputProblem({ params: request.params, querystring: request.query, body: request.body });
    if (found) throw new ValidationError('the request is not valid', [found]);
  });
  // Ajv turns "Infinity" in a query string into a number and then checks neither minimum nor maximum on it:
  // after validation, a number that is not finite is refused too (a JSON body cannot hold one).
  server.addHook('preHandler', async (request) => {
    const found = inputProblem({ params: request.params, querystring: request.query });
    if (found) throw new ValidationError('the request is not valid', [found]);
  });
  server.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema));

  // Every route, as registered, so that a test can hold the OpenAPI document (and later the policy) to all of them.
  const routes: Array<{ method: string; url: string; hidden: boolean; policy: unknown; public: boolean }> = [];
  server.addHook('onRoute', (r) => {
    const config = (r.config ?? {}) as { policy?: unknown; public?: boolean };
    if (r.url.startsWith('/api/') && !config.policy && !config.public) {
      throw new Error(`route ${String(r.method)} ${r.url} has no policy entry: declare config.policy or config.public`);
    }
    if (r.url.startsWith('/api/')) {
      const responses = Object.entries((r.schema as { response?: Record<string, unknown> } | undefined)?.response ?? {}).filter(([code]) => code.startsWith('2'));
      const vague = responses.filter(([code, schema]) => !describesSuccess(code, schema)).map(([code]) => code);
      if (responses.length === 0 || vague.length > 0) {
        throw new Error(`route ${String(r.method)} ${r.url} has no response schema saying what ${vague.length ? vague.join(', ') : 'its success'} holds: declare one with properties or items`);
      }
    }
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') {
        routes.push({ method, url: r.url, hidden: (r.schema)?.hide === true, policy: config.policy ?? null, public: config.public === true });
      }
    }
  });
  server.decorate('registeredRoutes', routes);

  // The same headers on every answer (pages, API, files, errors): computed once by helmet.
  const headers = await securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], fontSrc: ["'self'"],
        connectSrc: ["'self'"], objectSrc: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  server.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  await server.register(cookie);
  if (opts.withoutAccessLayerForBenchmark) {
    server.decorateRequest('ctx', null as unknown as Ctx);
    server.addHook('onRequest', async (request) => { request.ctx = { actor: ANONYMOUS, requestId: String(request.id) }; });
  } else {
    await registerAuth(server, app);
  }

  await server.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tandem API',
        version: '0.1.0',
        description: 'Situations, population figures, the IOM-UNHCR lead recommendation and signed decisions.',
      },
    },
  });
  // Swagger UI's page needs inline styles; its own CSP (with hashes for its scripts) replaces ours there.
  await server.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { validatorUrl: null } });

  server.setErrorHandler((error: FastifyError, request, reply) => {
    const requestId = String(request.id);
    if (error instanceof DomainError) {
      if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(STATUS[error.code]).send({ code: error.code, ...clipError(error), requestId });
    }
    if (error.validation) {
      const details = validationDetails(error.validation, error.validationContext);
      return reply.status(400).send({ code: 'validation_failed', ...clipError({ message: 'the request is not valid', details }), requestId });
    }
    if (isUnavailable(error)) {
      // The database is restarting or unreachable: say so at once, never hang (the pool fails fast).
      reply.header('retry-after', '5');
      return reply.status(503).send({ code: 'unavailable', message: 'the database is not reachable just now: try again in a few seconds', details: [], requestId });
    }
    if (error.statusCode && error.statusCode < 500) {
      // Fastify's own refusals (a malformed JSON body, an unsupported content type, a body over the limit) in
      // the documented shape and codes.
      const code: ErrorCode = error.statusCode === 413 ? 'too_large' : error.statusCode === 404 ? 'not_found' : error.statusCode === 429 ? 'rate_limited' : 'validation_failed';
      return reply.status(error.statusCode).send({ code, message: clipValues(error.message), details: [], requestId });
    }
    request.log.error({ err: error }, 'internal error');
    return reply.status(500).send({ code: 'internal', message: 'internal error', details: [], requestId });
  });
  // The web interface: hashed assets are immutable; any other page path is the application's to route. The
  // build writes a brotli and a gzip copy beside each file (web/vite.config.ts): sent as the browser accepts them.
  const webRoot = opts.webRoot ?? DEFAULT_WEB_ROOT;
  const hasWeb = existsSync(join(webRoot, 'index.html'));
  if (hasWeb) {
    await server.register(fastifyStatic, {
      root: webRoot, wildcard: true, index: 'index.html', cacheControl: false, preCompressed: true,
      setHeaders: (res, path) => {
        res.header('cache-control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  server.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage = request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/assets/') && !/\.[a-z0-9]+$/i.test(path);
    if (isPage) {
      if (hasWeb) return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
      return reply.type('text/plain; charset=utf-8').status(404).send('The web interface is not built: run `npm run build` (the API is at /api/v1, its documentation at /docs).');
    }
    return reply.status(404).send({ code: 'not_found', message: `no route ${request.method} ${path}`, details: [], requestId: String(request.id) });
  });

  server.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', database: app.database.engine }));
  server.get('/openapi.json', { schema: { hide: true } }, async () => server.swagger());

  await server.register(async (api) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    for (const m of MODULES as readonly TandemModule<string, any, object>[]) await m.routes?.(api, app);
  }, { prefix: '/api/v1' });

  return server;
}

type AjvError = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };

/**
 * Ajv's errors as details, one per problem: a choice among fixed values (a union of literals, which Ajv
 * reports as one `const` error per value and an `anyOf`) becomes a single "must be one of …".
 */
export function validationDetails(errors: readonly AjvError[], context: string | undefined): ErrorDetail[] {
  const choices = new Set(errors.filter((v) => v.keyword === 'anyOf').map((v) => v.instancePath));
  const allowed = new Map<string, unknown[]>();
  for (const v of errors) {
    if (v.keyword === 'const' && choices.has(v.instancePath)) allowed.set(v.instancePath, [...(allowed.get(v.instancePath) ?? []), v.params.allowedValue]);
  }
  const out: ErrorDetail[] = [];
  for (const v of errors) {
    const values = allowed.get(v.instancePath);
    if (v.keyword === 'const' && values) continue;
    const message = v.keyword === 'anyOf' && values ? `must be one of ${values.join(', ')}` : v.message ?? 'is not valid';
    out.push({ field: fieldPath(context, v.instancePath, v.params), message });
  }
  return out;
}

/** `body.iom.name`, `query.year`: where in the request a validation error lies. */
function fieldPath(context: string | undefined, instancePath: string, params: Record<string, unknown>): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (typeof params.missingProperty === 'string') parts.push(params.missingProperty);
  if (typeof params.additionalProperty === 'string') parts.push(params.additionalProperty);
  return [context ?? 'request', ...parts].join('.');
}
