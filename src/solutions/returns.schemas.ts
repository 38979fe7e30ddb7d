import { Type, type Static } from '@sinclair/typebox';
import { Day, Iso3, literals, PageQuery } from '../http/schemas.js';
import type { POPULATION_TYPES } from '../vocabulary/index.js';
import { RETURN_SAFEGUARDS, RETURN_STATUSES } from './returns.rules.js';

const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const People = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** People by population type: `{ "REF": 1200, "MIG": 40 }`. */
const P = Type.Optional(People);
export const Caseload = Type.Object(
  { REF: P, ASY: P, OIP: P, STA: P, RET: P, IDP: P, RDP: P, OOC: P, HST: P, MIG: P, RMG: P },
  { additionalProperties: false, description: 'people by population type (REF, ASY, OIP, MIG…)' },
);
/** The schema names every population type the vocabulary has (a new one fails to compile here). */
const everyType: Record<(typeof POPULATION_TYPES)[number], unknown> = Caseload.properties;
void everyType;

export const NewReturnBody = Type.Object({
  name: Text(200),
  origin: Iso3,
  host: Iso3,
  caseload: Caseload,
}, { additionalProperties: false });
export type NewReturn = Static<typeof NewReturnBody>;

export const SafeguardBody = Type.Object({
  evidence: Text(4000, 'what shows the safeguard holds (a report, minutes, an assessment) and where it is kept'),
  framework: Type.Optional(Type.Object({
    kind: Text(200, 'e.g. tripartite agreement'),
    parties: Type.Array(Text(200), { minItems: 1, maxItems: 10 }),
    signedOn: Day,
    document: Text(500, 'the document\'s reference or address'),
  }, { additionalProperties: false })),
  staying: Type.Optional(People),
  monitoringPlan: Type.Optional(Text(4000)),
}, { additionalProperties: false });
export type SafeguardInput = Static<typeof SafeguardBody>;

export const SafeguardParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), safeguard: literals(RETURN_SAFEGUARDS) });

export const DeclarationInput = Type.Object({
  unit: literals(['person', 'household'] as const),
  reference: Text(100, 'the registration number of the person or household (never a name)'),
  people: Type.Integer({ minimum: 1, maximum: 100 }),
  free: Type.Boolean(), informed: Type.Boolean(), express: Type.Boolean(),
  declaredOn: Day,
}, { additionalProperties: false });
export const DeclarationsBody = Type.Object({ declarations: Type.Array(DeclarationInput, { minItems: 1, maxItems: 5000 }) }, { additionalProperties: false });

export const MovementBody = Type.Object({
  kind: literals(['convoy', 'flight'] as const),
  departedOn: Day,
  arrivedOn: Type.Optional(Day),
  people: Caseload,
  declarations: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 5000, description: 'the declarations (by reference) of those on board: no longer withdrawable' })),
}, { additionalProperties: false });

export const MonitoringBody = Type.Object({
  visitedOn: Day, place: Text(200), households: Type.Integer({ minimum: 0, maximum: 1_000_000 }), findings: Text(8000),
}, { additionalProperties: false });

export const ObjectionBody = Type.Object({ reason: Text(4000) }, { additionalProperties: false });
export const StepBody = Type.Object({ step: literals(['review', 'approve', 'countersign', 'complete'] as const), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const WithdrawParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), reference: Type.String({ minLength: 1, maxLength: 100 }) });
export const ReturnListQuery = Type.Object({ status: Type.Optional(literals(RETURN_STATUSES)), ...PageQuery });

export const AvrrCaseBody = Type.Object({
  reference: Text(100, 'IOM\'s case number (never a name)'), people: Type.Integer({ minimum: 1, maximum: 100 }), returnedOn: Type.Optional(Day),
}, { additionalProperties: false });
export const AVRR_ASSISTANCE = ['reception', 'cash', 'business_support', 'education', 'vocational_training', 'medical', 'psychosocial', 'housing', 'employment'] as const;
export const AssistanceBody = Type.Object({
  kind: literals(AVRR_ASSISTANCE), amountUsd: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  status: literals(['planned', 'delivered'] as const), plannedOn: Day, deliveredOn: Type.Optional(Day),
}, { additionalProperties: false });

const OrgRef = Type.Object({ slug: Type.String(), name: Type.String() });
const Who = { by: Type.String(), organisation: Nullable(Type.String()), at: Type.String() };

export const ReturnSchema = Type.Object({
  id: Type.String(), name: Type.String(), origin: Type.String(), host: Type.String(),
  lead: OrgRef, support: Nullable(OrgRef),
  programme: literals(['voluntary-repatriation', 'assisted-voluntary-return-and-reintegration'] as const),
  leadReason: Type.String(),
  status: literals(RETURN_STATUSES),
  caseload: Type.Array(Type.Object({ type: Type.String(), people: Type.Integer() })),
  caseloadPeople: Type.Integer(),
  voluntariness: Type.Object({ verified: Type.Integer(), missing: Type.Integer(), declarations: Type.Integer(), withdrawn: Type.Integer() }),
  safeguards: Type.Array(Type.Object({
    safeguard: literals(RETURN_SAFEGUARDS), required: Type.Boolean(), holds: Type.Boolean(), missing: Type.Array(Type.String()),
    evidence: Nullable(Type.String()), verifiedBy: Nullable(Type.String()), verifiedAt: Nullable(Type.String()),
    framework: Nullable(Type.Object({ kind: Type.String(), parties: Type.Array(Type.String()), signedOn: Type.String(), document: Type.String() })),
    staying: Nullable(Type.Integer()),
  })),
  approvalBlockers: Type.Array(Type.String(), { description: 'what stands between the return and its approval, in words; empty when it may be approved' }),
  monitoringPlan: Nullable(Type.String()),
  objections: Type.Array(Type.Object({ id: Type.String(), organisation: Type.String(), reason: Type.String(), raisedAt: Type.String() })),
  approval: Nullable(Type.Object(Who)),
  countersignature: Nullable(Type.Object(Who)),
  completion: Nullable(Type.Object({ ...Who, figuresBatchId: Nullable(Type.String()) })),
  movements: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), departedOn: Type.String(), arrivedOn: Nullable(Type.String()), people: Type.Integer(), byType: Type.Record(Type.String(), Type.Integer()) })),
  moved: Type.Integer(),
  monitoring: Type.Array(Type.Object({ id: Type.String(), visitedOn: Type.String(), place: Type.String(), households: Type.Integer(), findings: Type.String() })),
  synthetic: Type.Boolean(),
  createdAt: Type.String(),
  can: Type.Object({
    update: Type.Boolean(), approve: Type.Boolean(), countersign: Type.Boolean(), recordMovement: Type.Boolean(), object: Type.Boolean(),
  }, { description: 'what you may do with it now' }),
});
export type ReturnView = Static<typeof ReturnSchema>;
export const ReturnPageSchema = Type.Object({ items: Type.Array(ReturnSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const DeclarationSchema = Type.Object({
  id: Type.String(), unit: Type.String(), reference: Type.String(), people: Type.Integer(), free: Type.Boolean(), informed: Type.Boolean(), express: Type.Boolean(),
  declaredOn: Type.String(), verifiedBy: Type.String(), withdrawnAt: Nullable(Type.String()), departed: Type.Boolean(), holds: Type.Boolean(),
});
export const DeclarationListSchema = Type.Object({ items: Type.Array(DeclarationSchema) });

export const AvrrCaseSchema = Type.Object({
  id: Type.String(), operation: Type.String(), reference: Type.String(), people: Type.Integer(), returnedOn: Nullable(Type.String()),
  assistance: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), amountUsd: Nullable(Type.Number()), status: Type.String(), plannedOn: Type.String(), deliveredOn: Nullable(Type.String()) })),
  reintegration: Type.Object({ planned: Type.Integer(), delivered: Type.Integer(), deliveredUsd: Type.Number() }),
});
export const AvrrCaseListSchema = Type.Object({ items: Type.Array(AvrrCaseSchema) });
