import type { DisclosureSetting } from '../core/disclosure/index.js';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { PlatformService, PolicyService } from '../coordination/index.js';
import type { EventBus } from '../core/events.js';
import type { SerialQueue } from '../core/queue.js';
import { defineModule } from '../core/module.js';
import type { Engine } from '../core/db.js';
import type { DB } from '../core/tables.js';
import type { RegistryService } from '../vocabulary/index.js';
import { dashboardRoutes } from './dashboard.routes.js';
import { createDashboardService } from './dashboard.service.js';
import { createFormulaService } from './formula.service.js';
import { createCountingService } from './plan.counting.service.js';
import { planRoutes } from './plan.routes.js';
import { createPlanService } from './plan.service.js';
import { reportRoutes } from './report.routes.js';
import { createReportService } from './report.service.js';
import { seedResponseDemo } from './response.demo.js';
import { RESPONSE_EVENTS } from './response.events.js';
import { RESPONSE_NOUNS, RESPONSE_POLICY } from './response.policy.js';
import { createTemplateService } from './template.service.js';
import * as m0011 from './migrations/20261128_0011_report_totals.js';
import * as m0101 from './migrations/20261201_0101_report_return_reason.js';
import * as m0103 from './migrations/20261201_0103_formula_approval.js';
import * as m1001 from './migrations/20261201_1001_r4v.js';
import * as m2001 from './migrations/20261202_0001_platform_counting.js';
import * as m2101 from './migrations/20261202_0101_r4v_years.js';
import * as m2102 from './migrations/20261202_0102_r4v_pin.js';
import { R4V_NOUNS, R4V_POLICY } from './r4v.policy.js';
import { r4vRoutes } from './r4v.routes.js';
import { regionalRoutes } from './regional.routes.js';
import { createRegionalService } from './regional.service.js';
import { createR4vService } from './r4v.service.js';

/**
 * The response: plans, activities with targets, monthly 5W reports with review and closed months, the
 * dashboard by the counting rules, and the reporting template with its upload.
 */
export const responseModule = defineModule({
  name: 'response',
  migrations: { '20261128_0011_report_totals': m0011, '20261201_0101_report_return_reason': m0101, '20261201_0103_formula_approval': m0103, '20261201_1001_r4v': m1001,
    '20261202_0001_platform_counting': m2001,
    '20261202_0101_r4v_years': m2101,
    '20261202_0102_r4v_pin': m2102,
  },
  resources: { ...RESPONSE_NOUNS, ...R4V_NOUNS },
  policy: [...RESPONSE_POLICY, ...R4V_POLICY],
  events: RESPONSE_EVENTS,
  create(deps: {
    db: Kysely<DB>; engine: Engine; events: EventBus; writes: SerialQueue; access: Pick<Access, 'check' | 'can' | 'allowed' | 'scope' | 'audit'>;
    platforms: Pick<PlatformService, 'byRef' | 'leads' | 'view' | 'member' | 'sectorByCode' | 'sectors'>; policies: Pick<PolicyService, 'inForce'>;
    registries: Pick<RegistryService, 'indicator' | 'indicators' | 'adminArea' | 'adminAreas'>; accounts: Pick<AccountService, 'organisationBySlug'>;
    disclosure: Pick<DisclosureSetting, 'releases'>;
  }) {
    // The dashboard shows the R4V figures, and the R4V service tells it when they change (called after both exist).
    const r4v = createR4vService({ ...deps, changed: () => dashboards.invalidate() });
    const dashboards = createDashboardService({ ...deps, r4vFigures: r4v.figures });
    const plans = createPlanService({ ...deps, changed: dashboards.invalidate });
    const reports = createReportService({ ...deps, changed: dashboards.invalidate });
    const regional = createRegionalService({ ...deps, dashboards });
    const counting = createCountingService({ ...deps, changed: dashboards.invalidate });
    return { plans, reports, dashboards, r4v, regional, counting, formulas: createFormulaService(deps), templates: createTemplateService({ ...deps, plans, reports }) };
  },
  async routes(api, app) {
    await planRoutes(api, app);
    await reportRoutes(api, app);
    await dashboardRoutes(api, app);
    await r4vRoutes(api, app);
    await regionalRoutes(api, app);
  },
  seed: seedResponseDemo,
});

export type { PlanService } from './plan.service.js';
export type { ReportService, ReportCell } from './report.service.js';
export type { DashboardService } from './dashboard.service.js';
export type { FormulaService } from './formula.service.js';
export type { TemplateService } from './template.service.js';
export type { R4vService } from './r4v.service.js';
export type { RegionalService } from './regional.service.js';
export { POP_GROUPS, TRANSIT_COUNTINGS, type PopGroup } from './counting.rules.js';
export { SEXES as REPORT_SEXES, AGE_BANDS as REPORT_AGES } from './counting.rules.bands.js';
export type { CountingService } from './plan.counting.service.js';
export { REPORT_STATUSES, type ReportStatus } from './response.schemas.js';
