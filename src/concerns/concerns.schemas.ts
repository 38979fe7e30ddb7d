import { Type, type Static } from '@sinclair/typebox';
import { literals } from '../http/schemas.js';
import { AGENCIES, CONCERN_STATUSES, LEVELS, SEVERITIES, SUBJECT_KINDS } from './concerns.rules.js';

export const HISTORY_KINDS = ['raised', 'escalated', 'resolution_proposed', 'acknowledged', 'refused'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];
export const NOTIFICATION_KINDS = ['raised', 'escalated', 'reached_chiefs_of_staff', 'resolution_proposed', 'resolved', 'refused'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const Agency = literals(AGENCIES, { description: 'iom or unhcr: the agency you act for, when you act for both' });

export const NewConcernBody = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 200, description: 'what the concern is, in a line' }),
  description: Type.String({ minLength: 1, maxLength: 8000 }),
  about: Type.Optional(Type.Object({
    kind: literals(SUBJECT_KINDS),
    ref: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'a situation\'s or platform\'s reference, a decision\'s, referral\'s or return\'s id' })),
  }, { additionalProperties: false })),
  severity: literals(SEVERITIES),
  agencies: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 20, description: 'the organisations concerned, by short name; IOM and UNHCR always are (both acknowledge its resolution), and so is yours',
  })),
}, { additionalProperties: false });
export type NewConcern = Static<typeof NewConcernBody>;

export const EscalateBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 4000 })), agency: Type.Optional(Agency) }, { additionalProperties: false });
export const ResolutionBody = Type.Object({ resolution: Type.String({ minLength: 1, maxLength: 8000 }), agency: Type.Optional(Agency) }, { additionalProperties: false });
export const AcknowledgeBody = Type.Object({
  accept: Type.Boolean({ description: 'true: your agency agrees, the concern is resolved; false: it is open again (say why in note)' }),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
  agency: Type.Optional(Agency),
}, { additionalProperties: false });

export const ConcernListQuery = Type.Object({
  status: Type.Optional(literals(CONCERN_STATUSES)),
  level: Type.Optional(literals(LEVELS)),
  organisation: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'only the concerns of this organisation (short name)' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

const OrgRef = Type.Object({ slug: Type.String(), name: Type.String() });

export const ConcernCanSchema = Type.Object({
  escalate: Type.Boolean(), resolve: Type.Boolean(), acknowledge: Type.Boolean(),
}, { description: 'what you may do with it now' });

const ConcernFields = {
  id: Type.String(),
  subject: Type.String(),
  about: Type.Object({ kind: literals(SUBJECT_KINDS), ref: Type.Union([Type.String(), Type.Null()]) }),
  severity: literals(SEVERITIES),
  level: literals(LEVELS),
  status: literals(CONCERN_STATUSES),
  dueAt: Type.Union([Type.String(), Type.Null()], { description: 'when the current level\'s time runs out; null once resolved' }),
  overdue: Type.Boolean(),
  raisedAt: Type.String(),
  raisedBy: Type.Object({
    accountId: Type.Union([Type.String(), Type.Null()]),
    organisation: Type.Union([OrgRef, Type.Null()]),
    event: Type.Union([Type.String(), Type.Null()], { description: 'the domain event that opened it, when no account raised it' }),
  }),
  organisations: Type.Array(OrgRef),
  resolution: Type.Union([Type.Object({
    text: Type.String(),
    proposedBy: literals(AGENCIES),
    acknowledgedBy: Type.Array(literals(AGENCIES)),
    resolvedAt: Type.Union([Type.String(), Type.Null()]),
  }), Type.Null()]),
  can: ConcernCanSchema,
};

export const ConcernSummarySchema = Type.Object(ConcernFields);
export const ConcernPageSchema = Type.Object({ items: Type.Array(ConcernSummarySchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const HistoryEntrySchema = Type.Object({
  at: Type.String(), kind: literals(HISTORY_KINDS), level: literals(LEVELS),
  actor: Type.String({ description: 'an account id; operator; clock (escalated by itself); event (opened by a domain event)' }),
  agency: Type.Union([literals(AGENCIES), Type.Null()]), note: Type.Union([Type.String(), Type.Null()]),
});

export const ConcernSchema = Type.Object({ ...ConcernFields, description: Type.String(), history: Type.Array(HistoryEntrySchema) });

export const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: literals(NOTIFICATION_KINDS),
  level: literals(LEVELS),
  createdAt: Type.String(),
  read: Type.Boolean(),
  concern: Type.Object({ id: Type.String(), subject: Type.String(), status: literals(CONCERN_STATUSES), level: literals(LEVELS) }),
});
export const NotificationPageSchema = Type.Object({
  items: Type.Array(NotificationSchema), unread: Type.Integer(), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
});
export const NotificationListQuery = Type.Object({
  unread: Type.Optional(Type.Boolean({ description: 'only the unread ones' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export const ReadResultSchema = Type.Object({ read: Type.Integer({ description: 'how many notifications this marked read' }) });
