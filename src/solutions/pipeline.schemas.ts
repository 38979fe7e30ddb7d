import { Type } from '@sinclair/typebox';
import { Day, Iso3, literals, PageQuery } from '../http/schemas.js';
import { CASE_STATUSES, DROP_REASONS, PARTIES, PATHWAYS, STAGES } from './pipeline.rules.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 200, description: 'stored encrypted, in the protection module' });

export const NewCaseBody = Type.Object({
  head: Type.Object({
    givenName: Name, familyName: Name, birthDate: Type.Optional(Day), sex: Type.Optional(literals(['female', 'male', 'other', 'undisclosed'] as const)),
    nationality: Type.Optional(Iso3),
  }, { additionalProperties: false, description: 'the head of household: personal fields, encrypted and readable only by the holding organisation\'s case handlers' }),
  householdSize: Type.Integer({ minimum: 1, maximum: 50 }),
  pathway: literals(PATHWAYS),
  asylumCountry: Iso3,
  receivingCountry: Iso3,
  receivingState: Type.String({ minLength: 1, maxLength: 100, description: 'the receiving State\'s organisation (a government) by short name' }),
  strategy: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  retainUntil: Day,
}, { additionalProperties: false });

export const DropBody = Type.Object({ reason: literals(DROP_REASONS) }, { additionalProperties: false });
export const CaseListQuery = Type.Object({ stage: Type.Optional(literals(STAGES)), status: Type.Optional(literals(CASE_STATUSES)), ...PageQuery });
export const BottleneckQuery = Type.Object({
  stuckAfterDays: Type.Integer({ minimum: 1, maximum: 3650, default: 60, description: 'a case in its stage longer than this is stuck' }),
  country: Type.Optional(Iso3),
});

export const CaseSchema = Type.Object({
  id: Type.String(), pathway: literals(PATHWAYS), householdSize: Type.Integer(), asylumCountry: Type.String(), receivingCountry: Type.String(),
  receivingState: Type.Object({ slug: Type.String(), name: Type.String() }),
  stage: literals(STAGES), responsible: literals(PARTIES), status: literals(CASE_STATUSES), dropReason: Nullable(Type.String()),
  daysInStage: Type.Integer(), strategy: Nullable(Type.String()), synthetic: Type.Boolean(),
  head: Nullable(Type.Object({ givenName: Type.String(), familyName: Type.String(), birthDate: Nullable(Type.String()), nationality: Nullable(Type.String()) }, {
    description: 'shown only to the holding organisation\'s case handlers (the read is audited); null for the case\'s other parties',
  })),
  history: Type.Array(Type.Object({ stage: literals(STAGES), enteredAt: Type.String(), leftAt: Nullable(Type.String()), days: Nullable(Type.Integer()), outcome: Nullable(Type.String()), movedBy: Nullable(Type.String()) })),
  can: Type.Object({ advance: Type.Boolean(), drop: Type.Boolean() }),
});
export const CasePageSchema = Type.Object({ items: Type.Array(CaseSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

const StageMedian = Type.Object({ stage: literals(STAGES), medianDays: Nullable(Type.Integer()), cases: Type.Integer() });
export const BottleneckSchema = Type.Object({
  stuckAfterDays: Type.Integer(),
  stages: Type.Array(Type.Object({
    stage: literals(STAGES), responsible: literals(PARTIES),
    medianDays: Nullable(Type.Integer({ description: 'median whole days cases spent in the stage before moving on' })),
    completed: Type.Integer({ description: 'cases that moved on from it' }),
    inStage: Type.Integer(), stuck: Type.Integer(), oldestDays: Nullable(Type.Integer()), droppedOut: Type.Integer(),
  })),
  byCountry: Type.Array(Type.Object({ country: Type.String(), stages: Type.Array(StageMedian), slowestStage: Nullable(literals(STAGES)) })),
  dropOuts: Type.Array(Type.Object({ stage: literals(STAGES), reason: Type.String(), cases: Type.Integer() })),
  slowestStage: Nullable(literals(STAGES)),
  slowestResponsible: Nullable(literals(PARTIES)),
});
