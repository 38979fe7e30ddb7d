import { Type, type TSchema } from '@sinclair/typebox';
import { DECIDABLE_ARRANGEMENTS, SITUATION_KINDS } from '../coordination/arrangements.js';
import { POPULATION_TYPES } from '../vocabulary/population-types.js';

const literalUnion = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));

export const Iso3 = Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 3166-1 alpha-3 code' });
export const Year = Type.Integer({ minimum: 1900, maximum: 2100 });

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
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 500: ErrorBody };

export const PopulationTypeSchema = Type.Object({
  code: literalUnion(POPULATION_TYPES),
  group: Type.String(),
  authority: Type.String(),
  agency: Type.Union([Type.Literal('UNHCR'), Type.Literal('IOM'), Type.Null()]),
  names: Type.Record(Type.String(), Type.String()),
});

export const CountrySchema = Type.Object({
  iso3: Type.String(), iso2: Type.Union([Type.String(), Type.Null()]), m49: Type.Union([Type.String(), Type.Null()]),
  names: Type.Record(Type.String(), Type.String()),
  region: Type.Union([Type.String(), Type.Null()]), subregion: Type.Union([Type.String(), Type.Null()]),
  intermediateRegion: Type.Union([Type.String(), Type.Null()]), pseudo: Type.Boolean(),
});

export const OrganisationSchema = Type.Object({
  id: Type.String(), slug: Type.String(), name: Type.String(), kind: Type.String(),
  refugeeLed: Type.Boolean(), migrantLed: Type.Boolean(),
});

export const FigureSchema = Type.Object({
  id: Type.String(), refDate: Type.String(), year: Type.Integer(),
  origin: Type.Union([Type.String(), Type.Null()]), host: Type.String(), area: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(), sex: Type.String(), value: Type.Number(), includesProtection: Type.Boolean(),
  source: Type.Object({ organisation: Type.String(), dataset: Type.String(), row: Type.Union([Type.Integer(), Type.Null()]) }),
  method: Type.String(), batchId: Type.Union([Type.String(), Type.Null()]), version: Type.Integer(), recordedAt: Type.String(),
});

export const FigureQuery = Type.Object({
  year: Type.Optional(Year),
  type: Type.Optional(literalUnion(POPULATION_TYPES)),
  origin: Type.Optional(Iso3),
  host: Type.Optional(Iso3),
  source: Type.Optional(Type.String({ description: 'source organisation slug, e.g. unhcr' })),
  dataset: Type.Optional(Type.String()),
  batch: Type.Optional(Type.String({ maxLength: 100, description: 'import batch id: the figures that import inserted or last updated' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  after: Type.Optional(Type.String({ description: 'cursor: the nextCursor of the previous page' })),
  format: Type.Union(['json', 'csv', 'hxl', 'hxl-json', 'hxl-objects', 'xlsx'].map((f) => Type.Literal(f)), {
    default: 'json', description: 'json: a page; csv: every match as plain CSV; hxl, hxl-json, hxl-objects, xlsx: every match in Tandem\'s HXL profile, streamed',
  }),
});

export const SituationSchema = Type.Object({
  id: Type.String(), slug: Type.String(), name: Type.String(), kind: Type.String(), description: Type.String(),
  origins: Type.Array(Type.String()), hosts: Type.Array(Type.String()), areas: Type.Array(Type.String()),
  createdAt: Type.String(),
});

export const NewSituationBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,59}$' })),
  kind: Type.Optional(literalUnion(SITUATION_KINDS)),
  origins: Type.Array(Iso3, { maxItems: 50 }),
  hosts: Type.Array(Iso3, { minItems: 1, maxItems: 50 }),
  areas: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 500 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
}, { additionalProperties: false });

export const SourceTotalSchema = Type.Object({
  type: Type.String(), sourceOrg: Type.String(), sourceDataset: Type.String(), value: Type.Number(),
  oldestDate: Type.String(), newestDate: Type.String(), includesProtection: Type.Boolean(),
  figureIds: Type.Array(Type.String()), role: Type.String(),
});

export const RecommendationSchema = Type.Object({
  situation: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), kind: Type.String() }),
  arrangement: Type.String(), description: Type.String(), provisional: Type.Boolean(),
  share: Type.Union([Type.Number(), Type.Null()]), threshold: Type.Number(),
  protection: Type.Number(), migrants: Type.Number(), internal: Type.Number(), undifferentiated: Type.Number(),
  disasterPlatformFlag: Type.Boolean(),
  lead: Type.Object({
    lead: Type.Union([Type.String(), Type.Null()]), support: Type.Union([Type.String(), Type.Null()]),
    coLeads: Type.Array(Type.String()),
  }),
  inputs: Type.Array(SourceTotalSchema),
  warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  policyVersion: Type.String(), asOf: Type.String(),
});

export const DecisionBody = Type.Object({
  arrangement: literalUnion(DECIDABLE_ARRANGEMENTS),
  rationale: Type.Optional(Type.String({ maxLength: 8000 })),
  decidedOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  year: Type.Optional(Year),
  agency: Type.Optional(Type.Union([Type.Literal('iom'), Type.Literal('unhcr')], { description: 'the agency you sign for, if you represent both' })),
}, { additionalProperties: false });

const SignatoryView = Type.Object({
  name: Type.Union([Type.String(), Type.Null()]), accountId: Type.Union([Type.String(), Type.Null()]),
  signedAt: Type.Union([Type.String(), Type.Null()]),
});
export const DecisionSchema = Type.Object({
  id: Type.String(), situationId: Type.String(), status: Type.String(), arrangement: Type.String(), recommendedArrangement: Type.String(),
  differsFromRecommendation: Type.Boolean(), rationale: Type.Union([Type.String(), Type.Null()]), decidedOn: Type.String(),
  signatories: Type.Object({ iom: SignatoryView, unhcr: SignatoryView }),
  policyVersion: Type.String(), recommendation: Type.Unknown(), recordedAt: Type.String(),
});

/** `?format=`: the list as JSON (default) or exported in HXL (CSV, JSON arrays, JSON objects) or XLSX. */
export const ExportQuery = Type.Object({
  format: Type.Union(['json', 'hxl', 'hxl-json', 'hxl-objects', 'xlsx'].map((f) => Type.Literal(f)), { default: 'json' }),
});

export const RefParams = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 100, description: 'situation id or slug' }) });
export const YearQuery = Type.Object({ year: Type.Optional(Year) });

export function page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
}
