import { Type } from '@sinclair/typebox';
import { PlatformStructureSchema } from '../coordination/index.js';
import { EXPORT_FORMATS, literals, Month, Offset } from '../http/schemas.js';
import { INDICATOR_UNITS } from '../vocabulary/index.js';
import { POP_GROUPS, TRANSIT_COUNTINGS } from './counting.rules.js';
import { AGE_BANDS, SEXES } from './counting.rules.bands.js';
import { R4vFiguresSchema } from './r4v.schemas.js';

export const REPORT_STATUSES = ['draft', 'submitted', 'validated', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** Reports that count in dashboards: validated ones, or also those submitted and not yet reviewed. */
export const INCLUDES = ['validated', 'submitted'] as const;
export type Include = (typeof INCLUDES)[number];

/** Bounds on what one cell may hold: no partner reaches more people than live on Earth in a month. */
const People = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const Usd = Type.Number({ minimum: 0, maximum: 1e11 });

export const PlanParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const ReportParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

// ------------------------------------------------------------------ plans, activities, formulas, locks

export const PlanSummarySchema = Type.Object({ id: Type.String(), name: Type.String(), startMonth: Type.String(), endMonth: Type.String() });
export const PlatformPageSchema = Type.Composite([
  PlatformStructureSchema,
  Type.Object({ plans: Type.Array(PlanSummarySchema), lockedMonths: Type.Array(Type.String()) }),
]);
// ------------------------------------------------------------------ a platform's way of counting

const Transit = literals(TRANSIT_COUNTINGS, { description: 'persons: people in transit are counted as persons, like every group (R4V\'s way, the default); times-assisted: counted apart as times assisted, never added to persons' });
export const CountingSchema = Type.Object({
  transit: Transit,
  sexes: Type.Array(literals(SEXES), { description: 'the sexes every report cell is split by (R4V\'s women, men and other are female, male and other)' }),
  ages: Type.Array(literals(AGE_BANDS), { description: 'the age bands every report cell is split by, covering every age once' }),
});
export const CountingViewSchema = Type.Composite([CountingSchema, Type.Object({
  choices: Type.Object({
    sexes: Type.Array(literals(SEXES)),
    ages: Type.Array(Type.Object({ code: literals(AGE_BANDS), from: Type.Integer(), to: Type.Union([Type.Integer(), Type.Null()], { description: 'null: and over' }) })),
    declarations: Type.Record(Type.String(), Type.Object({ sexes: Type.Array(literals(SEXES)), ages: Type.Array(literals(AGE_BANDS)) }), { description: 'named declarations: tandem (female, male; 0-17, 18-59, 60+) and r4v (women, men, other; under and over 18)' }),
  }, { description: 'the vocabulary a platform declares its bands from' }),
  can: Type.Object({ update: Type.Boolean({ description: 'change it (whoever may change the platform\'s R4V settings: its co-leads, the administrator)' }) }),
})]);
export const CountingBody = Type.Partial(Type.Object({
  transit: Transit,
  sexes: Type.Array(literals(SEXES), { minItems: 1, maxItems: SEXES.length }),
  ages: Type.Array(literals(AGE_BANDS), { minItems: 1, maxItems: AGE_BANDS.length }),
}), { additionalProperties: false });
export const CountingChangedSchema = Type.Composite([CountingViewSchema, Type.Object({
  convertedReports: Type.Integer({ description: 'reports whose cells were converted to the new bands (their figures per group unchanged)' }),
})]);

export const PlanSchema = Type.Composite([
  PlanSummarySchema,
  Type.Object({
    platform: PlatformPageSchema,
    counting: CountingSchema,
    can: Type.Object({
      report: Type.Boolean({ description: 'report for your organisation\'s activities in this plan' }),
      review: Type.Boolean({ description: 'validate or return its partners\' reports' }),
      addActivity: Type.Boolean(),
    }),
  }),
]);
export const NewPlanBody = Type.Object({ name: Type.String({ maxLength: 200 }), startMonth: Month, endMonth: Month }, { additionalProperties: false });
export const CreatedPlanSchema = Type.Object({ id: Type.String(), name: Type.String(), startMonth: Type.String(), endMonth: Type.String(), platform: Type.String() });
export const LockBody = Type.Object({ month: Month }, { additionalProperties: false });
export const FormulaBody = Type.Object({
  organisation: Type.String({ maxLength: 40 }), indicator: Type.String({ maxLength: 60 }), peoplePerService: Type.Number({ minimum: 0.001, maximum: 1000, description: 'people one service stands for (0.001 to 1,000)' }),
}, { additionalProperties: false });
export const FormulaKeyBody = Type.Object({ organisation: Type.String({ maxLength: 40 }), indicator: Type.String({ maxLength: 60 }) }, { additionalProperties: false });
export const FormulaSchema = Type.Object({
  organisation: Type.String(), indicator: Type.String(),
  peoplePerService: Type.Number({ description: 'as last declared' }),
  inForce: Type.Union([Type.Number(), Type.Null()], { description: 'the value services are converted with: the last one a co-lead approved (null: none yet)' }),
  status: literals(['approved', 'awaiting_approval'] as const),
  approvedBy: Type.Union([Type.String(), Type.Null()]), approvedAt: Type.Union([Type.String(), Type.Null()]),
  can: Type.Object({ approve: Type.Boolean() }),
});

export const Targets = Type.Object(Object.fromEntries(POP_GROUPS.map((g) => [g, Type.Optional(People)])), { additionalProperties: false });
export const NewActivityBody = Type.Object({
  partner: Type.String({ maxLength: 40 }), sector: Type.String({ maxLength: 40 }), indicator: Type.String({ maxLength: 60 }), pcode: Type.String({ maxLength: 20 }),
  countsPin: Type.Boolean(), description: Type.String({ maxLength: 2000 }), requirementsUsd: Type.Optional(Usd), fundingUsd: Type.Optional(Usd),
  targets: Type.Optional(Targets),
}, { additionalProperties: false });
export const ActivitySchema = Type.Object({
  id: Type.String(), partnerOrgId: Type.String(), sectorId: Type.String(), partner: Type.String(), partnerName: Type.String(), sector: Type.String(), sectorName: Type.String(),
  indicator: Type.String(), indicatorName: Type.String(), unit: literals(INDICATOR_UNITS), pcode: Type.String(), area: Type.String(),
  countsPin: Type.Boolean(), description: Type.String(), requirementsUsd: Type.Number(), fundingUsd: Type.Number(),
  targets: Type.Object(Object.fromEntries(POP_GROUPS.map((g) => [g, Type.Optional(Type.Number())]))),
  can: Type.Object({ report: Type.Boolean({ description: 'save or submit this activity\'s monthly reports' }) }),
});

// ------------------------------------------------------------------ reports

export const Cell = Type.Object({
  group: literals(POP_GROUPS), sex: literals(SEXES), age: literals(AGE_BANDS),
  reached: People, newReached: People,
  services: Type.Optional(Type.Union([People, Type.Null()])),
}, { additionalProperties: false });
export const SaveReportBody = Type.Object({ rows: Type.Array(Cell, { maxItems: 200 }), submit: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const ReportMonthParams = Type.Object({ id: Type.String({ maxLength: 100 }), month: Month });

export const ReportSchema = Type.Object({
  id: Type.String(), activityId: Type.String(), month: Type.String(), status: literals(REPORT_STATUSES), updatedAt: Type.String(),
  reviewerNote: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'only for the reviewers' })),
  returnReason: Type.Union([Type.String(), Type.Null()], { description: 'why it was last returned, addressed to the partner' }),
  reviewedAt: Type.Union([Type.String(), Type.Null()]),
  rows: Type.Array(Type.Object({
    group: literals(POP_GROUPS), sex: literals(SEXES), age: literals(AGE_BANDS), reached: Type.Number(), newReached: Type.Number(),
    services: Type.Union([Type.Number(), Type.Null()]), converted: Type.Boolean(),
  })),
  can: Type.Object({
    update: Type.Boolean({ description: 'change or submit it now (its partner, while not validated and the month open)' }),
    validate: Type.Boolean({ description: 'validate or return it now (a reviewer, while submitted and the month open)' }),
  }),
});
export const ReportInListSchema = Type.Composite([ReportSchema, Type.Object({
  activity: Type.Object({ partner: Type.String(), partnerName: Type.String(), sector: Type.String(), sectorName: Type.String(), indicator: Type.String(), pcode: Type.String(), area: Type.String(), description: Type.String() }),
})]);
export const ReportPageSchema = Type.Object({ items: Type.Array(ReportInListSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export const ReportListQuery = Type.Object({
  status: Type.Optional(literals(REPORT_STATUSES)), month: Type.Optional(Month),
  activity: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'one activity\'s reports (with month: the one report the partner\'s form shows)' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Offset,
});
export const SavedReportSchema = Type.Object({ report: ReportSchema, changed: Type.Boolean() });
export const ReviewBody = Type.Object({
  decision: literals(['validate', 'return'] as const),
  note: Type.Optional(Type.String({ maxLength: 4000, description: 'for the reviewers only' })),
  reason: Type.Optional(Type.String({ maxLength: 4000, description: 'when returning: what the partner should correct (the partner reads it)' })),
}, { additionalProperties: false });
export const UploadQuery = Type.Object({ filename: Type.String({ minLength: 1, maxLength: 255 }), submit: Type.Boolean({ default: false }) });
export const UploadResultSchema = Type.Object({ file: Type.String(), rowsRead: Type.Integer(), reports: Type.Integer(), changed: Type.Integer(), unchanged: Type.Integer() });

// ------------------------------------------------------------------ dashboard and template

const Counts = Type.Record(Type.String(), Type.Number());
/** A count as published: null where disclosure control hides it (below k, or a complement that would reveal one). */
const Shown = Type.Union([Type.Number(), Type.Null()]);
const ShownCounts = Type.Record(Type.String(), Shown);
const Disclosure = Type.Object({
  k: Type.Integer({ description: 'the threshold of the policy in force: a non-zero count below it is hidden' }),
  hidden: Type.Integer({ description: 'how many values of this answer are hidden (null)' }),
  applied: Type.Boolean({ description: 'false for the platform\'s co-leads, who see every value' }),
}, { description: 'disclosure control of the people-reached figures (R6)' });
export const DashboardQuery = Type.Object({
  until: Type.Optional(Month),
  include: Type.Optional(literals(INCLUDES, { description: 'validated (default): only validated reports count; submitted: also those awaiting review' })),
  sector: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'only this sector (its code) and its sub-sectors' })),
  area: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'only this admin area (its P-code)' })),
  partner: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'only this partner (its organisation\'s short name)' })),
  format: literals(EXPORT_FORMATS, { default: 'json' }),
});
const Coverage = Type.Union([Type.Number(), Type.Null()], { description: 'funding / requirements (null without requirements)' });
export const DashboardSchema = Type.Object({
  plan: PlanSummarySchema,
  platform: Type.Object({ slug: Type.String(), name: Type.String(), counting: literals(['max', 'sum'] as const), transit: Transit }),
  until: Type.String(), include: literals(INCLUDES),
  filter: Type.Object({ sector: Type.Union([Type.String(), Type.Null()]), area: Type.Union([Type.String(), Type.Null()]), partner: Type.Union([Type.String(), Type.Null()]) }),
  names: Type.Object({
    sectors: Type.Record(Type.String(), Type.String()), areas: Type.Record(Type.String(), Type.String()), partners: Type.Record(Type.String(), Type.String()),
  }, { description: 'the name of every code the plan uses: sectors, admin areas (P-codes), partners' }),
  peopleReached: Type.Object({
    interSector: Shown, bySector: ShownCounts, byArea: ShownCounts, byGroup: ShownCounts,
    cells: Type.Array(Type.Object({ sector: Type.String(), area: Type.String(), group: literals(POP_GROUPS), value: Shown })),
  }),
  targets: Type.Object({ interSector: Type.Number(), bySector: Counts, byArea: Counts, byGroup: Counts }),
  timesAssistedInTransit: Type.Union([Type.Number(), Type.Null()], { description: 'times people in transit were assisted, apart from persons: only where the platform counts transit so (transit = times-assisted); 0 where transit people are persons' }),
  byMonth: Type.Array(Type.Object({ month: Type.String(), people: Shown, bySector: ShownCounts, timesAssistedInTransit: Shown })),
  byPartner: Type.Array(Type.Object({
    partner: Type.String(), partnerName: Type.String(), activitySum: Type.Number(), requirementsUsd: Type.Number(), fundingUsd: Type.Number(), coverage: Coverage,
  })),
  funding: Type.Array(Type.Object({ sector: Type.String(), requirementsUsd: Type.Number(), fundingUsd: Type.Number(), coverage: Coverage })),
  fundingTotal: Type.Object({ requirementsUsd: Type.Number(), fundingUsd: Type.Number(), coverage: Coverage }),
  r4v: Type.Union([R4vFiguresSchema, Type.Null()], { description: 'where the plan holds R4V 5W rows: the platform model\'s figure and the conservative figure, each with what it assumes' }),
  bySexAndAge: Type.Array(Type.Object({ sex: literals(SEXES), age: literals(AGE_BANDS), newReached: Shown }), {
    description: 'new people the activities reported, by the platform\'s sexes and age bands, summed over activities: how people reached divide, not a count of persons',
  }),
  notes: Type.Array(Type.String()),
  disclosure: Disclosure,
});
export const MonthQuery = Type.Object({ month: Type.Optional(Month), include: Type.Optional(literals(INCLUDES)) });
export const MonthFiguresSchema = Type.Object({
  month: Type.String(), include: literals(INCLUDES), people: Shown, bySector: ShownCounts, byArea: ShownCounts, byGroup: ShownCounts, timesAssistedInTransit: Shown,
  disclosure: Disclosure,
});
export const TemplateQuery = Type.Object({ month: Month, format: literals(['xlsx', 'hxl', 'json'] as const, { default: 'xlsx' }) });
export const TemplateRowSchema = Type.Object({
  activity: Type.String(), partner: Type.String(), sector: Type.String(), indicator: Type.String(), area: Type.String(), month: Type.String(),
  group: literals(POP_GROUPS), description: Type.String(),
  names: Type.Object({ partner: Type.String(), sector: Type.String(), indicator: Type.String(), area: Type.String() }, { description: 'the names of the codes, as the partner reads them' }),
});
