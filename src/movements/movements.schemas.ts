import { Type, type Static } from '@sinclair/typebox';
import { Iso3, literals } from '../http/schemas.js';
import { MappingSpecSchema } from '../hxl/index.js';
import { DIRECTIONS, GRAINS, MEASURES, POINT_KINDS } from './movements.rules.js';

const Name = Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$', description: 'the mapping\'s name in your organisation: letters, digits, spaces, . _ -' });
const Slug = Type.String({ minLength: 1, maxLength: 40 });
const DayText = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

/** What a mapping's rows become: flow counts at monitoring points, or population figures (stocks). */
export const FlowsTarget = Type.Object({
  period: literals(GRAINS, { description: 'the period each count covers: dates are taken to its first day (month: YYYY-MM-01; week: the Monday)' }),
  sum: Type.Optional(Type.Boolean({ description: 'rows are events (incidents) summed into counts; otherwise two rows with the same point, period and dimensions must agree' })),
}, { additionalProperties: false });

export const FiguresTarget = Type.Object({
  dataset: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9][a-z0-9:_-]*$', description: 'the dataset name kept with the source: one per publication' }),
  source: Type.Optional(Slug),
  origin: Type.Optional(Iso3),
  date: DayText,
  projectedDate: Type.Optional(DayText),
}, { additionalProperties: false });

export const MappingBody = Type.Object({
  name: Name,
  target: literals(['flows', 'figures'] as const),
  read: MappingSpecSchema,
  flows: Type.Optional(FlowsTarget),
  figures: Type.Optional(FiguresTarget),
  asOrg: Type.Optional(Slug),
}, { additionalProperties: false });
export type MappingBody = Static<typeof MappingBody>;

export const MappingSchema = Type.Object({
  name: Type.String(), target: Type.String(), shipped: Type.Boolean(), organisation: Type.Union([Type.String(), Type.Null()]),
  read: MappingSpecSchema, flows: Type.Optional(FlowsTarget), figures: Type.Optional(FiguresTarget), updatedAt: Type.Union([Type.String(), Type.Null()]),
});
export const MappingListSchema = Type.Object({ items: Type.Array(MappingSchema) });
export const MappingNameParams = Type.Object({ name: Name });

export const MappedUploadQuery = Type.Object({
  mapping: Type.String({ minLength: 1, maxLength: 80, description: 'a saved mapping of your organisation, or one shipped with Tandem (dtm-flow-monitoring)' }),
  filename: Type.String({ minLength: 1, maxLength: 200 }),
  asOrg: Type.Optional(Slug),
  rows: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'preview: how many rows' })),
});

const Cell = Type.Object({ file: Type.Optional(Type.String()), row: Type.Optional(Type.Integer()), column: Type.Optional(Type.String()), message: Type.String() });
export const PreviewSchema = Type.Object({
  mapping: Type.String(), target: Type.String(), file: Type.String(), sheet: Type.Union([Type.String(), Type.Null()]),
  headers: Type.Array(Type.Object({ letter: Type.String(), header: Type.String(), tag: Type.Union([Type.String(), Type.Null()]) })),
  columns: Type.Array(Type.Object({ letter: Type.Union([Type.String(), Type.Null()]), header: Type.String(), tag: Type.String(), type: Type.String(), constant: Type.Union([Type.String(), Type.Null()]) })),
  rows: Type.Array(Type.Object({ row: Type.Integer(), values: Type.Array(Type.String()), errors: Type.Array(Cell) })),
  warnings: Type.Array(Type.String()),
  problems: Type.Array(Type.String({ description: 'what stops this mapping from importing into its target (a hashtag the target does not read, a column it needs)' })),
});

export const MappedImportSchema = Type.Object({
  target: Type.String(), file: Type.String(), mapping: Type.String(), batchId: Type.Union([Type.String(), Type.Null()]),
  rowsRead: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), pointsCreated: Type.Integer(),
  warnings: Type.Array(Type.String()),
});

export const NewPointBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 60, description: 'the P-code or the agency\'s code of the point' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  country: Iso3,
  kind: literals(POINT_KINDS),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  asOrg: Type.Optional(Slug),
}, { additionalProperties: false });
export type NewPointBody = Static<typeof NewPointBody>;

export const PointSchema = Type.Object({
  id: Type.String(), code: Type.String(), name: Type.String(), country: Type.String(), kind: Type.String(),
  lat: Type.Union([Type.Number(), Type.Null()]), lon: Type.Union([Type.Number(), Type.Null()]), agency: Type.String(),
});
export const PointListQuery = Type.Object({
  country: Type.Optional(Iso3), kind: Type.Optional(literals(POINT_KINDS)),
  limit: Type.Integer({ minimum: 1, maximum: 5000, default: 1000 }), offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export const PointListSchema = Type.Object({ items: Type.Array(PointSchema), total: Type.Integer() });

const Bucket = Type.String({ pattern: '^\\d{4}-\\d{2}(-\\d{2})?$', description: 'YYYY-MM (months) or YYYY-MM-DD (the Monday of a week)' });
export const TrendQuery = Type.Object({
  grain: literals(['month', 'week'] as const, { default: 'month' }),
  measure: literals(MEASURES, { default: 'crossings' }),
  direction: Type.Optional(literals(DIRECTIONS)),
  origin: Type.Optional(Iso3), transit: Type.Optional(Iso3), destination: Type.Optional(Iso3),
  from: Type.Optional(Bucket), to: Type.Optional(Bucket),
  point: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'one monitoring point (its id, from /movements/points): the flows counted there' })),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
});
export type TrendQuery = Static<typeof TrendQuery>;

const Corridor = { origin: Type.String(), transit: Type.String(), destination: Type.String() };
const Count = Type.Union([Type.Integer(), Type.Null()], { description: 'null: suppressed (a count from 1 to 4, or one that would give such a count away)' });
export const TrendSchema = Type.Object({
  kind: Type.Literal('flow'), label: Type.String(), grain: Type.String(), measure: Type.String(),
  suppression: Type.Object({ k: Type.Integer(), suppressed: Type.Integer() }),
  series: Type.Array(Type.Object({ ...Corridor, total: Count, points: Type.Array(Type.Object({ bucket: Type.String(), value: Count })) })),
});
export const TopCorridorsSchema = Type.Object({
  kind: Type.Literal('flow'), label: Type.String(), grain: Type.String(), measure: Type.String(),
  suppression: Type.Object({ k: Type.Integer(), suppressed: Type.Integer() }),
  items: Type.Array(Type.Object({ ...Corridor, value: Count })),
});
