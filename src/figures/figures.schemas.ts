import { Type } from '@sinclair/typebox';
import { Format, Iso3, literals, Offset, Year } from '../http/schemas.js';
import { POPULATION_TYPES } from '../vocabulary/index.js';
import { METHOD_FLAGS } from './figure.model.js';

export const FigureSchema = Type.Object({
  id: Type.String(), refDate: Type.String(), year: Type.Integer(),
  origin: Type.Union([Type.String(), Type.Null()]), host: Type.String(), area: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(), sex: Type.String(),
  value: Type.Union([Type.Number(), Type.Null()], { description: 'null: below country level and hidden by disclosure control' }), includesProtection: Type.Boolean(),
  source: Type.Object({
    organisation: Type.String({ description: 'the organisation that asserts the figure (R1)' }), dataset: Type.String(), row: Type.Union([Type.Integer(), Type.Null()]),
    importedBy: Type.Union([Type.String(), Type.Null()], { description: 'the organisation whose account imported it' }),
  }),
  methodFlags: Type.Array(literals(METHOD_FLAGS)), demo: Type.Boolean(),
  method: Type.String(), batchId: Type.Union([Type.String(), Type.Null()]), version: Type.Integer(), recordedAt: Type.String(),
});

export const FigurePageSchema = Type.Object({
  items: Type.Array(FigureSchema), nextCursor: Type.Union([Type.String(), Type.Null()]),
  disclosure: Type.Object({
    k: Type.Integer({ description: 'the threshold of the policy in force' }),
    hidden: Type.Integer({ description: 'figures of this page below country level whose value is hidden' }),
  }),
});

export const FigureHistorySchema = Type.Object({
  figure: FigureSchema,
  history: Type.Array(Type.Object({
    version: Type.Integer(), value: Type.Union([Type.Number(), Type.Null()]), batchId: Type.Union([Type.String(), Type.Null()]),
    sourceRow: Type.Union([Type.Integer(), Type.Null()]), recordedAt: Type.String(), supersededAt: Type.Union([Type.String(), Type.Null()]),
  })),
});

export const FigureQuery = Type.Object({
  year: Type.Optional(Year),
  type: Type.Optional(literals(POPULATION_TYPES)),
  origin: Type.Optional(Iso3),
  host: Type.Optional(Iso3),
  source: Type.Optional(Type.String({ maxLength: 40, description: 'source organisation slug, e.g. unhcr' })),
  dataset: Type.Optional(Type.String({ maxLength: 200 })),
  batch: Type.Optional(Type.String({ maxLength: 100, description: 'import batch id: the figures that import inserted or last updated' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  after: Type.Optional(Type.String({ maxLength: 100, description: 'cursor: the nextCursor of the previous page' })),
  format: literals(['json', 'csv', 'hxl', 'hxl-json', 'hxl-objects', 'xlsx'] as const, {
    default: 'json', description: 'json: a page; csv: every match as plain CSV; hxl, hxl-json, hxl-objects, xlsx: every match in Tandem\'s HXL profile, streamed',
  }),
});

/** Every kind of file an import accepts, whatever the channel (CLI, API, UI). */
export const IMPORT_KINDS = ['unhcr-population', 'desa-stock', 'hxl', 'dtm'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const ImportSchema = Type.Object({
  id: Type.String(), kind: Type.String(), file: Type.String(), sha256: Type.String(), rowsRead: Type.Integer(), inserted: Type.Integer(),
  updated: Type.Integer(), unchanged: Type.Integer(), startedAt: Type.String(), finishedAt: Type.String(), orgId: Type.Union([Type.String(), Type.Null()]),
});
export const ImportListSchema = Type.Object({ items: Type.Array(ImportSchema), total: Type.Integer() });
export const ImportSummarySchema = Type.Object({
  kind: Type.String(), file: Type.String(), batchId: Type.Union([Type.String(), Type.Null()], { description: 'null when the file changed nothing' }),
  rowsRead: Type.Integer(), figuresRead: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(),
  elapsedMs: Type.Integer(),
});
export const ImportListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }), offset: Offset, format: Format,
});
export const ImportUploadQuery = Type.Object({
  kind: literals(IMPORT_KINDS, { description: 'unhcr-population, desa-stock, hxl (Tandem\'s HXL profile) or dtm (DTM API JSON or HXL CSV)' }),
  filename: Type.String({ minLength: 1, maxLength: 255, description: 'the file\'s name, used in error messages and the import record' }),
  asOrg: Type.Optional(Type.String({ maxLength: 40, description: 'the organisation you import for, when you belong to several: figures are asserted by it (R1)' })),
  dataset: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,59}$', description: 'hxl: the dataset name, kept with the publisher (default hxl); the file\'s name never is' })),
});

const OrgRef = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() });
export const DelegationSchema = Type.Object({
  id: Type.String(), from: OrgRef, to: OrgRef, note: Type.String(), createdAt: Type.String(), revokedAt: Type.Union([Type.String(), Type.Null()]), active: Type.Boolean(),
});
