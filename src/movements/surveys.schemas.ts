import { Type, type Static } from '@sinclair/typebox';
import { Day, Iso3, literals, Month } from '../http/schemas.js';
import { AGE_BANDS, CONSENT_METHODS, SURVEY_DIMENSIONS, SURVEY_NEEDS, SURVEY_REASONS, SURVEY_SEXES, SURVEY_TRANSPORTS } from './survey.rules.js';

const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });

/** A response as the enumerator records it: consent first, then coded answers, then optional personal fields (sealed). */
export const NewSurveyBody = Type.Object({
  point: Type.String({ minLength: 1, maxLength: 60, description: 'the monitoring point (its id, from /movements/points): the response belongs to its operating organisation' }),
  date: Day,
  consent: Type.Boolean({ description: 'the person agreed to be interviewed, after being told why and by whom: without it nothing is recorded' }),
  consentMethod: literals(CONSENT_METHODS),
  sex: literals(SURVEY_SEXES),
  ageBand: literals(AGE_BANDS),
  nationality: Iso3,
  origin: Iso3,
  departure: Type.Optional(Iso3),
  destination: Iso3,
  reason: literals(SURVEY_REASONS),
  transport: literals(SURVEY_TRANSPORTS),
  needs: Type.Array(literals(SURVEY_NEEDS), { maxItems: SURVEY_NEEDS.length, uniqueItems: true }),
  withChildren: Type.Boolean(),
  name: Type.Optional(Text(200, 'for a follow-up only, with consent (stored encrypted)')),
  contact: Type.Optional(Text(200, 'a telephone number or other contact for a follow-up (stored encrypted)')),
  birthDate: Type.Optional(Day),
  remarks: Type.Optional(Text(2000, 'the enumerator\'s notes (stored encrypted)')),
  retainUntil: Type.Optional(Type.String({ format: 'date', description: 'personal fields are erased after this day; by default 12 months after the interview, at most 36' })),
}, { additionalProperties: false });
export type NewSurvey = Static<typeof NewSurveyBody>;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Code = Type.Union([Type.String(), Type.Null()]);

export const SurveySchema = Type.Object({
  id: Type.String(),
  point: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), country: Type.String() }),
  organisation: Type.Object({ slug: Type.String(), name: Type.String() }),
  date: Type.String(),
  status: literals(['consented', 'withdrawn'] as const),
  consent: Type.Object({ method: Type.String(), givenAt: Type.String(), withdrawnAt: Nullable(Type.String()) }),
  answers: Type.Union([Type.Null(), Type.Object({
    sex: Code, ageBand: Code, nationality: Code, origin: Code, departure: Code, destination: Code, reason: Code, transport: Code,
    needs: Type.Array(Type.String()), withChildren: Type.Union([Type.Boolean(), Type.Null()]),
  })], { description: 'null once consent was withdrawn' }),
  personal: Type.Union([Type.Null(), Type.Object({ name: Code, contact: Code, birthDate: Code, remarks: Code })], {
    description: 'null for an account that may not read personal fields, and once they were erased',
  }),
  personalErased: Type.Boolean(),
  retainUntil: Type.String(),
  synthetic: Type.Boolean({ description: 'a made-up response of the demo' }),
  createdAt: Type.String(),
  can: Type.Object({ withdraw: Type.Boolean(), readPersonal: Type.Boolean() }),
});
export type SurveyView = Static<typeof SurveySchema>;

export const SurveyListQuery = Type.Object({
  point: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export const SurveyPage = Type.Object({
  items: Type.Array(SurveySchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
  can: Type.Object({ record: Type.Boolean({ description: 'the account may record responses at its organisations\' points' }) }),
});

export const SurveyAggregateQuery = Type.Object({
  by: literals(SURVEY_DIMENSIONS, { default: 'nationality' }),
  point: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'one monitoring point (its id)' })),
  from: Type.Optional(Month), to: Type.Optional(Month),
});
export type SurveyAggregateQuery = Static<typeof SurveyAggregateQuery>;

const Count = Type.Union([Type.Integer(), Type.Null()], { description: 'null: suppressed (a count below k, or one that would give such a count away)' });
export const SurveyAggregateSchema = Type.Object({
  kind: Type.Literal('survey'), label: Type.String(), by: Type.String(),
  suppression: Type.Object({ k: Type.Integer(), suppressed: Type.Integer() }),
  months: Type.Array(Type.String()), categories: Type.Array(Type.String()),
  cells: Type.Array(Type.Object({
    month: Type.Union([Type.String(), Type.Null()], { description: 'null: every month of the window' }),
    category: Type.Union([Type.String(), Type.Null()], { description: 'null: every category' }),
    value: Count,
  })),
});
export type SurveyAggregate = Static<typeof SurveyAggregateSchema>;
