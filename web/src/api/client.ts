import type { Client } from 'openapi-fetch';
import type { paths } from './schema';

/** The error body every API error has: a code, a message, and details naming the field or the file, row and column. */
export type ErrorDetail = { field?: string; file?: string; row?: number; column?: string; message: string };
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: ErrorDetail[]) {
    super(message);
  }
  /** The first detail about one field of the request body (`body.rationale` or `rationale`). */
  forField(name: string): string | undefined {
    return this.details.find((d) => d.field === name || d.field === `body.${name}`)?.message;
  }
}

/**
 * The server's message about one field of a body, whichever way it names it — `body.parties.1.org` (the
 * schema), `/body/parties/1/org`, or `parties[1].org` (a service) — read as `parties.1.org`; with `prefix`, a
 * message about one of its parts counts too. Undefined for anything but an ApiError.
 */
export function fieldMessage(error: unknown, name: string, prefix = false): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const norm = (f: string) => f.replace(/^\/?body[./]/, '').replace(/\[(\d+)\]/g, '.$1').replace(/^\//, '').replaceAll('/', '.');
  return error.details.find((d) => d.field && (norm(d.field) === name || (prefix && norm(d.field).startsWith(`${name}.`))))?.message;
}

/** The session's CSRF token, sent in X-CSRF-Token with every write (from sign-in or /auth/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
let csrfToken: string | null = null;

type Init = { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }; body?: unknown; signal?: AbortSignal };

/**
 * One request: path parameters filled in, the query appended (in the order given: the overview's request is the
 * one the page preloads), a JSON body, the CSRF token on every write. Answers `{ data }` or `{ error }` with the
 * response, as openapi-fetch's clients do.
 */
async function call(method: string, url: string, init: Init = {}): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  const path = url.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(init.params?.path?.[name] ?? '')));
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(init.params?.query ?? {})) if (v !== undefined && v !== null) query.append(k, String(v));
  const headers = new Headers();
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  const response = await fetch(query.size ? `${path}?${query}` : path, {
    method, headers, credentials: 'same-origin', signal: init.signal, body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = response.status === 204 ? '' : await response.text();
  let value: unknown;
  try { value = text ? JSON.parse(text) : undefined; } catch { value = undefined; }
  return response.ok ? { data: value, response } : { error: value, response };
}

/**
 * The typed client: every path, parameter and answer comes from the server's OpenAPI document (openapi-fetch's
 * types); the few lines above are its whole runtime, which keeps a library off the first load.
 */
export const api = {
  GET: (url: string, init?: Init) => call('GET', url, init),
  POST: (url: string, init?: Init) => call('POST', url, init),
  PUT: (url: string, init?: Init) => call('PUT', url, init),
  PATCH: (url: string, init?: Init) => call('PATCH', url, init),
  DELETE: (url: string, init?: Init) => call('DELETE', url, init),
} as unknown as Pick<Client<paths>, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'>;

function toError(status: number, statusText: string, body: unknown): ApiError {
  const b = (body ?? {}) as { code?: string; message?: string; details?: ErrorDetail[] };
  return new ApiError(status, b.code ?? 'error', b.message ?? statusText, b.details ?? []);
}

/** The data of an answer, or an ApiError carrying the server's message and details. */
export async function unwrap<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (!response.ok) throw toError(response.status, response.statusText, error);
  return data as T;
}

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body of a path's successful answer (200 or 201), as the server's schema describes it. */
export type Answer<P extends keyof paths, M extends keyof paths[P] = 'get' & keyof paths[P]> =
  paths[P][M] extends { responses: infer R } ? JsonOf<R[200 & keyof R]> | JsonOf<R[201 & keyof R]> : never;

export type Me = Answer<'/api/v1/auth/me'>;
export type User = Me['user'];
/** What the signed-in account may do anywhere, as the server's policy decides it. */
export type MeCan = Me['can'];
export type Organisation = Answer<'/api/v1/organisations'>[number];
export type Situation = Answer<'/api/v1/situations/{ref}'>;
export type Summary = Answer<'/api/v1/situations/{ref}/summary'>;
export type Recommendation = Answer<'/api/v1/situations/{ref}/recommendation'>;
export type Decision = Answer<'/api/v1/situations/{ref}/decisions'>[number];
export type Arrangement = Recommendation['arrangement'];
export type DecisionRights = Answer<'/api/v1/situations/{ref}/decisions/can'>;
export type Disagreement = Answer<'/api/v1/situations/{ref}/disagreements'>[number];
export type SnapshotPage = Answer<'/api/v1/situations/{ref}/recommendations'>;
export type ImportChange = Answer<'/api/v1/imports/{id}/recommendations'>[number];
export type Boundaries = Answer<'/api/v1/countries/{iso3}/boundaries'>;
export type Overview = Answer<'/api/v1/overview'>;
export type FigurePage = Answer<'/api/v1/figures'>;
export type FigureQuery = NonNullable<paths['/api/v1/figures']['get']['parameters']['query']>;
export type Country = Answer<'/api/v1/countries'>[number];
export type PopulationType = Answer<'/api/v1/population-types'>[number];
export type ImportKind = paths['/api/v1/imports']['post']['parameters']['query']['kind'];
export type ImportSummary = Answer<'/api/v1/imports', 'post'>;
export type PlatformSummary = Answer<'/api/v1/platforms'>[number];
export type Platform = Answer<'/api/v1/platforms/{ref}'>;
export type Plan = Answer<'/api/v1/plans/{id}'>;
export type DashboardQuery = paths['/api/v1/plans/{id}/dashboard']['get']['parameters']['query'];
export type Dashboard = Answer<'/api/v1/plans/{id}/dashboard'>;
export type Activity = Answer<'/api/v1/plans/{id}/activities'>[number];
export type ReportQuery = paths['/api/v1/plans/{id}/reports']['get']['parameters']['query'];
export type ReportPage = Answer<'/api/v1/plans/{id}/reports'>;
export type Report = Answer<'/api/v1/reports/{id}'>;
export type ReviewDecision = paths['/api/v1/reports/{id}/review']['post']['requestBody']['content']['application/json']['decision'];
export type ReportCell = paths['/api/v1/activities/{id}/reports/{month}']['put']['requestBody']['content']['application/json']['rows'][number];
export type TemplateUpload = Answer<'/api/v1/plans/{id}/reports/upload', 'post'>;

/** The routes that take a file as the raw request body (its name in the query). */
type UploadPath = '/api/v1/imports' | '/api/v1/plans/{id}/reports/upload' | '/api/v1/countries/{iso3}/boundaries'
  | '/api/v1/mapped-imports/preview' | '/api/v1/mapped-imports/flows' | '/api/v1/mapped-imports/figures'
  | '/api/v1/returns/{id}/declarations/upload';
type UploadParams<P extends UploadPath> = Pick<paths[P]['post']['parameters'], 'query' | 'path'>;

/** A route's URL with its path parameters filled in and its query appended. */
function urlOf(path: string, params: { query: Record<string, string | number | boolean | undefined>; path?: Record<string, string> }): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params.path?.[name] ?? ''));
  const query = new URLSearchParams(Object.entries(params.query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  return `${filled}?${query}`;
}

/**
 * Sends a file as the raw body of an upload route (imports, a filled 5W template), reporting how much of it has
 * gone, which fetch cannot: XMLHttpRequest. Resolves with the route's answer; rejects with the ApiError listing
 * the rows at fault, or status 0 when the network failed.
 */
export function uploadFile<P extends UploadPath>(path: P, params: UploadParams<P>, file: File, onProgress: (fraction: number) => void): Promise<Answer<P, 'post'>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', urlOf(path, params));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as Answer<P, 'post'>);
      else reject(toError(xhr.status, xhr.statusText, xhr.response));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error', []));
    xhr.send(file);
  });
}
