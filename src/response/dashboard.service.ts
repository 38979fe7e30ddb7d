import type { Kysely } from 'kysely';
import { ForbiddenError, UnauthenticatedError, type Access } from '../access/index.js';
import type { PlatformService, PolicyService } from '../coordination/index.js';
import { actorOrg, type Ctx } from '../core/actor.js';
import type { EventBus } from '../core/events.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { answerCache, etagOf, type Cached } from '../core/cache.js';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import { countPeople, isMonth, POP_GROUPS, type ActivityFigure, type Counting, type PopGroup, type TransitCounting } from './counting.rules.js';
import { cellsOf } from './counting.rules.bands.js';
import { dashboardRepo as repo, type ActivityFilter } from './dashboard.repo.js';
import { disclose, discloseMonth, discloseR4v, type Disclosed } from './disclosure.rules.js';
import { releaseSet, type DisclosureSetting, type ReleaseSet } from '../core/disclosure/index.js';
import { countingOf } from './plan.counting.service.js';
import { planRepo } from './plan.repo.js';
import type { R4vFigures } from './r4v.service.js';
import type { Include } from './response.schemas.js';

const COUNTINGS = ['max', 'sum'] as const;

/** What the public sees of a plan's figures: validated, consolidated figures, no per-partner sums. */
const PUBLIC: { all: boolean; partners: ReadonlySet<string> } = Object.freeze({ all: false, partners: new Set<string>() });

/** One dashboard as a long table: what is counted, along which dimension, for which key (and its name), and the value. */
export interface DashboardRow { measure: string; dimension: string; key: string; name: string; value: number | null }

/** What a dashboard is asked for: up to a month, which reports count, and optionally one sector, area or partner (by code). */
export interface DashboardOptions { until?: string; include?: Include; sector?: string; area?: string; partner?: string }

const coverage = (funding: number, requirements: number) => (requirements > 0 ? funding / requirements : null);

/** Rule 4 for one month over its cells (already combined by rule 3), and the month's times assisted in transit where the platform counts them. */
function monthFromCells(cells: Array<{ sectorId: string; area: string; group: PopGroup; value: number; total: number }>, transit: TransitCounting) {
  const c = countPeople(cells.map((x) => ({ activityId: `${x.sectorId}|${x.area}|${x.group}`, ...x })), 'max', transit);
  const times = transit === 'persons' ? 0 : cells.filter((x) => x.group === 'in_transit').reduce((s, x) => s + x.total, 0);
  return { count: c, transit: times };
}

/** What the notes say of transit, as the platform counts it. */
const TRANSIT_NOTE: Record<TransitCounting, string> = {
  persons: 'People in transit are counted as persons, like every other population group (as R4V counts them).',
  'times-assisted': 'This platform counts people in transit as times assisted (timesAssistedInTransit), apart, and never adds them to persons.',
};

/**
 * What a plan's dashboard shows, by the counting rules: people reached (consolidated) and targets by sector,
 * area and group and inter-sector; times people in transit were assisted; each month's figures on their
 * own; per partner the sum of its activities (labelled: the same people may be counted in several);
 * requirements and funding by sector and partner.
 */
export function createDashboardService(deps: {
  db: Kysely<DB>; platforms: Pick<PlatformService, 'byRef' | 'sectors' | 'leads' | 'member'>; access: Pick<Access, 'can'>;
  policies: Pick<PolicyService, 'inForce'>; events: EventBus; disclosure: Pick<DisclosureSetting, 'releases'>;
  /** The plan's R4V figures (model and conservative), or null where it holds no R4V 5W rows. */
  r4vFigures?: (planId: string, include: Include) => Promise<R4vFigures | null>;
}) {
  const { db } = deps;
  /** A dashboard's name as a table: the plan and every option that changes its figures (its cache key, and its release memory's). */
  const tableOf = (planId: string, opts: DashboardOptions) => [planId, opts.until ?? '', opts.include ?? 'validated', opts.sector ?? '', opts.area ?? '', opts.partner ?? ''].join('|');
  // A dashboard is public and read far more often than reports change: kept until a report, an activity
  // or a closed month changes (`invalidate`), or five seconds (another server's change).
  type Full = Awaited<ReturnType<typeof full>>;
  /** The dashboard as a reader receives it: hidden values are null unless the reader is a co-lead. */
  type Shown = Omit<Full, keyof Disclosed> & Disclosed<Full['peopleReached']['cells'][number], Full['bySexAndAge'][number]>;
  const answers = answerCache<Full>({ ttlMs: 5_000 });
  // The public's narrowed answers, kept beside the full ones (and forgotten with them).
  const publicAnswers = answerCache<Shown>({ ttlMs: 5_000 });

  async function planAndPlatform(planId: string) {
    const plan = await planRepo.plan(db, planId);
    if (!plan) throw new NotFoundError('plan');
    const platform = await deps.platforms.byRef(plan.platform_id);
    const sectors = await deps.platforms.sectors(platform.id);
    const way = await countingOf(db, platform.id);
    return { plan, platform, sectors, way, counting: member(COUNTINGS, platform.counting), code: new Map(sectors.map((s) => [s.id, s.code])) };
  }

  /** The filter by codes as the repository reads it: a sector with its sub-sectors, an area, a partner's organisation. */
  function filterOf(opts: DashboardOptions, sectors: ReadonlyArray<{ id: string; code: string; parent_id: string | null }>, acts: ReadonlyArray<{ partner: string; partner_org_id: string }>): ActivityFilter {
    const f: ActivityFilter = {};
    if (opts.sector) {
      const top = sectors.find((s) => s.code === opts.sector);
      f.sectorIds = top ? sectors.filter((s) => s.id === top.id || s.parent_id === top.id).map((s) => s.id) : [];
    }
    if (opts.area) f.pcode = opts.area;
    if (opts.partner) f.orgId = acts.find((a) => a.partner === opts.partner)?.partner_org_id ?? '-';
    return f;
  }

  /** The heavy step in the database: each PiN activity's new people per group up to `until` (rule 2), transit as the platform counts it. */
  async function consolidated(planId: string, until: string, include: Include, transit: TransitCounting, filter: ActivityFilter = {}): Promise<ActivityFigure[]> {
    const rows = await repo.consolidated(db, planId, until, include, transit, filter);
    return rows.map((r) => ({ activityId: r.activityId, sectorId: r.sectorId, area: r.area, group: member(POP_GROUPS, r.grp), value: Number(r.value) }));
  }

  async function monthly(planId: string, until: string, include: Include, counting: Counting, filter: ActivityFilter = {}) {
    const rows = await repo.monthlyCells(db, planId, until, include, counting, filter);
    return rows.map((r) => ({ month: r.month, sectorId: r.sectorId, area: r.area, group: member(POP_GROUPS, r.grp), value: Number(r.v), total: Number(r.total) }));
  }

  async function dashboard(planId: string, opts: DashboardOptions = {}) {
    const { plan, platform, sectors, counting, code, way } = await planAndPlatform(planId);
    const include = opts.include ?? 'validated';
    const until = opts.until ?? plan.end_month;
    if (!isMonth(until)) throw new ValidationError('not a month', [{ field: 'until', message: 'YYYY-MM' }]);
    const allActs = await repo.activities(db, plan.id);
    const filter = filterOf(opts, sectors, allActs);
    const [figures, cells, targets] = await Promise.all([
      consolidated(plan.id, until, include, way.transit, filter), monthly(plan.id, until, include, counting, filter), repo.targets(db, plan.id, filter),
    ]);
    const acts = allActs.filter((a) => (!filter.sectorIds || filter.sectorIds.includes(a.sector_id)) && (!filter.pcode || a.pcode === filter.pcode) && (!filter.orgId || a.partner_org_id === filter.orgId));
    const bySectorCode = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [code.get(k) ?? k, v]));
    const people = countPeople(figures, counting, way.transit);
    const target = countPeople(targets.map((t) => ({ ...t, group: member(POP_GROUPS, t.grp), value: Number(t.value) })), counting, way.transit);

    const months = [...new Set(cells.map((m) => m.month))].sort();
    const byMonth = months.map((month) => {
      const { count, transit } = monthFromCells(cells.filter((m) => m.month === month), way.transit);
      return { month, people: count.interSector, bySector: bySectorCode(count.bySector), timesAssistedInTransit: transit };
    });
    const partnerTotals = new Map<string, { activitySum: number; requirementsUsd: number; fundingUsd: number }>();
    const funding = new Map<string, { requirementsUsd: number; fundingUsd: number }>();
    for (const a of acts) {
      const p = partnerTotals.get(a.partner) ?? { activitySum: 0, requirementsUsd: 0, fundingUsd: 0 };
      p.requirementsUsd += Number(a.requirements_usd);
      p.fundingUsd += Number(a.funding_usd);
      partnerTotals.set(a.partner, p);
      const k = code.get(a.sector_id) ?? a.sector_id;
      const f = funding.get(k) ?? { requirementsUsd: 0, fundingUsd: 0 };
      f.requirementsUsd += Number(a.requirements_usd);
      f.fundingUsd += Number(a.funding_usd);
      funding.set(k, f);
    }
    const partnerOf = new Map(acts.map((a) => [a.id, a.partner]));
    for (const f of figures) {
      const p = partnerTotals.get(partnerOf.get(f.activityId) ?? '');
      if (p) p.activitySum += f.value;
    }
    // Names beside codes, for every sector, area and partner of the plan (the filters' choices too).
    const names = {
      sectors: Object.fromEntries(sectors.map((s) => [s.code, s.name])),
      areas: Object.fromEntries(allActs.map((a) => [a.pcode, a.area_name ?? a.pcode])),
      partners: Object.fromEntries(allActs.map((a) => [a.partner, a.partner_name])),
    };
    const requirementsUsd = acts.reduce((s, a) => s + Number(a.requirements_usd), 0);
    const fundingUsd = acts.reduce((s, a) => s + Number(a.funding_usd), 0);
    return {
      plan: { id: plan.id, name: plan.name, startMonth: plan.start_month, endMonth: plan.end_month },
      platform: { slug: platform.slug, name: platform.name, counting, transit: way.transit },
      until, include,
      filter: { sector: opts.sector ?? null, area: opts.area ?? null, partner: opts.partner ?? null },
      names,
      peopleReached: {
        interSector: people.interSector, bySector: bySectorCode(people.bySector), byArea: people.byArea, byGroup: people.byGroup,
        cells: people.cells.map((c) => ({ sector: code.get(c.sectorId) ?? c.sectorId, area: c.area, group: c.group, value: c.value })),
      },
      targets: { interSector: target.interSector, bySector: bySectorCode(target.bySector), byArea: target.byArea, byGroup: target.byGroup },
      timesAssistedInTransit: byMonth.reduce((s, m) => s + m.timesAssistedInTransit, 0),
      byMonth,
      byPartner: [...partnerTotals].map(([partner, v]) => ({ partner, partnerName: names.partners[partner] ?? partner, ...v, coverage: coverage(v.fundingUsd, v.requirementsUsd) }))
        .sort((a, b) => a.partner.localeCompare(b.partner)),
      funding: [...funding].map(([sector, v]) => ({ sector, ...v, coverage: coverage(v.fundingUsd, v.requirementsUsd) })).sort((a, b) => a.sector.localeCompare(b.sector)),
      fundingTotal: { requirementsUsd, fundingUsd, coverage: coverage(fundingUsd, requirementsUsd) },
      notes: [
        'People reached are consolidated: each activity\'s new people summed over months, the highest activity per sector, area and group (or their sum where the platform declares activities disjoint), sectors summed over areas, and the highest sector per area and group for the inter-sector figure.',
        'Monthly figures (byMonth) stand alone: they are never added across months.',
        TRANSIT_NOTE[way.transit],
        'byPartner.activitySum adds a partner\'s activities together: the same people may be counted in more than one of them.',
        `bySexAndAge divides the new people the activities reported by the platform's sexes (${way.sexes.join(', ')}) and age bands (${way.ages.join(', ')}), summed over activities: it says how people reached divide, not how many persons.`,
      ],
    };
  }

  /** New people by the platform's sexes and age bands, up to `until`, as the activities reported them: every declared cell, zero where none. */
  async function sexAndAge(planId: string, opts: DashboardOptions = {}) {
    const { plan, sectors, way } = await planAndPlatform(planId);
    const until = opts.until ?? plan.end_month;
    const filter = filterOf(opts, sectors, await repo.activities(db, plan.id));
    const rows = await repo.bySexAndAge(db, plan.id, until, opts.include ?? 'validated', way.transit, filter);
    const value = new Map(rows.map((r) => [`${r.sex}|${r.age}`, Number(r.value)]));
    return cellsOf(way).map(({ sex, age }) => ({ sex, age, newReached: value.get(`${sex}|${age}`) ?? 0 }));
  }

  /**
   * The dashboard as the API answers it: the counting rules' figures and the sex and age breakdown (a
   * grouping over the reported cells, kept apart from `dashboard` so that the rules are measured alone).
   */
  async function full(planId: string, opts: DashboardOptions = {}) {
    const [d, bySexAndAge, r4v] = await Promise.all([dashboard(planId, opts), sexAndAge(planId, opts), deps.r4vFigures?.(planId, opts.include ?? 'validated') ?? null]);
    // Where the plan holds R4V 5W rows: the platform model's figure beside the conservative one (issue 19).
    return { ...d, bySexAndAge, r4v };
  }

  /**
   * Who may see what of a plan's figures: the platform's co-leads and the administrator everything; a partner
   * its own unreviewed figures and its own per-partner sums; everyone else validated, consolidated figures.
   */
  async function audience(ctx: Ctx, planId: string): Promise<{ all: boolean; partners: ReadonlySet<string> }> {
    // A reader with no organisation (the public) sees the public dashboard: no need to ask the database.
    if (ctx.actor.kind === 'anonymous') return PUBLIC;
    const plan = await planRepo.plan(db, planId);
    if (!plan) throw new NotFoundError('plan');
    const leads = await deps.platforms.leads(plan.platform_id);
    if (deps.access.can(ctx, 'report', 'read', { coLeadOrgIds: leads.all })) return { all: true, partners: new Set() };
    const partners = new Set<string>();
    for (const m of ctx.actor.memberships) {
      if (!deps.access.can(ctx, 'report', 'read', { orgIds: [m.orgId] })) continue;
      if (await deps.platforms.member(plan.platform_id, m.orgSlug)) partners.add(m.orgSlug);
    }
    return { all: false, partners };
  }

  /** Refuses unreviewed figures to whoever may not see them (a partner asks for its own, with `partner`). */
  function mayInclude(ctx: Ctx, who: { all: boolean; partners: ReadonlySet<string> }, include: Include | undefined, partner: string | undefined) {
    if (include !== 'submitted' || who.all || (partner && who.partners.has(partner))) return;
    if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
    throw new ForbiddenError('reports awaiting review are shown only to the platform\'s co-leads, and to a partner for its own activities (ask with partner=<your organisation>)');
  }

  /**
   * The dashboard as this actor may see it: all of it for the co-leads; for everyone else per-partner sums
   * narrowed to its own and the people-reached figures under disclosure control, with the policy's k.
   */
  async function narrowed(d: Full, who: { all: boolean; partners: ReadonlySet<string> }, table: string): Promise<Shown> {
    const { disclosureK: k } = await deps.policies.inForce();
    if (who.all) return { ...d, disclosure: { k, hidden: 0, applied: false } };
    return released(`dashboard|${table}`, (release) => {
      const out = disclose({ ...d, byPartner: d.byPartner.filter((b) => who.partners.has(b.partner)) }, k, release);
      if (!d.r4v) return out;
      const r4v = discloseR4v(d.r4v, k, release);
      return { ...out, r4v: r4v.figures, disclosure: { ...out.disclosure, hidden: out.disclosure.hidden + r4v.hidden } };
    });
  }

  /**
   * Publishes a table with what its earlier releases hid hidden again (R6: no differencing between releases),
   * and keeps what this release hid for the next, when it hid something new.
   */
  async function released<T>(table: string, publish: (release: ReleaseSet) => T): Promise<T> {
    const release = releaseSet(await deps.disclosure.releases.previous(table));
    const out = publish(release);
    if (release.grew()) await deps.disclosure.releases.keep(table, release.union());
    return out;
  }

  return {
    dashboard,
    consolidated,

    full,

    /** The dashboard as kept (with its ETag), as this actor may see it. */
    async cached(ctx: Ctx, planId: string, opts: DashboardOptions = {}): Promise<Cached<Shown>> {
      const who = await audience(ctx, planId);
      mayInclude(ctx, who, opts.include, opts.partner);
      const key = tableOf(planId, opts);
      const kept = await answers.get(key, async () => ({ value: await full(planId, opts), lastModified: new Date() }));
      if (who === PUBLIC) return publicAnswers.get(key, async () => ({ value: await narrowed(kept.value, who, key), lastModified: kept.lastModified }));
      const value = await narrowed(kept.value, who, key);
      return { ...kept, value, etag: etagOf(value) };
    },

    /** Forgets kept dashboards: a report, an activity or a closed month changed. */
    invalidate: () => { answers.invalidate(); publicAnswers.invalidate(); },

    /** The dashboard as a long table, for HXL and spreadsheet exports. */
    async dashboardRows(ctx: Ctx, planId: string, opts: DashboardOptions = {}, format?: string): Promise<DashboardRow[]> {
      const who = await audience(ctx, planId);
      mayInclude(ctx, who, opts.include, opts.partner);
      const d = await narrowed(await full(planId, opts), who, tableOf(planId, opts));
      const rows: DashboardRow[] = [];
      const nameOf: Record<string, (key: string) => string> = {
        sector: (k) => d.names.sectors[k] ?? k, area: (k) => d.names.areas[k] ?? k, partner: (k) => d.names.partners[k] ?? k, group: (k) => k.replace(/_/g, ' '),
      };
      const row = (measure: string, dimension: string, key: string, value: number | null) => rows.push({ measure, dimension, key, name: nameOf[dimension]?.(key) ?? key, value });
      const add = (measure: string, dimension: string, r: Record<string, number | null>) => { for (const [key, value] of Object.entries(r)) row(measure, dimension, key, value); };
      row('people reached', 'inter-sector', 'all', d.peopleReached.interSector);
      if (d.r4v) {
        row(`people reached, R4V's ${d.r4v.model.name} model`, 'inter-sector', 'all', d.r4v.model.people);
        row('people reached, conservative model (a lower bound)', 'inter-sector', 'all', d.r4v.conservative.people);
      }
      add('people reached', 'sector', d.peopleReached.bySector); add('people reached', 'area', d.peopleReached.byArea); add('people reached', 'group', d.peopleReached.byGroup);
      row('target', 'inter-sector', 'all', d.targets.interSector);
      add('target', 'sector', d.targets.bySector); add('target', 'area', d.targets.byArea); add('target', 'group', d.targets.byGroup);
      const apart = d.platform.transit === 'times-assisted';
      if (apart) row('times assisted in transit (not persons)', 'all', 'all', d.timesAssistedInTransit);
      for (const m of d.byMonth) row('people reached in the month (not to be summed across months)', 'month', m.month, m.people);
      for (const b of d.byPartner) row('sum of the partner\'s activities (may count people twice)', 'partner', b.partner, b.activitySum);
      for (const s of d.bySexAndAge) row('new people reported, by sex and age (summed over activities)', 'sex and age', `${s.sex} ${s.age}`, s.newReached);
      for (const f of d.funding) {
        row('requirements USD', 'sector', f.sector, f.requirementsUsd);
        row('funding USD', 'sector', f.sector, f.fundingUsd);
      }
      row('requirements USD', 'all', 'all', d.fundingTotal.requirementsUsd);
      row('funding USD', 'all', 'all', d.fundingTotal.fundingUsd);
      // An export by an organisation's account is a transfer of the partners' figures to that organisation (R6).
      const toOrgId = actorOrg(ctx.actor);
      if (format && toOrgId) {
        const partners = [...new Set((await repo.activities(db, planId)).map((a) => a.partner_org_id))].sort();
        await deps.events.transaction(async (tx) => {
          await tx.emit('dashboard.exported', {
            planId, toOrgId, fromOrgIds: partners, rows: rows.length, fields: ['measure', 'dimension', 'key', 'value'], format, disclosed: d.disclosure.applied,
          });
        });
      }
      return rows;
    },

    /** One month's figures, by the same rules; there is no total of monthly figures across months. */
    async monthFigures(ctx: Ctx, planId: string, month: string | undefined, include: Include = 'validated') {
      if (!month) {
        throw new ValidationError('monthly totals are never summed across months: ask for one month, or for consolidated people reached (the dashboard)', [{ field: 'month', message: 'required (YYYY-MM)' }]);
      }
      if (!isMonth(month)) throw new ValidationError('not a month', [{ field: 'month', message: 'YYYY-MM' }]);
      const who = await audience(ctx, planId);
      mayInclude(ctx, who, include, undefined);
      const { plan, counting, code, way } = await planAndPlatform(planId);
      const cells = (await monthly(plan.id, month, include, counting)).filter((m) => m.month === month);
      const { count: c, transit } = monthFromCells(cells, way.transit);
      const figures = {
        month, include, people: c.interSector,
        bySector: Object.fromEntries(Object.entries(c.bySector).map(([k, v]) => [code.get(k) ?? k, v])), byArea: c.byArea, byGroup: c.byGroup,
        timesAssistedInTransit: transit,
      };
      const { disclosureK: k } = await deps.policies.inForce();
      if (who.all) return { ...figures, disclosure: { k, hidden: 0, applied: false } };
      return released(`dashboard-month|${planId}|${month}|${include}`, (release) => discloseMonth(figures, k, release));
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
