import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

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

/** The session's CSRF token, sent in X-CSRF-Token with every write (from sign-in or /auth/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken_ = token;
}

/** The session's CSRF token, for the few requests made without the typed client (file uploads). */
export const csrfToken = (): string | null => csrfToken_;
let csrfToken_: string | null = null;

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken_) request.headers.set('x-csrf-token', csrfToken_);
    return request;
  },
};

/** The typed client: every path, parameter and answer comes from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(csrf);

async function toError(response: Response, body: unknown): Promise<ApiError> {
  const b = (body ?? {}) as { code?: string; message?: string; details?: ErrorDetail[] };
  return new ApiError(response.status, b.code ?? 'error', b.message ?? response.statusText, b.details ?? []);
}

/** The data of an answer, or an ApiError carrying the server's message and details. */
export async function unwrap<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (!response.ok) throw await toError(response, error);
  return data as T;
}

export type Schemas = components['schemas'];
export type Me = NonNullable<paths['/api/v1/auth/me']['get']['responses'][200]['content']['application/json']>;
export type User = Me['user'];
export type Situation = paths['/api/v1/situations/{ref}']['get']['responses'][200]['content']['application/json'];
export type Summary = paths['/api/v1/situations/{ref}/summary']['get']['responses'][200]['content']['application/json'];
export type Recommendation = paths['/api/v1/situations/{ref}/recommendation']['get']['responses'][200]['content']['application/json'];
export type Decision = paths['/api/v1/situations/{ref}/decisions']['get']['responses'][200]['content']['application/json'][number];
export type Overview = paths['/api/v1/overview']['get']['responses'][200]['content']['application/json'];
export type FigurePage = paths['/api/v1/figures']['get']['responses'][200]['content']['application/json'];
export type FigureQuery = NonNullable<paths['/api/v1/figures']['get']['parameters']['query']>;
export type Country = paths['/api/v1/countries']['get']['responses'][200]['content']['application/json'][number];
export type PopulationType = paths['/api/v1/population-types']['get']['responses'][200]['content']['application/json'][number];
export type ImportKind = paths['/api/v1/imports']['post']['parameters']['query']['kind'];
export type ImportSummary = paths['/api/v1/imports']['post']['responses'][201]['content']['application/json'];

/**
 * Uploads a file to import, reporting upload progress (fetch cannot): the body is the file itself.
 * Resolves with the import summary; rejects with the ApiError listing the rows at fault.
 */
export function uploadImport(kind: ImportKind, file: File, onProgress: (fraction: number) => void): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const q = new URLSearchParams({ kind, filename: file.name });
    xhr.open('POST', `/api/v1/imports?${q}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    if (csrfToken_) xhr.setRequestHeader('x-csrf-token', csrfToken_);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      const body = xhr.response as Record<string, unknown> | null;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportSummary);
      else reject(new ApiError(xhr.status, String(body?.code ?? 'error'), String(body?.message ?? xhr.statusText), (body?.details as ErrorDetail[]) ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error', []));
    xhr.send(file);
  });
}
