import { Type } from '@sinclair/typebox';
import { literals } from '../http/schemas.js';

export const R4V_MODELS = ['sum', 'maxsector', 'southern-cone', 'conservative'] as const;
export type R4vModel = (typeof R4V_MODELS)[number];
export const R4V_INCLUDES = ['validated', 'submitted', 'all'] as const;
export type R4vInclude = (typeof R4V_INCLUDES)[number];

const Model = literals(R4V_MODELS, { description: 'sum (R4V\'s default), maxsector, southern-cone, or Tandem\'s conservative model' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
/** A year of the per-year rule (four digits: the service refuses others by name, since unknown keys would be dropped silently). */
const Year = Type.String({ maxLength: 10, description: 'a year, YYYY' });
const SectorGroup = Type.Object({ combine: literals(['max', 'sum'] as const), sectors: Type.Array(Name, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });

export const PlatformRefParams = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 100 }) });

/** A platform's way of counting, R4V's style: its model, per-country overrides and the rest of its settings. */
export const R4vSettingsSchema = Type.Object({
  model: Model,
  countries: Type.Record(Type.String(), Model, { description: 'per-country override of the model, by R4V country name' }),
  noAdmin1: Type.Array(Name, { description: 'countries reported without admin 1 (only their "Country level" rows are published)' }),
  countTypes: Type.Array(Name, { description: 'indicator types counting towards people reached in the years countTypesByYear does not list' }),
  countTypesByYear: Type.Record(Year, Type.Array(Name), { description: 'indicator types counting towards people reached, by the year of a row\'s Month (R4V: "PiN" in 2022, "Direct Assistance" from 2023); the row checks test the people of the same types' }),
  deliveryMechanisms: Type.Array(Name, { description: 'the platform\'s CVA delivery mechanisms: a CVA row naming another is flagged (UnknownMechanism)' }),
  requireRmrpActivity: Type.Boolean({ description: 'count only rows with RMRPActivity = "Yes" (R4V before October 2022)' }),
  proportions: literals(['pin', 'target'] as const),
  missingProportions: literals(['r4v', 'skip'] as const, { description: 'r4v: a sector without proportions empties the maximum (R4V\'s code); skip: that sector is left out' }),
  countryLevelFallback: Type.Boolean({ description: 'use the country-level proportions where an admin 1 has none (not R4V\'s behaviour)' }),
  sectorGroups: Type.Array(SectorGroup, { description: 'the southern-cone model\'s groups of sectors: the highest of a max group, the sum of a sum group; groups added' }),
});
/** The settings as the platform's screen reads them: what the signed-in account may change there, as the policy decides. */
export const R4vSettingsViewSchema = Type.Composite([R4vSettingsSchema, Type.Object({
  can: Type.Object({
    update: Type.Boolean({ description: 'change the settings, indicator types and proportions (the platform\'s co-leads)' }),
    seeUnreviewed: Type.Boolean({ description: 'read consolidated figures of reports awaiting review, and the error report of stored rows (the platform\'s co-leads)' }),
  }),
})]);
export const R4vSettingsBody = Type.Partial(Type.Object({
  model: Model, countries: Type.Record(Type.String({ maxLength: 100 }), Model), noAdmin1: Type.Array(Name, { maxItems: 100 }),
  countTypes: Type.Array(Name, { minItems: 1, maxItems: 20 }), countTypesByYear: Type.Record(Year, Type.Array(Name, { minItems: 1, maxItems: 20 })),
  deliveryMechanisms: Type.Array(Name, { minItems: 1, maxItems: 50 }), requireRmrpActivity: Type.Boolean(), proportions: literals(['pin', 'target'] as const),
  missingProportions: literals(['r4v', 'skip'] as const), countryLevelFallback: Type.Boolean(), sectorGroups: Type.Array(SectorGroup, { minItems: 1, maxItems: 20 }),
}), { additionalProperties: false });

export const IndicatorTypesBody = Type.Object({
  types: Type.Array(Type.Object({ sector: Name, indicator: Type.String({ minLength: 1, maxLength: 1000 }), type: Name }, { additionalProperties: false }), { maxItems: 20_000 }),
}, { additionalProperties: false });
export const CountSchema = Type.Object({ count: Type.Integer() });

export const R4vUploadQuery = Type.Object({ filename: Type.String({ minLength: 1, maxLength: 255 }), submit: Type.Boolean({ default: false }) });
export const PinQuery = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 255 }),
  pinSheet: Type.String({ minLength: 1, maxLength: 100, default: 'PiN 2022', description: 'the sheet of people in need' }),
  targetSheet: Type.String({ minLength: 1, maxLength: 100, default: 'Target', description: 'the sheet of targets' }),
});
const Count = Type.Union([Type.Number(), Type.Null()]);
export const PinTableSchema = Type.Object({
  rows: Type.Array(Type.Object({ country: Type.String(), admin1: Type.String(), sector: Type.String(), pin: Count, target: Count })),
  checks: Type.Array(Type.Object({ country: Type.String(), admin1: Type.String(), sector: Type.String(), target: Type.Number(), pin: Count, message: Type.String() }), {
    description: 'R4V\'s target ≤ PiN check: a target above the people in need, or where none are known, by country, admin 1 and sector',
  }),
});
export const PinTableQuery = Type.Object({ country: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) });
export const ProportionsQuery = Type.Object({ filename: Type.String({ minLength: 1, maxLength: 255 }), basis: literals(['pin', 'target'] as const, { default: 'pin' }) });
export const R4vImportSchema = Type.Object({
  file: Type.String(), rows: Type.Integer(), inserted: Type.Integer(), deleted: Type.Integer(), unchanged: Type.Integer(),
  activitiesCreated: Type.Integer(), reportsCreated: Type.Integer(), reportsSubmitted: Type.Integer(),
  checks: Type.Object({ rowsToReview: Type.Integer(), byCheck: Type.Record(Type.String(), Type.Integer()) }),
});

export const ConsolidatedQuery = Type.Object({
  country: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  include: literals(R4V_INCLUDES, { default: 'validated', description: 'validated reports (public), or also submitted ones, or all (co-leads)' }),
  format: literals(['json', 'xlsx', 'hxl'] as const, { default: 'json' }),
  regional: Type.Boolean({ default: false }),
});
/** A figure of the consolidated report: null where disclosure control hides it (readers outside the platform). */
const Figure = Type.Union([Type.Number(), Type.Null()]);
export const ConsolidatedRowSchema = Type.Object({
  platform: Type.Union([Type.String(), Type.Null()]), country: Type.String(), admin1: Type.String(), month: Type.String(), sector: Type.String(),
  monthlyTotal: Figure, monthlyCva: Figure, total: Figure, inDestination: Figure, inTransit: Figure,
  hostCommunities: Figure, pendulars: Figure, returnees: Figure, girls: Figure, boys: Figure, women: Figure,
  men: Figure, otherUnder: Figure, otherAbove: Figure, cva: Figure,
  checkPopType: Type.String(), checkAgd: Type.String(), checkCva: Type.String(),
});
export const ErrorReportQuery = Type.Object({
  include: literals(R4V_INCLUDES, { default: 'all' }), country: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  format: literals(['json', 'xlsx', 'hxl'] as const, { default: 'json' }),
});
export const CheckFileQuery = Type.Object({ filename: Type.String({ minLength: 1, maxLength: 255 }), format: literals(['json', 'xlsx', 'hxl'] as const, { default: 'json' }) });
export const ErrorLineSchema = Type.Object({ row: Type.Integer(), column: Type.String(), check: Type.String(), message: Type.String() });

/** The two figures a dashboard shows side by side, per country and for the platform. */
/** A figure the dashboard may hide from readers outside the platform's co-leads (disclosure control): null. */
const People = Type.Union([Type.Number(), Type.Null()], { description: 'null when hidden by disclosure control' });
export const R4vFiguresSchema = Type.Object({
  model: Type.Object({ name: Model, people: People, assumes: Type.String() }),
  conservative: Type.Object({ people: People, assumes: Type.String() }),
  byCountry: Type.Array(Type.Object({ country: Type.String(), model: Model, month: Type.String(), people: People, conservative: People })),
});
