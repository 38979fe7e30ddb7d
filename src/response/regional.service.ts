import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { PlatformService, PolicyService } from '../coordination/index.js';
import { ANONYMOUS, type Ctx } from '../core/actor.js';
import { buildTable, CELL_STATUS, indexOf, protectLine, suppress, TOTAL } from '../core/disclosure/index.js';
import { ValidationError } from '../core/errors.js';
import type { DB } from '../core/tables.js';
import { isMonth } from './counting.rules.js';
import type { DashboardRow, DashboardService } from './dashboard.service.js';
import { disclose } from './disclosure.rules.js';
import { planRepo } from './plan.repo.js';

type Row = Awaited<ReturnType<typeof planRepo.plansOf>>[number];
/** A country's figures before disclosure control, and the sectors its own public dashboard hides. */
interface Raw { people: number; transit: number; bySector: Record<string, number>; hiddenNationally: string[] }

/** The plan of a national platform that counts for a regional month: the one whose period holds it, else the latest that began before it. */
export function planFor(plans: readonly Row[], month: string): Row | null {
  const holding = plans.filter((p) => p.start_month <= month && month <= p.end_month);
  const candidates = holding.length > 0 ? holding : plans.filter((p) => p.start_month <= month);
  return [...candidates].sort((a, b) => b.start_month.localeCompare(a.start_month) || a.id.localeCompare(b.id))[0] ?? null;
}

export interface CountryFigures {
  platform: { slug: string; name: string };
  country: string | null;
  plan: { id: string; name: string; until: string } | null;
  peopleReached: number | null;
  targets: number;
  timesAssistedInTransit: number | null;
  bySector: Record<string, number | null>;
}

/**
 * Publish once (R6): a regional platform's figures are its national platforms' validated reports, read where
 * they were entered and never entered again. Each country is counted by its own platform's rules; countries
 * hold different people, so the region is their sum, sector by sector and inter-sector. A partner reporting in
 * two countries reports each activity once, in the country where it happens.
 */
export function createRegionalService(deps: {
  db: Kysely<DB>; platforms: Pick<PlatformService, 'byRef' | 'leads' | 'view'>; dashboards: Pick<DashboardService, 'full' | 'dashboardRows'>;
  access: Pick<Access, 'can'>; policies: Pick<PolicyService, 'inForce'>;
}) {
  const { db } = deps;

  /**
   * The region's figures up to a month (by default the current one): each national platform's, by its own
   * rules over its plan for that month, and their sums.
   */
  async function regional(ctx: Ctx, ref: string, opts: { until?: string } = {}) {
    const platform = await deps.platforms.byRef(ref);
    if (platform.tier !== 'regional') {
      throw new ValidationError('a national platform\'s dashboard already is its figures: ask a regional platform', [{ field: 'ref', message: `"${platform.slug}" is ${platform.tier}, not regional` }]);
    }
    const until = opts.until ?? new Date().toISOString().slice(0, 7);
    if (!isMonth(until)) throw new ValidationError('not a month', [{ field: 'until', message: 'YYYY-MM' }]);
    const { disclosureK: k } = await deps.policies.inForce();
    const children = (await deps.platforms.view(ctx, platform.slug)).children.filter((c) => c.tier === 'national');
    const countries: Array<CountryFigures & { raw: Raw }> = [];
    for (const child of children) {
      const p = await deps.platforms.byRef(child.slug);
      const chosen = planFor(await planRepo.plansOf(db, p.id), until);
      const row = { platform: { slug: p.slug, name: p.name }, country: p.country_iso3 };
      if (!chosen) {
        countries.push({ ...row, plan: null, peopleReached: 0, targets: 0, timesAssistedInTransit: 0, bySector: {}, raw: { people: 0, transit: 0, bySector: {}, hiddenNationally: [] } });
        continue;
      }
      const u = until < chosen.end_month ? until : chosen.end_month;
      const d = await deps.dashboards.full(chosen.id, { until: u, include: 'validated' });
      // What the country's own public dashboard hides stays hidden here: two publications must not be differenced.
      const national = disclose(d, k).peopleReached.bySector;
      countries.push({
        ...row, plan: { id: chosen.id, name: chosen.name, until: u },
        peopleReached: d.peopleReached.interSector, targets: d.targets.interSector, timesAssistedInTransit: d.timesAssistedInTransit, bySector: d.peopleReached.bySector,
        raw: {
          people: d.peopleReached.interSector, transit: d.timesAssistedInTransit, bySector: d.peopleReached.bySector,
          hiddenNationally: Object.keys(national).filter((sector) => national[sector] === null),
        },
      });
    }
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    const sectors = [...new Set(countries.flatMap((c) => Object.keys(c.raw.bySector)))].sort();
    const total = {
      peopleReached: sum(countries.map((c) => c.raw.people)) as number | null,
      targets: sum(countries.map((c) => c.targets)),
      timesAssistedInTransit: sum(countries.map((c) => c.raw.transit)) as number | null,
      bySector: Object.fromEntries(sectors.map((s) => [s, sum(countries.map((c) => c.raw.bySector[s] ?? 0))])) as Record<string, number | null>,
    };
    const leads = await deps.platforms.leads(platform.id);
    const all = ctx.actor.kind !== 'anonymous' && deps.access.can(ctx, 'report', 'read', { coLeadOrgIds: leads.all });
    let hidden = 0;
    if (!all) hidden = discloseRegion(countries, total, sectors, k);
    return {
      platform: { slug: platform.slug, name: platform.name }, until,
      countries: countries.map(({ raw: _raw, ...c }) => c), total, disclosure: { k, hidden, applied: !all },
      notes: [
        'Each country is counted by its national platform\'s rules, over the reports validated there: nothing is entered again at the regional level.',
        'Countries hold different people: the region\'s figures are the sum of the countries\', sector by sector and inter-sector.',
      ],
    };
  }

  return {
    regional,

    /**
     * A platform's published aggregates as one long table, for HXL feeds (HDX and other platforms pull it):
     * a national platform's current plan as the public sees its dashboard; a regional platform's countries
     * and sums. Always the public view: a feed is anonymous.
     */
    async feed(ref: string): Promise<FeedRow[]> {
      const platform = await deps.platforms.byRef(ref);
      const month = new Date().toISOString().slice(0, 7);
      const anonymous: Ctx = { actor: ANONYMOUS, requestId: null };
      if (platform.tier === 'regional') {
        const r = await regional(anonymous, platform.slug, { until: month });
        return [
          ...r.countries.flatMap((c) => [
            { country: c.country ?? '', platform: c.platform.slug, plan: c.plan?.name ?? '', until: c.plan?.until ?? '', measure: 'people reached', dimension: 'inter-sector', key: 'all', value: c.peopleReached },
            ...Object.entries(c.bySector).map(([s, v]) => ({ country: c.country ?? '', platform: c.platform.slug, plan: c.plan?.name ?? '', until: c.plan?.until ?? '', measure: 'people reached', dimension: 'sector', key: s, value: v })),
          ]),
          { country: '', platform: r.platform.slug, plan: '', until: r.until, measure: 'people reached (sum of countries)', dimension: 'inter-sector', key: 'all', value: r.total.peopleReached },
          ...Object.entries(r.total.bySector).map(([s, v]) => ({ country: '', platform: r.platform.slug, plan: '', until: r.until, measure: 'people reached (sum of countries)', dimension: 'sector', key: s, value: v })),
        ];
      }
      const plan = planFor(await planRepo.plansOf(db, platform.id), month);
      if (!plan) return [];
      const until = month < plan.end_month ? month : plan.end_month;
      const rows: DashboardRow[] = await deps.dashboards.dashboardRows(anonymous, plan.id, { until });
      return rows.filter((r) => !r.measure.startsWith('sum of the partner')).map((r) => ({
        country: platform.country_iso3 ?? '', platform: platform.slug, plan: plan.name, until, measure: r.measure, dimension: r.dimension, key: r.key, value: r.value,
      }));
    },
  };
}

export interface FeedRow { country: string; platform: string; plan: string; until: string; measure: string; dimension: string; key: string; value: number | null }

/**
 * Disclosure control of the regional table for readers who are not its co-leads: the country × sector table
 * with its margins (the region's sector sums and each country's sector total) through the kit, and the
 * countries' inter-sector figures and transit counts as lines whose total (the region's) is published.
 * Mutates the figures in place; returns how many values it hid.
 */
function discloseRegion(
  countries: Array<CountryFigures & { raw: Raw }>,
  total: { peopleReached: number | null; timesAssistedInTransit: number | null; bySector: Record<string, number | null> },
  sectors: readonly string[], k: number,
): number {
  let hidden = 0;
  const people = protectLine(countries.map((c) => c.raw.people), { k, totalPublished: true });
  const transit = protectLine(countries.map((c) => c.raw.transit), { k, totalPublished: true });
  countries.forEach((c, i) => { c.peopleReached = people.cells[i]!; c.timesAssistedInTransit = transit.cells[i]!; });
  total.peopleReached = people.total;
  total.timesAssistedInTransit = transit.total;
  const cells = countries.flatMap((c, i) => Object.entries(c.raw.bySector).map(([s, v]) => ({ key: [String(i).padStart(4, '0'), s], count: v })));
  if (cells.length > 0) {
    const table = buildTable(['country', 'sector'], cells);
    const previous = countries.flatMap((c, i) => c.raw.hiddenNationally.map((sector) => [String(i).padStart(4, '0'), sector]));
    const s = suppress(table, { k, previous });
    const shown = (key: string[], v: number) => (s.status[indexOf(table, key)!] === CELL_STATUS.published ? v : null);
    countries.forEach((c, i) => { c.bySector = Object.fromEntries(Object.entries(c.raw.bySector).map(([sector, v]) => [sector, shown([String(i).padStart(4, '0'), sector], v)])); });
    for (const sector of sectors) total.bySector[sector] = shown([TOTAL, sector], total.bySector[sector] ?? 0);
  }
  for (const c of countries) hidden += [c.peopleReached, c.timesAssistedInTransit, ...Object.values(c.bySector)].filter((v) => v === null).length;
  hidden += [total.peopleReached, total.timesAssistedInTransit, ...Object.values(total.bySector)].filter((v) => v === null).length;
  return hidden;
}

export type RegionalService = ReturnType<typeof createRegionalService>;
