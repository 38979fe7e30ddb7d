import { Type, type Static } from '@sinclair/typebox';
import { Day, Iso3, literals, Offset } from '../http/schemas.js';
import { INTENTIONS, PATHWAYS, REASONS_FOR_LEAVING, RISK_INDICATORS } from './profiling.rules.js';
import { CONSENT_FIELDS, PRIORITIES, REFERRAL_STATUSES, STEPS } from './referral.rules.js';

/** Why a personal record is held (ICRC Handbook on Data Protection, chapter 3): named, never free text. */
export const PURPOSES = ['protection_referral', 'case_management', 'family_tracing'] as const;
/** The legal basis of the processing (ICRC Handbook, 3.2; IOM Data Protection Principles). */
export const LEGAL_BASES = ['consent', 'vital_interest', 'important_public_interest', 'legitimate_interest', 'contract', 'legal_obligation'] as const;
export const SEXES = ['female', 'male', 'other', 'undisclosed'] as const;

const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });
const Name = Text(200, 'a name as the person gives it (stored encrypted)');

/** The personal fields of a record: each stored encrypted, under the person's own key. */
const PersonalFields = {
  givenName: Name,
  familyName: Name,
  birthDate: Type.Optional(Day),
  sex: Type.Optional(literals(SEXES)),
  nationality: Type.Optional(Iso3),
  contact: Type.Optional(Text(200, 'a telephone number or other contact (stored encrypted)')),
};

export const NewPersonBody = Type.Object({
  ...PersonalFields,
  purpose: literals(PURPOSES),
  legalBasis: literals(LEGAL_BASES),
  retainUntil: Type.String({ format: 'date', description: 'the record is erased after this day (tandem retention run)' }),
  organisation: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'the holding organisation (slug); by default the only one you handle cases for' })),
}, { additionalProperties: false });
export type NewPerson = Static<typeof NewPersonBody>;

export const PersonPatchBody = Type.Object({
  givenName: Type.Optional(Name), familyName: Type.Optional(Name), birthDate: Type.Optional(Type.Union([Day, Type.Null()])),
  sex: Type.Optional(Type.Union([literals(SEXES), Type.Null()])), nationality: Type.Optional(Type.Union([Iso3, Type.Null()])),
  contact: Type.Optional(Type.Union([Text(200, 'contact'), Type.Null()])), retainUntil: Type.Optional(Day),
}, { additionalProperties: false, minProperties: 1 });
export type PersonPatch = Static<typeof PersonPatchBody>;

export const SearchBody = Type.Object({ givenName: Name, familyName: Name, birthDate: Type.Optional(Day) }, {
  additionalProperties: false, description: 'exact match (case, accents and spacing aside) through keyed hashes; in the body, never the URL',
});

const OrgRef = Type.Object({ slug: Type.String(), name: Type.String() });

export const PersonSchema = Type.Object({
  id: Type.String(), organisation: OrgRef,
  givenName: Type.String(), familyName: Type.String(), birthDate: Type.Union([Type.String(), Type.Null()]),
  sex: Type.Union([literals(SEXES), Type.Null()]), nationality: Type.Union([Type.String(), Type.Null()]), contact: Type.Union([Type.String(), Type.Null()]),
  purpose: literals(PURPOSES), legalBasis: literals(LEGAL_BASES), retainUntil: Type.String(),
  synthetic: Type.Boolean({ description: 'a made-up person of the demo' }),
  createdAt: Type.String(), updatedAt: Type.String(),
  can: Type.Object({ update: Type.Boolean(), delete: Type.Boolean(), refer: Type.Boolean() }),
});
export type PersonView = Static<typeof PersonSchema>;
export const PersonPage = Type.Object({ items: Type.Array(PersonSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const ProfileBody = Type.Object({
  reasonsForLeaving: Type.Array(literals(REASONS_FOR_LEAVING), { maxItems: REASONS_FOR_LEAVING.length, uniqueItems: true }),
  fearOfReturn: Type.Boolean(),
  riskIndicators: Type.Array(literals(RISK_INDICATORS), { maxItems: RISK_INDICATORS.length, uniqueItems: true }),
  intentions: Type.Array(literals(INTENTIONS), { maxItems: INTENTIONS.length, uniqueItems: true }),
}, { additionalProperties: false });

const SuggestionSchema = Type.Object({
  pathway: literals(PATHWAYS), agency: Type.String(), service: Type.String(),
  reasons: Type.Array(Type.String(), { description: 'the answers that suggested it: fear_of_return, risk:<indicator>, reason:<reason>, intention:<intention>' }),
});

export const ProfileSchema = Type.Object({
  id: Type.String(), personId: Type.Optional(Type.String({ description: 'the holder\'s record; a receiver never gets it' })), createdAt: Type.String(), rulesVersion: Type.String(),
  answers: ProfileBody,
  possibleInternationalProtectionNeeds: Type.Boolean({ description: 'an indicator that prompts a referral to UNHCR (R1), never a status' }),
  suggestions: Type.Array(SuggestionSchema),
});
export type ProfileView = Static<typeof ProfileSchema>;

export const ConsentBody = Type.Object({
  fields: Type.Array(literals(CONSENT_FIELDS), { uniqueItems: true, maxItems: CONSENT_FIELDS.length, description: 'what the receiver may read' }),
  purpose: Text(500, 'for what the receiver may use it, as explained to the person'),
  givenAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$', description: 'when consent was given (ISO 8601 with zone)' }),
  method: literals(['verbal', 'written', 'digital'] as const),
  givenBy: literals(['person', 'guardian'] as const),
}, { additionalProperties: false });

export const NewReferralBody = Type.Object({
  person: Type.String({ minLength: 1, maxLength: 100 }),
  profile: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  to: Type.String({ minLength: 1, maxLength: 60, description: 'the receiving organisation (slug)' }),
  pathway: literals(PATHWAYS),
  priority: literals(PRIORITIES),
  country: Iso3,
  narrative: Type.Optional(Text(4000, 'why the person is referred (stored encrypted; shared only if the consent covers narrative)')),
  consent: ConsentBody,
  send: Type.Optional(Type.Boolean({ description: 'send at once rather than keep a draft' })),
}, { additionalProperties: false });
export type NewReferral = Static<typeof NewReferralBody>;

export const StepBody = Type.Object({
  step: literals(STEPS),
  text: Type.Optional(Text(4000, 'the decline reason, the outcome or the feedback (stored encrypted)')),
}, { additionalProperties: false });

export const ReferralSchema = Type.Object({
  id: Type.String(), side: literals(['referrer', 'receiver'] as const),
  status: literals(REFERRAL_STATUSES), pathway: literals(PATHWAYS), priority: literals(PRIORITIES), country: Type.String(),
  from: OrgRef, to: OrgRef,
  createdAt: Type.String(), sentAt: Type.Union([Type.String(), Type.Null()]), dueAt: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(), acknowledgedAt: Type.Union([Type.String(), Type.Null()]), answeredAt: Type.Union([Type.String(), Type.Null()]),
  outcomeAt: Type.Union([Type.String(), Type.Null()]), feedbackAt: Type.Union([Type.String(), Type.Null()]), closedAt: Type.Union([Type.String(), Type.Null()]),
  consent: Type.Object({
    fields: Type.Array(literals(CONSENT_FIELDS)), purpose: Type.Union([Type.String(), Type.Null()]), givenAt: Type.String(),
    method: Type.String(), givenBy: Type.String(), withdrawnAt: Type.Union([Type.String(), Type.Null()]),
  }),
  person: Type.Union([Type.Object({
    id: Type.Optional(Type.String({ description: 'the referrer\'s record; the receiver never gets it' })),
    givenName: Type.Optional(Type.String()), familyName: Type.Optional(Type.String()), birthDate: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    sex: Type.Optional(Type.Union([Type.String(), Type.Null()])), nationality: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    contact: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }, { description: 'only the fields the consent covers, for the receiver; null once consent is withdrawn or the person erased' }), Type.Null()]),
  profile: Type.Union([ProfileSchema, Type.Null()]),
  narrative: Type.Union([Type.String(), Type.Null()]),
  declineReason: Type.Union([Type.String(), Type.Null()]), outcome: Type.Union([Type.String(), Type.Null()]), feedback: Type.Union([Type.String(), Type.Null()]),
  can: Type.Object(Object.fromEntries([...STEPS, 'withdraw_consent'].map((s) => [s, Type.Boolean()])) as Record<(typeof STEPS)[number] | 'withdraw_consent', ReturnType<typeof Type.Boolean>>),
});
export type ReferralView = Static<typeof ReferralSchema>;

export const ReferralListItem = Type.Omit(ReferralSchema, ['person', 'profile', 'narrative', 'declineReason', 'outcome', 'feedback']);
export type ReferralListView = Static<typeof ReferralListItem>;

export const ReferralListQuery = Type.Object({
  box: literals(['inbox', 'sent'] as const, { default: 'inbox', description: 'received by your organisations, or sent by them' }),
  status: Type.Optional(literals(REFERRAL_STATUSES)),
  priority: Type.Optional(literals(PRIORITIES)),
  overdue: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Offset,
});

export const ReferralPage = Type.Object({
  items: Type.Array(ReferralListItem),
  total: Type.Integer({ description: 'how many the box holds, counted up to 10,000' }), totalCapped: Type.Boolean({ description: 'the box holds more than total' }),
  overdue: Type.Integer({ description: 'how many of the box are overdue, counted up to 10,000' }), overdueCapped: Type.Boolean({ description: 'more than overdue are overdue' }),
  limit: Type.Integer(), offset: Type.Integer(),
});

export const StatsQuery = Type.Object({ country: Type.Optional(Iso3), from: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })), to: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) });
const Count = Type.Union([Type.Integer(), Type.Null()], { description: 'null when fewer than 5 (suppressed)' });
export const StatsSchema = Type.Object({
  minCell: Type.Integer(),
  rows: Type.Array(Type.Object({
    country: Type.String(), month: Type.String(), sent: Count, overdue: Count,
    byPathway: Type.Array(Type.Object({ pathway: literals(PATHWAYS), count: Count })),
    byPriority: Type.Array(Type.Object({ priority: literals(PRIORITIES), count: Count })),
    byStatus: Type.Array(Type.Object({ status: literals(REFERRAL_STATUSES), count: Count })),
    medianHoursToAcknowledge: Type.Union([Type.Number(), Type.Null()]), shareWithinDeadline: Type.Union([Type.Number(), Type.Null()]),
  })),
});

export const ErasedSchema = Type.Object({ erased: Type.Boolean(), referrals: Type.Integer({ description: 'referrals stripped of everything personal (their facts stay for the aggregates)' }) });

export const SubjectExportSchema = Type.Object({
  exportedAt: Type.String(), person: PersonSchema, profiles: Type.Array(ProfileSchema), referrals: Type.Array(ReferralSchema),
}, { description: 'everything Tandem holds about one person (data-subject access request)' });

export const RulesSchema = Type.Object({
  version: Type.String(), note: Type.String(),
  rules: Type.Array(Type.Object({ pathway: literals(PATHWAYS), agency: Type.String(), service: Type.String(), when: Type.Array(Type.String()), unless: Type.Array(Type.String()) })),
});
