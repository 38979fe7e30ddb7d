import type { App } from '../app.js';
import { operatorCtx } from '../access/actor.js';
import type { PopGroup } from '../platforms/counting.rules.js';

/**
 * The demo coordination platform. Structure after R4V (regional platform co-led by IOM and UNHCR, with
 * the GIFMM as its national platform in Colombia); the P-codes are Colombia's admin-1 codes from the
 * OCHA COD gazetteer (global P-codes, 2020-04-16). **Everything else is synthetic**: partners, indicators,
 * activities, targets, money and reported people are invented to show the software and say so.
 */
export const DEMO_AREAS = [
  { pcode: 'CO11', iso3: 'COL', level: 1, name: 'Bogota, D.C.' },
  { pcode: 'CO54', iso3: 'COL', level: 1, name: 'Norte de Santander' },
  { pcode: 'CO44', iso3: 'COL', level: 1, name: 'La Guajira' },
  { pcode: 'CO08', iso3: 'COL', level: 1, name: 'Atlantico' },
  { pcode: 'CO05', iso3: 'COL', level: 1, name: 'Antioquia' },
];

export const DEMO_INDICATORS = [
  { code: 'demo.prot.orientation', name: 'People receiving legal orientation (synthetic demo indicator)', unit: 'people', sector: 'protection' },
  { code: 'demo.cp.case-management', name: 'Children in case management (synthetic demo indicator)', unit: 'people', sector: 'child_protection' },
  { code: 'demo.health.consultations', name: 'Primary health consultations (services; synthetic demo indicator)', unit: 'services', sector: 'health' },
  { code: 'demo.wash.hygiene-kits', name: 'People receiving hygiene kits (synthetic demo indicator)', unit: 'people', sector: 'wash' },
  { code: 'demo.transit.humanitarian-transport', name: 'Humanitarian transport for people in transit (synthetic demo indicator)', unit: 'people', sector: 'protection' },
];

const PARTNERS = [
  { slug: 'demo-partner-a', name: 'Demo partner A (synthetic NGO)', refugeeLed: false, type: 'national_ngo' },
  { slug: 'demo-partner-b', name: 'Demo partner B (synthetic refugee-led organisation)', refugeeLed: true, type: 'civil_society' },
  { slug: 'demo-partner-c', name: 'Demo partner C (synthetic international NGO)', refugeeLed: false, type: 'international_ngo' },
];

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
function cells(group: PopGroup, reached: number, fresh: number) {
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

export async function seedPlatformDemo(app: App): Promise<void> {
  const ctx = operatorCtx();
  const p = app.platforms;
  for (const partner of PARTNERS) {
    await app.accounts.createOrganisation(ctx, { slug: partner.slug, name: partner.name, kind: 'ngo', refugeeLed: partner.refugeeLed });
  }
  await p.upsertAdminAreas(ctx, DEMO_AREAS);
  for (const i of DEMO_INDICATORS) await p.upsertIndicator(ctx, i);
  await p.createPlatform(ctx, { name: 'R4V regional platform (demo)', slug: 'r4v-demo', tier: 'regional', situation: 'venezuela-colombia' });
  await p.createPlatform(ctx, { name: 'GIFMM Colombia (demo)', slug: 'gifmm-colombia-demo', tier: 'national', parent: 'r4v-demo', situation: 'venezuela-colombia', country: 'COL' });
  const ref = 'gifmm-colombia-demo';
  await p.addSector(ctx, ref, { code: 'protection', name: 'Protection', leads: ['unhcr'] });
  await p.addSector(ctx, ref, { code: 'child_protection', name: 'Child Protection', parent: 'protection', leads: ['unhcr'] });
  await p.addSector(ctx, ref, { code: 'gbv', name: 'Gender-Based Violence', parent: 'protection', leads: ['unhcr'] });
  await p.addSector(ctx, ref, { code: 'trafficking_smuggling', name: 'Human Trafficking and Smuggling', parent: 'protection', leads: ['iom'] });
  await p.addSector(ctx, ref, { code: 'health', name: 'Health', leads: ['iom'] });
  await p.addSector(ctx, ref, { code: 'wash', name: 'Water, Sanitation and Hygiene', leads: ['demo-partner-c'] });
  for (const partner of PARTNERS) await p.addPartner(ctx, ref, { organisation: partner.slug, appealing: true, partnerType: partner.type });
  await p.declareFormula(ctx, ref, { organisation: 'demo-partner-c', indicator: 'demo.health.consultations', peoplePerService: 0.8 });
  const plan = await p.createPlan(ctx, ref, { name: 'Response plan 2025 (demo)', startMonth: '2025-01', endMonth: '2025-12' });
  const ids: string[] = [];
  for (const [partner, sector, indicator, pcode, pin, targets, requirementsUsd, fundingUsd] of ACTIVITIES) {
    const a = await p.addActivity(ctx, plan.id, {
      partner, sector, indicator, pcode, countsPin: pin, targets, requirementsUsd, fundingUsd,
      description: `${DEMO_INDICATORS.find((i) => i.code === indicator)!.name.replace(/ \(.*\)$/, '')} in ${DEMO_AREAS.find((x) => x.pcode === pcode)!.name} (synthetic)`,
    });
    ids.push(a.id);
  }
  const grouped = new Map<string, { activity: number; month: string; submit: 'validate' | 'submit'; rows: ReturnType<typeof cells> }>();
  for (const [activity, month, group, reached, fresh, submit] of REPORTS) {
    const key = `${activity}|${month}`;
    const g = grouped.get(key) ?? { activity, month, submit, rows: [] };
    const isServices = ACTIVITIES[activity]![2] === 'demo.health.consultations';
    g.rows.push(...cells(group, reached, fresh).map((c) => (isServices ? { ...c, services: c.reached } : c)));
    grouped.set(key, g);
  }
  for (const g of grouped.values()) {
    const { report } = await p.saveReport(ctx, ids[g.activity]!, g.month, g.rows as never, true);
    if (g.submit === 'validate') await p.review(ctx, report.id, { decision: 'validate' });
  }
}
