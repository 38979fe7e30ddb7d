import { Type } from '@sinclair/typebox';
import { literals } from '../http/schemas.js';
import { POPULATION_GROUPS, POPULATION_TYPES } from './population-types.js';

export const INDICATOR_UNITS = ['people', 'services'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

const Names = Type.Object({ en: Type.String(), es: Type.String(), fr: Type.String(), ar: Type.String(), pt: Type.String() });

export const PopulationTypeSchema = Type.Object({
  code: literals(POPULATION_TYPES),
  group: literals(POPULATION_GROUPS),
  authority: literals(['protection_authority', 'any'] as const),
  agency: Type.Union([Type.Literal('UNHCR'), Type.Literal('IOM'), Type.Null()]),
  names: Names,
});

export const CountrySchema = Type.Object({
  iso3: Type.String(), iso2: Type.Union([Type.String(), Type.Null()]), m49: Type.Union([Type.String(), Type.Null()]),
  names: Names,
  region: Type.Union([Type.String(), Type.Null()]), subregion: Type.Union([Type.String(), Type.Null()]),
  intermediateRegion: Type.Union([Type.String(), Type.Null()]), pseudo: Type.Boolean(),
});

export const AdminAreaSchema = Type.Object({
  pcode: Type.String(), iso3: Type.String(), level: Type.Integer(), name: Type.String(), parent: Type.Union([Type.String(), Type.Null()]),
});
export const AdminAreasBody = Type.Object({
  areas: Type.Array(Type.Object({
    pcode: Type.String({ maxLength: 20 }), iso3: Type.String({ maxLength: 3 }), level: Type.Integer(), name: Type.String({ maxLength: 200 }),
    parent: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  }, { additionalProperties: false }), { maxItems: 5000 }),
}, { additionalProperties: false });
export const AdminAreasResult = Type.Object({ received: Type.Integer(), changed: Type.Integer() });

export const IndicatorSchema = Type.Object({ code: Type.String(), name: Type.String(), unit: literals(INDICATOR_UNITS), sector: Type.Union([Type.String(), Type.Null()]) });
export const IndicatorBody = Type.Object({
  code: Type.String({ maxLength: 60 }), name: Type.String({ maxLength: 300 }), unit: literals(INDICATOR_UNITS), sector: Type.Optional(Type.String({ maxLength: 40 })),
}, { additionalProperties: false });

export const BoundaryParams = Type.Object({ iso3: Type.String({ pattern: '^[A-Za-z]{3}$' }) });
export const BoundaryUploadQuery = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 255 }),
  pcodeProperty: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'the feature property holding the P-code (found by itself otherwise: admin1Pcod, ADM1_PCODE…)' })),
  nameProperty: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'the feature property holding the name (found by itself otherwise)' })),
});
export const BoundaryUploadResult = Type.Object({
  iso3: Type.String(), features: Type.Integer(), bytes: Type.Integer({ description: 'the size kept, once rounded' }),
  matched: Type.Integer({ description: 'features whose P-code is a known admin area of the country' }),
  unmatched: Type.Array(Type.String(), { description: 'P-codes not (yet) in the admin-area registry (the first 50)' }),
});
/** A ring of [longitude, latitude] positions; a polygon is rings (the first the outline), a multipolygon polygons. */
const Ring = Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 3 }));
export const BoundariesSchema = Type.Object({
  iso3: Type.String(), updatedAt: Type.Union([Type.String(), Type.Null()]), sourceFile: Type.Union([Type.String(), Type.Null()]),
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'),
    properties: Type.Object({ pcode: Type.String(), name: Type.String() }),
    geometry: Type.Object({ type: literals(['Polygon', 'MultiPolygon'] as const), coordinates: Type.Union([Type.Array(Ring), Type.Array(Type.Array(Ring))]) }),
  })),
});
