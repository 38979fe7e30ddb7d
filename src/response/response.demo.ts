import type { Ctx } from '../core/actor.js';
import type { RegistryService } from '../vocabulary/index.js';
import type { PopGroup } from './counting.rules.js';
import type { FormulaService } from './formula.service.js';
import type { PlanService } from './plan.service.js';
import type { ReportCell, ReportService } from './report.service.js';

/**
 * The demo plan of the GIFMM Colombia demo platform. **Everything here is synthetic**: activities, targets,
 * money and reported people are invented to show the software, and say so.
 */
type DemoActivity = [partner: string, sector: string, indicator: string, pcode: string, pin: boolean, targets: Partial<Record<PopGroup, number>>, requirements: number, funding: number];
const ACTIVITIES: DemoActivity[] = [
  ['demo-partner-a', 'protection', 'demo.prot.orientation', 'CO54', true, { in_destination: 4000, pendular: 1500 }, 250_000, 120_000],
  ['demo-partner-b', 'protection', 'demo.prot.orientation', 'CO54', true, { in_destination: 3000 }, 90_000, 30_000],
  ['demo-partner-c', 'child_protection', 'demo.cp.case-management', 'CO11', true, { in_destination: 800, host_community: 200 }, 180_000, 150_000],
  ['demo-partner-c', 'health', 'demo.health.consultations', 'CO44', true, { in_destination: 6000, in_transit: 2000 }, 400_000, 90_000],
  ['demo-partner-a', 'wash', 'demo.wash.hygiene-kits', 'CO44', true, { in_destination: 5000, host_community: 1000 }, 150_000, 150_000],
  ['demo-partner-b', 'protection', 'demo.transit.humanitarian-transport', 'CO54', false, { in_transit: 2500 }, 60_000, 10_000],
];

/** Synthetic monthly reports: January validated, February submitted and awaiting review. */
const REPORTS: Array<[activity: number, month: string, group: PopGroup, reached: number, fresh: number, submit: 'validate' | 'submit']> = [
  [0, '2025-01', 'in_destination', 620, 620, 'validate'], [0, '2025-01', 'pendular', 210, 210, 'validate'],
  [1, '2025-01', 'in_destination', 480, 480, 'validate'],
  [2, '2025-01', 'in_destination', 96, 96, 'validate'], [2, '2025-01', 'host_community', 24, 24, 'validate'],
  [3, '2025-01', 'in_destination', 900, 900, 'validate'], [3, '2025-01', 'in_transit', 300, 300, 'validate'],
  [4, '2025-01', 'in_destination', 700, 700, 'validate'], [4, '2025-01', 'host_community', 150, 150, 'validate'],
  [5, '2025-01', 'in_transit', 400, 400, 'validate'],
  [0, '2025-02', 'in_destination', 540, 180, 'submit'], [1, '2025-02', 'in_destination', 510, 260, 'submit'],
  [4, '2025-02', 'in_destination', 640, 310, 'submit'],
];

/** Splits a figure over sex and age the same way every time (synthetic). */
function cells(group: PopGroup, reached: number, fresh: number): ReportCell[] {
  const shares = [['female', '0-17', 0.2], ['female', '18-59', 0.3], ['female', '60+', 0.03], ['male', '0-17', 0.2], ['male', '18-59', 0.25], ['male', '60+', 0.02]] as const;
  let r = 0;
  let n = 0;
  return shares.map(([sex, age, share], i) => {
    const last = i === shares.length - 1;
    const cr = last ? reached - r : Math.floor(reached * share);
    const cn = last ? fresh - n : Math.min(cr, Math.floor(fresh * share));
    r += cr; n += cn;
    return { group, sex, age, reached: cr, newReached: Math.min(cn, cr) };
  });
}

export async function seedResponseDemo(app: { plans: PlanService; formulas: FormulaService; reports: ReportService; registries: Pick<RegistryService, 'indicator' | 'adminArea'> }, ctx: Ctx): Promise<void> {
  const ref = 'gifmm-colombia-demo';
  await app.formulas.declare(ctx, ref, { organisation: 'demo-partner-c', indicator: 'demo.health.consultations', peoplePerService: 0.8 });
  const plan = await app.plans.createPlan(ctx, ref, { name: 'Response plan 2025 (demo)', startMonth: '2025-01', endMonth: '2025-12' });
  const ids: string[] = [];
  for (const [partner, sector, indicator, pcode, pin, targets, requirementsUsd, fundingUsd] of ACTIVITIES) {
    const what = (await app.registries.indicator(indicator))?.name.replace(/ \(.*\)$/, '') ?? indicator;
    const where = (await app.registries.adminArea(pcode))?.name ?? pcode;
    const a = await app.plans.addActivity(ctx, plan.id, {
      partner, sector, indicator, pcode, countsPin: pin, targets, requirementsUsd, fundingUsd, description: `${what} in ${where} (synthetic)`,
    });
    ids.push(a.id);
  }
  const grouped = new Map<string, { activity: number; month: string; submit: 'validate' | 'submit'; rows: ReportCell[] }>();
  for (const [activity, month, group, reached, fresh, submit] of REPORTS) {
    const key = `${activity}|${month}`;
    const g = grouped.get(key) ?? { activity, month, submit, rows: [] };
    const isServices = ACTIVITIES[activity]?.[2] === 'demo.health.consultations';
    g.rows.push(...cells(group, reached, fresh).map((c) => (isServices ? { ...c, services: c.reached } : c)));
    grouped.set(key, g);
  }
  for (const g of grouped.values()) {
    const { report } = await app.reports.saveReport(ctx, ids[g.activity] ?? '', g.month, g.rows, true);
    if (g.submit === 'validate') await app.reports.review(ctx, report.id, { decision: 'validate' });
  }
}
