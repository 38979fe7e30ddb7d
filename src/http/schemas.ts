import { Type, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';

/** A choice among fixed values, from an `as const` list: the values travel to the OpenAPI document and the types. */
export function literals<const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}): TUnion<Array<TLiteral<T[number]>>> {
  return Type.Union(values.map((v) => Type.Literal(v)), options);
}

export const Iso3 = Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 3166-1 alpha-3 code' });
export const Year = Type.Integer({ minimum: 1900, maximum: 2100 });
/** A day that exists on the calendar (the `date` format is checked by every validator: core/validate.ts). */
export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD, a day that exists' });
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const ErrorBody = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Array(Type.Object({
    field: Type.Optional(Type.String()),
    file: Type.Optional(Type.String()),
    row: Type.Optional(Type.Integer()),
    column: Type.Optional(Type.String()),
    message: Type.String(),
  })),
  requestId: Type.String(),
});

/** The error responses every route may give, for the OpenAPI document. */
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 500: ErrorBody };

/** The formats a list exports in: JSON as it is, or HXL (CSV, JSON arrays, JSON objects) or XLSX. */
export const EXPORT_FORMATS = ['json', 'hxl', 'hxl-json', 'hxl-objects', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const Format = literals(EXPORT_FORMATS, { default: 'json', description: 'json, or the list exported as HXL CSV (hxl), HXL JSON (hxl-json, hxl-objects) or XLSX' });
export const ExportQuery = Type.Object({ format: Format });

/** A page of a list: its items, how many there are in all, and where the page starts. */
export function page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
}
/** How far into a list a page starts: bounded, so that `1e308` or `Infinity` is refused rather than reaching SQL. */
export const Offset = Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 });
export const PageQuery = { limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }), offset: Offset };

/** A conditional GET's answer when the client holds the current version. */
export const notModified = { 304: Type.Null({ description: 'unchanged since the ETag you sent (If-None-Match)' }) };
