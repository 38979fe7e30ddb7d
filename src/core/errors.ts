/** Stable error codes that clients can rely on; the HTTP layer maps each to a status. */
export const ERROR_CODES = [
  'not_found', 'forbidden', 'unauthenticated', 'validation_failed', 'conflict', 'import_failed', 'rate_limited', 'too_large', 'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one piece of input: a field path (API) or a file, row and column (imports). */
export interface ErrorDetail {
  field?: string;
  file?: string;
  row?: number;
  column?: string;
  message: string;
}

/** Base class of the errors the domain raises on purpose; anything else is an internal error. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Not found: the same words whether the object does not exist or the actor may not see it, and never
 * an id (a hidden object's id would tell that it exists).
 */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} was not found`);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('validation_failed', message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('conflict', message, details);
  }
}

/** Too many attempts: the client should wait `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('rate_limited', message);
  }
}

/** An import refused as a whole; `details` lists the rows at fault, `totalErrors` how many there were. */
export class ImportError extends DomainError {
  constructor(
    message: string,
    details: ErrorDetail[],
    readonly totalErrors: number = details.length,
  ) {
    super('import_failed', message, details);
  }
}

/** Where an error detail points, as a person reads it: `file.csv, row 12, column refugees`. */
export function describeLocation(d: ErrorDetail): string {
  const parts: string[] = [];
  if (d.file) parts.push(d.file);
  if (d.row !== undefined) parts.push(`row ${d.row}`);
  if (d.column) parts.push(`column ${d.column}`);
  if (d.field) parts.push(`field ${d.field}`);
  return parts.join(', ');
}

const LONG_VALUE = /"([^"]{201,})"/g;

/**
 * An error's words as they may be shown: a quoted value longer than 200 characters (a whole cell of a
 * hostile file, say) is cut to its first 200, with its length.
 */
export function clipValues(message: string): string {
  return message.length <= 200 ? message : message.replace(LONG_VALUE, (_m, v: string) => `"${v.slice(0, 200)}…" (${v.length.toLocaleString('en-US')} characters)`);
}

/** The error with every message clipped (see clipValues). */
export function clipError<T extends { message: string; details: ErrorDetail[] }>(e: T): { message: string; details: ErrorDetail[] } {
  return { message: clipValues(e.message), details: e.details.map((d) => ({ ...d, message: clipValues(d.message), ...(d.column ? { column: clipValues(d.column) } : {}) })) };
}
