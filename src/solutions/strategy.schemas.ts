import { Type, type Static } from '@sinclair/typebox';
import { Iso3, literals, Year } from '../http/schemas.js';
import { PATHWAYS } from './pipeline.rules.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const People = Type.Integer({ minimum: 0, maximum: 100_000_000 });

/** The series of UNHCR's solutions file, by column. */
export const SOLUTION_SERIES = ['returned_refugees', 'resettlement', 'naturalisation', 'returned_idps'] as const;
export type SolutionSeries = (typeof SOLUTION_SERIES)[number];

export const NewStrategyBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  fromYear: Year,
  toYear: Year,
}, { additionalProperties: false });

export const TargetsBody = Type.Object({
  targets: Type.Array(Type.Object({
    year: Year, pathway: literals(PATHWAYS), country: Iso3, target: People,
    pledged: Type.Optional(Type.Union([People, Type.Null()], { description: 'what the receiving State pledged for the year, when it did' })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 5000 }),
}, { additionalProperties: false });
export type TargetsInput = Static<typeof TargetsBody>;

export const StrategySchema = Type.Object({
  id: Type.String(), name: Type.String(), fromYear: Type.Integer(), toYear: Type.Integer(), synthetic: Type.Boolean(), createdAt: Type.String(),
  targets: Type.Array(Type.Object({ year: Type.Integer(), pathway: literals(PATHWAYS), country: Type.String(), target: Type.Integer(), pledged: Nullable(Type.Integer()) })),
  can: Type.Object({ update: Type.Boolean() }),
});
export const StrategyListSchema = Type.Object({ items: Type.Array(StrategySchema) });

const Row = {
  year: Type.Integer(), pathway: literals(PATHWAYS), country: Type.String(), target: Type.Integer(), pledged: Nullable(Type.Integer()),
  submitted: Type.Integer({ description: 'people in cases submitted that year (the pipeline)' }),
  decided: Type.Integer({ description: 'people in cases the State decided on that year' }),
  departed: Type.Integer({ description: 'people in cases that moved that year' }),
  published: Nullable(Type.Integer({ description: 'UNHCR\'s published resettlement arrivals in that country that year (resettlement pathway only; null: not imported or not published)' })),
  progress: Nullable(Type.Number({ description: 'departures, or the published arrivals when larger, over the target' })),
};
export const ProgressSchema = Type.Object({
  strategy: Type.Object({ id: Type.String(), name: Type.String(), fromYear: Type.Integer(), toYear: Type.Integer() }),
  rows: Type.Array(Type.Object(Row)),
  byYear: Type.Array(Type.Object({ year: Type.Integer(), target: Type.Integer(), pledged: Type.Integer(), submitted: Type.Integer(), decided: Type.Integer(), departed: Type.Integer(), published: Nullable(Type.Integer()) })),
  figuresImported: Type.Boolean({ description: 'whether UNHCR\'s solutions figures have been imported' }),
});

export const SolutionFiguresQuery = Type.Object({
  series: literals(SOLUTION_SERIES), year: Type.Optional(Year), origin: Type.Optional(Iso3), asylum: Type.Optional(Iso3),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }), offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export const SolutionFiguresSchema = Type.Object({
  items: Type.Array(Type.Object({ year: Type.Integer(), origin: Type.String(), asylum: Type.String(), series: literals(SOLUTION_SERIES), value: Type.Integer(), sourceRow: Type.Integer() })),
  total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
});
export const SolutionImportSchema = Type.Object({
  batchId: Nullable(Type.String({ description: 'null when the file changed nothing' })),
  file: Type.String(), rowsRead: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(),
});
export const SolutionImportQuery = Type.Object({ filename: Type.String({ minLength: 1, maxLength: 200, default: 'solutions.csv' }) });
