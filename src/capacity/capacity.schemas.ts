import { Type, type Static } from '@sinclair/typebox';
import { Day, Iso3, literals, page } from '../http/schemas.js';
import { CHANNELS, LEAD_AGENCIES, MATCH_STATUSES, MATCH_STEPS } from './capacity.rules.js';
import { ASYLUM_NEEDS, CLUSTERS, GCM_CODES, GCR_CODES, HAZARDS, SUPPORT_KINDS } from './capacity.vocabulary.js';

const OBJECTIVE_CODES = [...GCM_CODES, ...GCR_CODES];
const Objective = literals(OBJECTIVE_CODES, { description: 'a Global Compact objective: GCM-1 … GCM-23, GCR-1 … GCR-4' });
const Need = literals(ASYLUM_NEEDS);
const Kind = literals(SUPPORT_KINDS);
const OrgSlug = Type.String({ minLength: 1, maxLength: 100, description: 'an organisation\'s short name' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Usd = Type.Number({ minimum: 0, maximum: 1e12, description: 'US dollars (the value of what is given in kind, when it is not funding)' });

export const NewRequestBody = Type.Object({
  organisation: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the requesting State (a government organisation) by short name; yours by default' })),
  country: Iso3,
  objectives: Type.Optional(Type.Array(Objective, { maxItems: 27, uniqueItems: true })),
  asylumNeeds: Type.Optional(Type.Array(Need, { maxItems: ASYLUM_NEEDS.length, uniqueItems: true })),
  kind: Kind,
  description: Text(8000),
}, { additionalProperties: false });
export type NewRequest = Static<typeof NewRequestBody>;

export const NewOfferBody = Type.Object({
  organisation: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the offering organisation by short name; yours by default' })),
  objectives: Type.Optional(Type.Array(Objective, { maxItems: 27, uniqueItems: true })),
  asylumNeeds: Type.Optional(Type.Array(Need, { maxItems: ASYLUM_NEEDS.length, uniqueItems: true })),
  kind: Kind,
  countries: Type.Optional(Type.Array(Iso3, { maxItems: 250, description: 'the countries it is offered to; none and no region: anywhere' })),
  regions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30, description: 'UN M49 regions or sub-regions by name (Americas, Latin America and the Caribbean…)' })),
  amountUsd: Type.Optional(Usd),
  description: Text(8000),
}, { additionalProperties: false });
export type NewOffer = Static<typeof NewOfferBody>;

export const NewMatchBody = Type.Object({
  request: Type.String({ minLength: 1, maxLength: 100 }),
  offer: Type.String({ minLength: 1, maxLength: 100 }),
  amountUsd: Type.Optional(Usd),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
}, { additionalProperties: false });

export const MatchStepBody = Type.Object({
  step: literals(MATCH_STEPS),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'evaluate: how well the support met the need, 1 (not at all) to 5 (fully)' })),
}, { additionalProperties: false });

const PageQuery = { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }) };
export const RequestListQuery = Type.Object({ channel: Type.Optional(literals(CHANNELS)), country: Type.Optional(Iso3), ...PageQuery });
export const OfferListQuery = Type.Object({ kind: Type.Optional(Kind), ...PageQuery });

const OrgRef = Type.Object({ slug: Type.String(), name: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const RequestSchema = Type.Object({
  id: Type.String(),
  organisation: OrgRef,
  country: Type.String(),
  region: Nullable(Type.String()),
  kind: Kind,
  channel: literals(CHANNELS),
  leads: Type.Array(literals(LEAD_AGENCIES), { description: 'IOM coordinates the UN Network on Migration, UNHCR leads the Asylum Capacity Support Group' }),
  objectives: Type.Array(Type.String()),
  asylumNeeds: Type.Array(Type.String()),
  description: Type.String(),
  filedAt: Type.String(),
  status: literals(['open', 'proposed', 'accepted', 'delivered'] as const, { description: 'how far its matches got: delivered once any support reached the State' }),
  can: Type.Object({ propose: Type.Boolean() }, { description: 'what you may do with it now' }),
});
export const RequestPageSchema = page(RequestSchema);

export const OfferSchema = Type.Object({
  id: Type.String(),
  organisation: OrgRef,
  kind: Kind,
  channel: literals(CHANNELS),
  leads: Type.Array(literals(LEAD_AGENCIES)),
  objectives: Type.Array(Type.String()),
  asylumNeeds: Type.Array(Type.String()),
  countries: Type.Array(Type.String()),
  regions: Type.Array(Type.String()),
  amountUsd: Nullable(Type.Number()),
  description: Type.String(),
  createdAt: Type.String(),
});
export const OfferPageSchema = page(OfferSchema);

export const SuggestionsSchema = Type.Object({
  request: Type.String(),
  items: Type.Array(Type.Object({
    offer: OfferSchema,
    sharedTags: Type.Array(Type.String()),
    reach: literals(['country', 'subregion', 'region', 'anywhere'] as const),
  })),
});

export const MatchSchema = Type.Object({
  id: Type.String(),
  status: literals(MATCH_STATUSES),
  channel: literals(CHANNELS),
  leads: Type.Array(literals(LEAD_AGENCIES)),
  request: Type.Object({ id: Type.String(), country: Type.String(), organisation: OrgRef }),
  offer: Type.Object({ id: Type.String(), kind: Kind, organisation: OrgRef }),
  amountUsd: Nullable(Type.Number()),
  rating: Nullable(Type.Integer()),
  proposedAt: Type.String(),
  acceptedAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  evaluatedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String({ description: 'when it was declined or withdrawn' })),
  steps: Type.Array(Type.Object({
    step: Type.String({ description: 'propose, accept, decline, deliver, evaluate or withdraw' }),
    status: literals(MATCH_STATUSES),
    actor: Type.String({ description: 'an account id, or operator' }),
    organisation: Nullable(Type.String()),
    at: Type.String(),
    note: Nullable(Type.String()),
  })),
  can: Type.Object({ accept: Type.Boolean(), decline: Type.Boolean(), deliver: Type.Boolean(), evaluate: Type.Boolean(), withdraw: Type.Boolean() }),
});
export const MatchListSchema = Type.Object({ items: Type.Array(MatchSchema) });

export const UnmetDemandSchema = Type.Object({
  requests: Type.Integer({ description: 'requests not yet delivered' }),
  items: Type.Array(Type.Object({ tag: Type.String(), region: Type.String(), requests: Type.Integer(), countries: Type.Array(Type.String()) })),
});
export const PledgesSchema = Type.Object({
  items: Type.Array(Type.Object({
    organisation: OrgRef, kind: Kind, offers: Type.Integer(),
    pledgedUsd: Type.Number(), committedUsd: Type.Number({ description: 'in accepted or delivered matches' }), deliveredUsd: Type.Number(), matchesDelivered: Type.Integer(),
  })),
});
const Timing = { requests: Type.Integer(), matched: Type.Integer(), waiting: Type.Integer(), medianDays: Nullable(Type.Number({ description: 'median days from filing to the first accepted match' })) };
export const TimeToMatchSchema = Type.Object({
  overall: Type.Object(Timing),
  byChannel: Type.Array(Type.Object({ channel: literals(CHANNELS), ...Timing })),
});

const Names = Type.Object({ en: Type.String(), fr: Type.String(), es: Type.String(), pt: Type.String(), ar: Type.String() });
const Coded = Type.Array(Type.Object({ code: Type.String(), names: Names }));
export const VocabularySchema = Type.Object({
  objectives: Type.Array(Type.Object({
    code: Type.String(), framework: literals(['gcm', 'gcr', 'asylum'] as const), number: Nullable(Type.Integer()), names: Names, citation: Nullable(Type.String()),
  })),
  sources: Type.Array(Type.Object({
    framework: literals(['gcm', 'gcr'] as const), citation: Type.String(),
    verified: Type.Object({ en: Type.Boolean(), fr: Type.Boolean(), es: Type.Boolean(), pt: Type.Boolean(), ar: Type.Boolean() }, { description: 'which language versions were checked against the published text' }),
  })),
  kinds: Coded, clusters: Coded, hazards: Coded,
});

// ---- Displacement (R8) -------------------------------------------------------------------------------

const AgencySlug = literals(LEAD_AGENCIES);
export const ClustersBody = Type.Object({
  clusters: Type.Array(Type.Object({
    cluster: literals(CLUSTERS),
    lead: OrgSlug,
    coLead: Type.Optional(OrgSlug),
    engaged: Type.Optional(Type.Array(AgencySlug, { maxItems: 2, uniqueItems: true, description: 'which of IOM and UNHCR take part in the cluster (its lead or co-lead always does)' })),
  }, { additionalProperties: false }), { maxItems: CLUSTERS.length }),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
}, { additionalProperties: false });
export type ClustersInput = Static<typeof ClustersBody>;

export const DisasterBody = Type.Object({
  pdd: Type.Boolean({ description: 'flagged for the Platform on Disaster Displacement' }),
  hazard: literals(HAZARDS),
  startDate: Day,
  endDate: Type.Optional(Day),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
}, { additionalProperties: false });
export type DisasterInput = Static<typeof DisasterBody>;

export const DisplacementSchema = Type.Object({
  situation: Type.Object({ slug: Type.String(), name: Type.String(), kind: Type.String() }),
  clusters: Type.Array(Type.Object({
    cluster: literals(CLUSTERS), lead: OrgRef, coLead: Nullable(OrgRef), engaged: Type.Array(AgencySlug),
  })),
  agencies: Type.Object({ iom: Type.Array(literals(CLUSTERS)), unhcr: Type.Array(literals(CLUSTERS)) }, { description: 'the clusters each agency takes part in' }),
  disaster: Nullable(Type.Object({ pdd: Type.Boolean(), hazard: literals(HAZARDS), startDate: Type.String(), endDate: Nullable(Type.String()) })),
  note: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
  can: Type.Object({ update: Type.Boolean() }),
});
