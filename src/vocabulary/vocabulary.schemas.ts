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
