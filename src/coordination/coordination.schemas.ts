import { Type, type Static } from '@sinclair/typebox';
import { Format, literals, Offset, Year } from '../http/schemas.js';
import { SITUATION_KINDS, SituationSchema } from '../situations/index.js';
import { METHOD_FLAGS } from '../figures/index.js';
import { POPULATION_TYPES } from '../vocabulary/index.js';
import { ARRANGEMENTS, DECIDABLE_ARRANGEMENTS } from './arrangements.js';
import { AGENCIES, DECISION_STATUSES } from './decision.rules.js';
import { WARNING_CODES } from './recommendation.rules.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Agency = Type.Union([Type.Literal('UNHCR'), Type.Literal('IOM')]);

export const SourceTotalSchema = Type.Object({
  type: literals(POPULATION_TYPES), sourceOrg: Type.String(), sourceDataset: Type.String(), value: Type.Number(),
  oldestDate: Type.String(), newestDate: Type.String(), includesProtection: Type.Boolean(),
  figureIds: Type.Array(Type.String()), figureVersions: Type.Array(Type.Integer()),
  methodFlags: Type.Array(literals(METHOD_FLAGS)), demo: Type.Boolean({ description: 'demo data: left out wherever a real source of the type exists' }),
  role: literals(['used', 'inclusive-total', 'alternative', 'context'] as const),
  atReference: Type.Optional(Type.Object({
    date: Type.String(), value: Type.Number(), method: Type.String({ description: 'exact, interpolated, carried (within the window), absent (the type is not reported there then), misaligned (older than the window) or missing (only later figures)' }), from: Type.Array(Type.String()),
  }, { description: 'where P is taken at an inclusive stock\'s date: this source\'s value then' })),
});

/** A recommendation as the rules give it (and as a decision keeps it). */
export const RecommendationCore = Type.Object({
  arrangement: literals(ARRANGEMENTS), provisional: Type.Boolean(),
  share: Nullable(Type.Number()), threshold: Type.Number(),
  protection: Type.Number(), migrants: Type.Number(), internal: Type.Number(), undifferentiated: Type.Number(),
  disasterPlatformFlag: Type.Boolean(),
  lead: Type.Object({ lead: Nullable(Agency), support: Nullable(Agency), coLeads: Type.Array(Agency) }),
  inputs: Type.Array(SourceTotalSchema),
  warnings: Type.Array(Type.Object({
    code: literals(WARNING_CODES), message: Type.String({ description: 'in English, with its figures' }),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'the figures by name, to say it in another language' })),
  })),
  policyVersion: Type.String(), asOf: Type.String(),
  referenceDate: Nullable(Type.String({ description: 'the inclusive stock\'s date, at which P, M and the share are taken' })),
});
export type RecommendationCore = Static<typeof RecommendationCore>;

export const SNAPSHOT_TRIGGERS_SCHEMA = literals(['first-read', 'daily', 'import', 'situation', 'policy', 'decision'] as const);
const SnapshotRef = Type.Object({ id: Type.String(), computedAt: Type.String(), trigger: SNAPSHOT_TRIGGERS_SCHEMA });
export const RecommendationSchema = Type.Composite([
  Type.Object({
    situation: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), kind: literals(SITUATION_KINDS) }),
    description: Type.String(),
    snapshot: Nullable(SnapshotRef),
  }),
  RecommendationCore,
]);
const Standing = Type.Object({ arrangement: literals(ARRANGEMENTS), share: Nullable(Type.Number()), provisional: Type.Boolean() });
export const ImportChangeSchema = Type.Object({
  situation: Type.Object({ slug: Type.String(), name: Type.String() }), snapshotId: Type.String(), before: Nullable(Standing), after: Standing,
});
export const SnapshotListSchema = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.String(), year: Nullable(Type.Integer()), computedAt: Type.String(), asOf: Type.String(), trigger: SNAPSHOT_TRIGGERS_SCHEMA, triggerRef: Nullable(Type.String()),
    policyVersion: Type.String(), arrangement: literals(ARRANGEMENTS), provisional: Type.Boolean(), share: Nullable(Type.Number()),
  })),
  total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
});

const AgencyEntry = Type.Object({
  type: literals(POPULATION_TYPES), value: Type.Number(), source: Type.String(), date: Type.String(), derived: Type.Optional(Type.String()),
});
export const SummarySchema = Type.Object({
  situation: SituationSchema, asOf: Type.String(), byTypeAndSource: Type.Array(SourceTotalSchema),
  groups: Type.Object({ international_protection: Type.Number(), migration: Type.Number(), internal: Type.Number(), other: Type.Number(), host: Type.Number() }),
  latestDate: Nullable(Type.String()),
  agencies: Type.Object({ UNHCR: Type.Array(AgencyEntry), IOM: Type.Array(AgencyEntry) }),
  series: Type.Array(Type.Object({ year: Type.Integer(), type: Type.String(), source: Type.String(), value: Type.Number() })),
});

export const OverviewSchema = Type.Object({
  items: Type.Array(Type.Object({
    slug: Type.String(), name: Type.String(), kind: literals(SITUATION_KINDS), origins: Type.Array(Type.String()), hosts: Type.Array(Type.String()),
    arrangement: literals(ARRANGEMENTS), basis: literals(['decision', 'recommendation'] as const),
    recommended: literals(ARRANGEMENTS), share: Nullable(Type.Number()),
    provisional: Type.Boolean({ description: 'the recommendation is provisional: read its warnings' }),
    protection: Type.Number({ description: 'P: international-protection figures' }), migrants: Type.Number({ description: 'M: migrants' }),
    referenceDate: Nullable(Type.String({ description: 'the date P and M are taken at, when M comes from an inclusive stock' })),
  })),
  total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
});
export const OverviewQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }), offset: Offset, year: Type.Optional(Year),
});

export const DecisionBody = Type.Object({
  arrangement: literals(DECIDABLE_ARRANGEMENTS),
  rationale: Type.Optional(Type.String({ maxLength: 8000 })),
  decidedOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  year: Type.Optional(Year),
  agency: Type.Optional(literals(AGENCIES, { description: 'the agency you sign for, if you represent both' })),
}, { additionalProperties: false });

const SignatoryView = Type.Object({ name: Nullable(Type.String()), accountId: Nullable(Type.String()), signedAt: Nullable(Type.String()) });
export const DecisionSchema = Type.Object({
  id: Type.String(), situationId: Type.String(), status: literals(DECISION_STATUSES), arrangement: literals(DECIDABLE_ARRANGEMENTS),
  recommendedArrangement: literals(ARRANGEMENTS), differsFromRecommendation: Type.Boolean(), rationale: Nullable(Type.String()), decidedOn: Type.String(),
  signatories: Type.Object({ iom: SignatoryView, unhcr: SignatoryView }),
  policyVersion: Type.String(), recommendation: RecommendationCore, recordedAt: Type.String(),
  snapshotId: Nullable(Type.String({ description: 'the kept recommendation it answered (GET /recommendations/{id})' })),
  closed: Nullable(Type.Object({ at: Type.String(), reason: Nullable(Type.String()) }, { description: 'when it was withdrawn or rejected, and why' })),
  can: Type.Object({
    sign: Type.Boolean({ description: 'the signed-in account may countersign this proposal now' }),
    reject: Type.Boolean({ description: 'it may reject it, saying why (the other agency\'s representative)' }),
    withdraw: Type.Boolean({ description: 'it may withdraw it (its proposer)' }),
  }),
});

export const DisagreementSchema = Type.Object({
  id: Type.String(), kind: literals(['rejected', 'conflicting'] as const), decisionId: Type.String(), otherDecisionId: Nullable(Type.String()),
  reason: Nullable(Type.String()), raisedAt: Type.String(),
});

export const YearQuery = Type.Object({ year: Type.Optional(Year) });
export const DecisionListQuery = Type.Object({ format: Format });
