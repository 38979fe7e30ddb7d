import { Type, type Static } from '@sinclair/typebox';
import { Day, literals } from '../http/schemas.js';
import { AGREEMENT_STATUSES, DATA_KINDS, GRANULARITIES, LEGAL_BASES, PARTY_ROLES, SHARED_KINDS, TRANSFER_KINDS } from './sharing.rules.js';

const Slug = Type.String({ minLength: 1, maxLength: 100, description: 'an organisation\'s short name' });
const FieldName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.#+-]+$', description: 'a field (column) name, or an HXL hashtag' });
const Fields = Type.Array(FieldName, { maxItems: 100 });

export const NewAgreementBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  purpose: Type.String({ minLength: 1, maxLength: 4000, description: 'what the receiving parties may use the data for' }),
  parties: Type.Array(Type.Object({ organisation: Slug, role: literals(PARTY_ROLES) }, { additionalProperties: false }), {
    minItems: 2, maxItems: 20, description: 'every organisation bound by it, yours among them; each approves it for itself',
  }),
  kinds: Type.Array(literals(DATA_KINDS), { minItems: 1, maxItems: DATA_KINDS.length }),
  granularity: literals(GRANULARITIES, { description: 'the finest level a recipient reads (coarser data is always allowed)' }),
  fields: Type.Optional(Fields),
  startsOn: Day,
  expiresOn: Day,
  documentRef: Type.String({ minLength: 1, maxLength: 300, description: 'the signed document\'s reference (registry number, file name)' }),
}, { additionalProperties: false });
export type NewAgreement = Static<typeof NewAgreementBody>;

export const ApproveBody = Type.Object({
  organisation: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the party you approve for, when you are an officer of more than one' })),
}, { additionalProperties: false });

export const AgreementListQuery = Type.Object({
  status: Type.Optional(literals(AGREEMENT_STATUSES)),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

const OrgRef = Type.Object({ slug: Type.String(), name: Type.String() });

export const PartySchema = Type.Object({
  organisation: OrgRef,
  role: literals(PARTY_ROLES),
  approval: Type.Union([Type.Object({ by: Type.String({ description: 'the approving account\'s id' }), role: Type.String(), at: Type.String() }), Type.Null()]),
});

export const AgreementSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  purpose: Type.String(),
  status: literals(AGREEMENT_STATUSES),
  kinds: Type.Array(literals(DATA_KINDS)),
  granularity: literals(GRANULARITIES),
  fields: Type.Array(Type.String()),
  startsOn: Type.String(),
  expiresOn: Type.String(),
  documentRef: Type.String(),
  draftedBy: Type.Object({ accountId: Type.String(), organisation: Type.Union([OrgRef, Type.Null()]) }),
  createdAt: Type.String(),
  parties: Type.Array(PartySchema),
  can: Type.Object({ approve: Type.Boolean() }, { description: 'what you may do with it now' }),
});
export const AgreementPageSchema = Type.Object({ items: Type.Array(AgreementSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const NewTransferBody = Type.Object({
  kind: literals(TRANSFER_KINDS),
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the sending organisation (short name); yours by default' })),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the receiving organisation; none: the joint platform itself' })),
  agreement: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the agreement it went out under' })),
  legalBasis: Type.Optional(literals(LEGAL_BASES, { description: 'the ground, when no agreement covers it' })),
  rows: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  fields: Fields,
  purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
}, { additionalProperties: false });
export type NewTransfer = Static<typeof NewTransferBody>;

export const TransferListQuery = Type.Object({
  kind: Type.Optional(literals(TRANSFER_KINDS)),
  direction: Type.Optional(literals(['out', 'in'] as const, { description: 'out: what your organisations sent; in: what they received' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

export const TransferSchema = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String({ description: 'an account id, operator, or event (registered by a domain event)' }),
  from: OrgRef,
  to: Type.Union([OrgRef, Type.Null()], { description: 'null: the joint platform itself' }),
  kind: literals(TRANSFER_KINDS),
  agreementId: Type.Union([Type.String(), Type.Null()]),
  legalBasis: Type.Union([literals(LEGAL_BASES), Type.Null()]),
  rows: Type.Integer(),
  fields: Type.Array(Type.String()),
  purpose: Type.Union([Type.String(), Type.Null()]),
  sourceEvent: Type.Union([Type.String(), Type.Null()]),
});
export const TransferPageSchema = Type.Object({ items: Type.Array(TransferSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

const Tally = { transfers: Type.Integer(), rows: Type.Integer() };
export const AgreementReportSchema = Type.Object({
  agreement: Type.Object({ id: Type.String(), title: Type.String(), status: literals(AGREEMENT_STATUSES) }),
  totals: Type.Object(Tally),
  byKind: Type.Array(Type.Object({ kind: literals(TRANSFER_KINDS), ...Tally })),
  byRecipient: Type.Array(Type.Object({ organisation: Type.Union([OrgRef, Type.Null()]), ...Tally })),
  items: Type.Array(TransferSchema, { description: 'the latest transfers under it, newest first (at most `limit`)' }),
});
export const AgreementReportQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) });

export const SharedFiveWQuery = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }) });
export const SharedDataQuery = Type.Object({
  kind: literals(SHARED_KINDS, { description: '5W reports (people reached by place and indicator), referral aggregates (referrals sent, by country and pathway) or flow counts (people counted at monitoring points, by place and measure)' }),
  month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
});
export const SharedDataSchema = Type.Object({
  agreement: Type.Object({ id: Type.String(), granularity: literals(GRANULARITIES) }),
  kind: literals(SHARED_KINDS),
  month: Type.String(),
  k: Type.Integer({ description: 'the threshold: no published non-zero cell is below it' }),
  category: literals(['indicator', 'pathway', 'measure'] as const, { description: 'what the second dimension is: an indicator (5W), a pathway (referrals) or a measure (flow counts)' }),
  cells: Type.Array(Type.Object({
    area: Type.Union([Type.String(), Type.Null()], { description: 'a P-code at the agreed granularity, or an ISO3 code where the data is no finer than its country; null: all areas' }),
    category: Type.Union([Type.String(), Type.Null()], { description: 'null: all categories' }),
    value: Type.Union([Type.Number(), Type.Null()], { description: 'people reached, referrals, or people counted; null when suppressed' }),
    status: literals(['published', 'primary', 'secondary', 'carried'] as const),
  })),
  transfers: Type.Array(Type.String(), { description: 'the entries this read added to the transfer register' }),
});
export const SharedFiveWSchema = Type.Object({
  agreement: Type.Object({ id: Type.String(), granularity: literals(GRANULARITIES) }),
  month: Type.String(),
  k: Type.Integer({ description: 'the threshold: no published non-zero cell is below it' }),
  cells: Type.Array(Type.Object({
    area: Type.Union([Type.String(), Type.Null()], { description: 'a P-code at the agreed granularity (an ISO3 code for country); null: all areas' }),
    indicator: Type.Union([Type.String(), Type.Null()], { description: 'null: all indicators' }),
    reached: Type.Union([Type.Number(), Type.Null()], { description: 'null when suppressed' }),
    status: literals(['published', 'primary', 'secondary', 'carried'] as const),
  })),
  transfers: Type.Array(Type.String(), { description: 'the entries this read added to the transfer register' }),
});
