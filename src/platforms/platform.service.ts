import { sql, type Kysely } from 'kysely';
import type { Access } from '../access/access.service.js';
import type { Ctx } from '../access/actor.js';
import type { ObjectFacts } from '../access/policy.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import { newId, nowIso } from '../core/ids.js';
import type { ActivityTable, DB, PlatformTable, ReportRowTable, ReportTable } from '../core/schema.js';
import type { DecisionService } from '../coordination/decision.service.js';
import type { SituationService } from '../situations/situation.service.js';
import { slugify } from '../situations/situation.rules.js';
import {
  checkReportedCell, countPeople, isMonth, monthsBetween, POP_GROUPS, REPORT_AGES, REPORT_SEXES,
  type ActivityFigure, type Counting, type PopGroup,
} from './counting.rules.js';

export const TIERS = ['regional', 'national', 'subnational'] as const;
export const REPORT_STATUSES = ['draft', 'submitted', 'validated', 'returned'] as const;
export const PARTNER_TYPES = ['un_agency', 'international_ngo', 'national_ngo', 'government', 'red_cross', 'faith_based', 'civil_society', 'academic', 'other'] as const;
export const INDICATOR_UNITS = ['people', 'services'] as const;
/** Reports that count in dashboards: validated ones, or also those submitted and not yet reviewed. */
export type Include = 'validated' | 'submitted';

export interface ReportCell {
  group: PopGroup;
  sex: (typeof REPORT_SEXES)[number];
  age: (typeof REPORT_AGES)[number];
  reached: number;
  newReached: number;
  /** For an indicator counted in services: the services delivered; people come from the partner's formula. */
  services?: number | null;
}

type Q = Kysely<DB>;

/**
 * Coordination platforms and partner reporting (5W). Every object is checked against the policy with the
 * facts that decide it: the partner organisation (own_org) and the platform's and sector's co-leads (co_lead).
 */
export function createPlatformService(deps: { db: Q; access: Access; situations: SituationService; decisions: DecisionService }) {
  const { db, access } = deps;

  async function orgBySlug(q: Q, slug: string, field: string) {
    const org = await q.selectFrom('organisations').selectAll().where('slug', '=', slug.trim().toLowerCase()).executeTakeFirst();
    if (!org) throw new ValidationError('unknown organisation', [{ field, message: `no organisation "${slug}"` }]);
    return org;
  }

  async function platformByRef(ref: string): Promise<PlatformTable> {
    const p = await db.selectFrom('platforms').selectAll().where((eb) => eb.or([eb('id', '=', ref), eb('slug', '=', ref)])).executeTakeFirst();
    if (!p) throw new NotFoundError('platform', ref);
    return p;
  }

  async function coLeads(platformId: string): Promise<string[]> {
    return (await db.selectFrom('platform_orgs').select('org_id').where('platform_id', '=', platformId).where('role', '=', 'co_lead').execute()).map((r) => r.org_id);
  }

  /** Facts of an activity (or a report of it): its partner, and the co-leads of its platform and sector. */
  async function activityFacts(a: Pick<ActivityTable, 'partner_org_id' | 'sector_id' | 'plan_id'>): Promise<ObjectFacts> {
    const plan = await db.selectFrom('plans').select('platform_id').where('id', '=', a.plan_id).executeTakeFirstOrThrow();
    const sectorLeads = (await db.selectFrom('sector_leads').select('org_id').where('sector_id', '=', a.sector_id).execute()).map((r) => r.org_id);
    return { orgIds: [a.partner_org_id], coLeadOrgIds: [...(await coLeads(plan.platform_id)), ...sectorLeads] };
  }

  async function checkPlatformUpdate(ctx: Ctx, p: PlatformTable) {
    await access.check(ctx, 'platform', 'update', { id: p.id, facts: { coLeadOrgIds: await coLeads(p.id) } });
  }

  async function lockedMonths(platformId: string): Promise<Set<string>> {
    return new Set((await db.selectFrom('month_locks').select('month').where('platform_id', '=', platformId).execute()).map((r) => r.month));
  }

  async function audit(ctx: Ctx, action: 'create' | 'update' | 'validate', resource: 'platform' | 'activity' | 'report', objectId: string, orgs: string[]) {
    await access.audit.record(ctx, { action, resource, objectId, outcome: 'allowed', concernedOrgs: [...new Set(orgs)] });
  }

  // ---------------------------------------------------------------- platforms, sectors, partners, areas

  async function createPlatform(ctx: Ctx, input: {
    name: string; slug?: string; tier: string; parent?: string; situation?: string; country?: string; counting?: Counting; coLeads?: string[];
  }) {
    await access.check(ctx, 'platform', 'create');
    const problems: ErrorDetail[] = [];
    const name = (input.name ?? '').trim();
    if (!name) problems.push({ field: 'name', message: 'a name is required' });
    if (!(TIERS as readonly string[]).includes(input.tier)) problems.push({ field: 'tier', message: `must be one of ${TIERS.join(', ')}` });
    const slug = input.slug?.trim() || slugify(name);
    if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(slug)) problems.push({ field: 'slug', message: 'lowercase letters, digits and hyphens, at most 60' });
    const counting = input.counting ?? 'max';
    if (counting !== 'max' && counting !== 'sum') problems.push({ field: 'counting', message: 'max (activities may reach the same people) or sum (declared disjoint)' });
    let parent: PlatformTable | undefined;
    if (input.parent) {
      parent = await db.selectFrom('platforms').selectAll().where((eb) => eb.or([eb('id', '=', input.parent!), eb('slug', '=', input.parent!)])).executeTakeFirst();
      if (!parent) problems.push({ field: 'parent', message: `no platform "${input.parent}"` });
      else if (TIERS.indexOf(parent.tier as never) !== TIERS.indexOf(input.tier as never) - 1) {
        problems.push({ field: 'parent', message: `a ${input.tier} platform sits under a ${TIERS[TIERS.indexOf(input.tier as never) - 1] ?? 'no'} platform, not a ${parent.tier} one` });
      }
    } else if (input.tier === 'subnational') problems.push({ field: 'parent', message: 'a sub-national platform sits under a national platform' });
    let situationId: string | null = null;
    let arrangement: string | null = null;
    if (input.situation) {
      try {
        const s = await deps.situations.get(input.situation);
        situationId = s.id;
        const signed = (await deps.decisions.history(s.id)).find((d) => d.status === 'signed');
        arrangement = signed ? signed.arrangement : (await deps.situations.composition(s.id)).recommendation.arrangement;
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        problems.push({ field: 'situation', message: `no situation "${input.situation}"` });
      }
    }
    let country: string | null = null;
    if (input.country) {
      country = input.country.trim().toUpperCase();
      if (!(await db.selectFrom('countries').select('iso3').where('iso3', '=', country).executeTakeFirst())) problems.push({ field: 'country', message: `unknown ISO3 code "${input.country}"` });
    } else if (input.tier !== 'regional') problems.push({ field: 'country', message: 'a national or sub-national platform names its country' });
    // Where the arrangement in force is a co-led platform, IOM and UNHCR co-lead it (R2); otherwise say who leads.
    const leadSlugs = input.coLeads?.length ? input.coLeads : arrangement === 'co-led-platform' ? ['iom', 'unhcr'] : [];
    if (leadSlugs.length === 0) problems.push({ field: 'coLeads', message: 'name the co-lead organisations (IOM and UNHCR by default where the situation\'s arrangement is a co-led platform)' });
    const leadOrgs: Array<{ id: string }> = [];
    for (const [i, s] of leadSlugs.entries()) {
      const org = await db.selectFrom('organisations').selectAll().where('slug', '=', s).executeTakeFirst();
      if (!org) problems.push({ field: `coLeads[${i}]`, message: `no organisation "${s}"` });
      else leadOrgs.push(org);
    }
    if (problems.length) throw new ValidationError('the platform is not valid', problems);
    if (await db.selectFrom('platforms').select('id').where('slug', '=', slug).executeTakeFirst()) {
      throw new ConflictError(`a platform with slug "${slug}" already exists`, [{ field: 'slug', message: 'already in use' }]);
    }
    const row: PlatformTable = {
      id: newId(), slug, name, tier: input.tier, parent_id: parent?.id ?? null, situation_id: situationId, country_iso3: country, counting, created_at: nowIso(),
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('platforms').values(row).execute();
      for (const o of leadOrgs) await trx.insertInto('platform_orgs').values({ platform_id: row.id, org_id: o.id, role: 'co_lead', appealing: 1, partner_type: 'un_agency' }).execute();
    });
    await audit(ctx, 'create', 'platform', row.id, leadOrgs.map((o) => o.id));
    return getPlatform(row.id);
  }

  async function getPlatform(ref: string) {
    const p = await platformByRef(ref);
    const orgs = await db.selectFrom('platform_orgs').innerJoin('organisations', 'organisations.id', 'platform_orgs.org_id')
      .select(['organisations.id', 'organisations.slug', 'organisations.name', 'organisations.kind', 'organisations.refugee_led', 'organisations.migrant_led',
        'platform_orgs.role', 'platform_orgs.appealing', 'platform_orgs.partner_type'])
      .where('platform_id', '=', p.id).orderBy('organisations.slug').execute();
    const sectors = await db.selectFrom('sectors').selectAll().where('platform_id', '=', p.id).orderBy('code').execute();
    const leads = sectors.length ? await db.selectFrom('sector_leads').innerJoin('organisations', 'organisations.id', 'sector_leads.org_id')
      .select(['sector_leads.sector_id', 'organisations.slug']).where('sector_id', 'in', sectors.map((s) => s.id)).execute() : [];
    const children = await db.selectFrom('platforms').select(['slug', 'name', 'tier']).where('parent_id', '=', p.id).orderBy('name').execute();
    const parent = p.parent_id ? await db.selectFrom('platforms').select(['slug', 'name', 'tier']).where('id', '=', p.parent_id).executeTakeFirst() : null;
    const situation = p.situation_id ? await db.selectFrom('situations').select(['slug', 'name']).where('id', '=', p.situation_id).executeTakeFirst() : null;
    const plans = await db.selectFrom('plans').selectAll().where('platform_id', '=', p.id).orderBy('start_month').execute();
    const locks = [...(await lockedMonths(p.id))].sort();
    const codeOf = new Map(sectors.map((s) => [s.id, s.code]));
    return {
      id: p.id, slug: p.slug, name: p.name, tier: p.tier, counting: p.counting as Counting, country: p.country_iso3,
      parent: parent ?? null, children, situation: situation ?? null,
      coLeads: orgs.filter((o) => o.role === 'co_lead').map((o) => ({ slug: o.slug, name: o.name })),
      partners: orgs.filter((o) => o.role === 'partner').map((o) => ({
        slug: o.slug, name: o.name, kind: o.kind, appealing: o.appealing === 1, partnerType: o.partner_type, refugeeLed: o.refugee_led === 1, migrantLed: o.migrant_led === 1,
      })),
      sectors: sectors.map((s) => ({
        id: s.id, code: s.code, name: s.name, parent: s.parent_id ? codeOf.get(s.parent_id) ?? null : null,
        leads: leads.filter((l) => l.sector_id === s.id).map((l) => l.slug),
      })),
      plans: plans.map((pl) => ({ id: pl.id, name: pl.name, startMonth: pl.start_month, endMonth: pl.end_month })),
      lockedMonths: locks,
    };
  }

  async function listPlatforms() {
    const rows = await db.selectFrom('platforms').selectAll().orderBy('name').execute();
    // Regional first, then national, then sub-national.
    rows.sort((a, b) => TIERS.indexOf(a.tier as never) - TIERS.indexOf(b.tier as never));
    return rows.map((p) => ({ id: p.id, slug: p.slug, name: p.name, tier: p.tier, country: p.country_iso3, parentId: p.parent_id }));
  }

  async function addSector(ctx: Ctx, ref: string, input: { code: string; name: string; parent?: string; leads: string[] }) {
    const p = await platformByRef(ref);
    await checkPlatformUpdate(ctx, p);
    const problems: ErrorDetail[] = [];
    const code = (input.code ?? '').trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(code)) problems.push({ field: 'code', message: 'lowercase letters, digits, - and _, at most 40' });
    if (!input.name?.trim()) problems.push({ field: 'name', message: 'a name is required' });
    let parentId: string | null = null;
    if (input.parent) {
      const parent = await db.selectFrom('sectors').select(['id', 'parent_id']).where('platform_id', '=', p.id).where('code', '=', input.parent).executeTakeFirst();
      if (!parent) problems.push({ field: 'parent', message: `no sector "${input.parent}" in this platform` });
      else if (parent.parent_id) problems.push({ field: 'parent', message: 'a sub-sector belongs to a sector, not to another sub-sector' });
      else parentId = parent.id;
    }
    const leadIds: string[] = [];
    for (const [i, s] of (input.leads ?? []).entries()) {
      const org = await db.selectFrom('organisations').select('id').where('slug', '=', s).executeTakeFirst();
      if (!org) problems.push({ field: `leads[${i}]`, message: `no organisation "${s}"` });
      else leadIds.push(org.id);
    }
    if (problems.length) throw new ValidationError('the sector is not valid', problems);
    if (await db.selectFrom('sectors').select('id').where('platform_id', '=', p.id).where('code', '=', code).executeTakeFirst()) {
      throw new ConflictError(`sector "${code}" already exists in this platform`, [{ field: 'code', message: 'already in use' }]);
    }
    const id = newId();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('sectors').values({ id, platform_id: p.id, code, name: input.name.trim(), parent_id: parentId }).execute();
      for (const o of leadIds) await trx.insertInto('sector_leads').values({ sector_id: id, org_id: o }).execute();
    });
    await audit(ctx, 'update', 'platform', p.id, [...(await coLeads(p.id)), ...leadIds]);
    return getPlatform(p.id);
  }

  async function addPartner(ctx: Ctx, ref: string, input: { organisation: string; appealing?: boolean; partnerType?: string }) {
    const p = await platformByRef(ref);
    await checkPlatformUpdate(ctx, p);
    const org = await orgBySlug(db, input.organisation, 'organisation');
    if (input.partnerType && !(PARTNER_TYPES as readonly string[]).includes(input.partnerType)) {
      throw new ValidationError('the partner is not valid', [{ field: 'partnerType', message: `must be one of ${PARTNER_TYPES.join(', ')}` }]);
    }
    const values = { appealing: input.appealing ? 1 : 0, partner_type: input.partnerType ?? null };
    await db.insertInto('platform_orgs').values({ platform_id: p.id, org_id: org.id, role: 'partner', ...values })
      .onConflict((oc) => oc.columns(['platform_id', 'org_id', 'role']).doUpdateSet(values)).execute();
    await audit(ctx, 'update', 'platform', p.id, [org.id, ...(await coLeads(p.id))]);
    return getPlatform(p.id);
  }

  /** Admin areas by P-code (from a COD gazetteer); an activity takes place in one of them. */
  async function upsertAdminAreas(ctx: Ctx, areas: Array<{ pcode: string; iso3: string; level: number; name: string; parent?: string | null }>) {
    await access.check(ctx, 'platform', 'create');
    const problems: ErrorDetail[] = [];
    const countries = new Set((await db.selectFrom('countries').select('iso3').execute()).map((c) => c.iso3));
    areas.forEach((a, i) => {
      if (!/^[A-Z]{2,3}[A-Z0-9]{0,15}$/.test(a.pcode)) problems.push({ field: `areas[${i}].pcode`, message: `"${a.pcode}" is not a P-code` });
      if (!countries.has(a.iso3)) problems.push({ field: `areas[${i}].iso3`, message: `unknown ISO3 code "${a.iso3}"` });
      if (!Number.isInteger(a.level) || a.level < 1 || a.level > 5) problems.push({ field: `areas[${i}].level`, message: 'an admin level from 1 to 5' });
      if (!a.name?.trim()) problems.push({ field: `areas[${i}].name`, message: 'a name is required' });
    });
    if (problems.length) throw new ValidationError('the admin areas are not valid', problems);
    let changed = 0;
    await db.transaction().execute(async (trx) => {
      for (const a of areas) {
        const row = { pcode: a.pcode, iso3: a.iso3, level: a.level, name: a.name.trim(), parent_pcode: a.parent ?? null };
        const cur = await trx.selectFrom('admin_areas').selectAll().where('pcode', '=', a.pcode).executeTakeFirst();
        if (cur && cur.name === row.name && cur.level === row.level && cur.iso3 === row.iso3 && cur.parent_pcode === row.parent_pcode) continue;
        if (cur) await trx.updateTable('admin_areas').set(row).where('pcode', '=', a.pcode).execute();
        else await trx.insertInto('admin_areas').values(row).execute();
        changed++;
      }
    });
    return { received: areas.length, changed };
  }

  async function adminAreas(iso3?: string) {
    let q = db.selectFrom('admin_areas').selectAll().orderBy('pcode');
    if (iso3) q = q.where('iso3', '=', iso3.toUpperCase());
    return (await q.execute()).map((a) => ({ pcode: a.pcode, iso3: a.iso3, level: a.level, name: a.name, parent: a.parent_pcode }));
  }

  async function upsertIndicator(ctx: Ctx, input: { code: string; name: string; unit: string; sector?: string }) {
    await access.check(ctx, 'platform', 'create');
    const problems: ErrorDetail[] = [];
    if (!/^[a-z0-9][a-z0-9_.-]{0,59}$/.test(input.code ?? '')) problems.push({ field: 'code', message: 'lowercase letters, digits, ., - and _' });
    if (!input.name?.trim()) problems.push({ field: 'name', message: 'a name is required' });
    if (!(INDICATOR_UNITS as readonly string[]).includes(input.unit)) problems.push({ field: 'unit', message: 'people or services' });
    if (problems.length) throw new ValidationError('the indicator is not valid', problems);
    const row = { code: input.code, name: input.name.trim(), unit: input.unit, sector_code: input.sector ?? null };
    await db.insertInto('indicators').values(row).onConflict((oc) => oc.column('code').doUpdateSet({ name: row.name, unit: row.unit, sector_code: row.sector_code })).execute();
    return row;
  }

  const indicators = async () => (await db.selectFrom('indicators').selectAll().orderBy('code').execute())
    .map((i) => ({ code: i.code, name: i.name, unit: i.unit, sector: i.sector_code }));

  /** A partner declares how many people one service stands for; only then do its services count as people. */
  async function declareFormula(ctx: Ctx, ref: string, input: { organisation: string; indicator: string; peoplePerService: number }) {
    const p = await platformByRef(ref);
    const org = await orgBySlug(db, input.organisation, 'organisation');
    await access.check(ctx, 'activity', 'create', { facts: { orgIds: [org.id], coLeadOrgIds: await coLeads(p.id) } });
    const ind = await db.selectFrom('indicators').selectAll().where('code', '=', input.indicator).executeTakeFirst();
    const problems: ErrorDetail[] = [];
    if (!ind) problems.push({ field: 'indicator', message: `no indicator "${input.indicator}"` });
    else if (ind.unit !== 'services') problems.push({ field: 'indicator', message: 'this indicator counts people already' });
    if (!(input.peoplePerService > 0 && input.peoplePerService <= 1000)) problems.push({ field: 'peoplePerService', message: 'a number above 0, at most 1000' });
    if (problems.length) throw new ValidationError('the formula is not valid', problems);
    await db.insertInto('service_formulas').values({ platform_id: p.id, org_id: org.id, indicator_code: input.indicator, people_per_service: input.peoplePerService })
      .onConflict((oc) => oc.columns(['platform_id', 'org_id', 'indicator_code']).doUpdateSet({ people_per_service: input.peoplePerService })).execute();
    await audit(ctx, 'update', 'platform', p.id, [org.id]);
    return { organisation: org.slug, indicator: input.indicator, peoplePerService: input.peoplePerService };
  }

  async function lockMonth(ctx: Ctx, ref: string, month: string) {
    const p = await platformByRef(ref);
    await checkPlatformUpdate(ctx, p);
    if (!isMonth(month)) throw new ValidationError('not a month', [{ field: 'month', message: 'YYYY-MM' }]);
    await db.insertInto('month_locks').values({ platform_id: p.id, month, locked_at: nowIso(), locked_by: ctx.actor.label })
      .onConflict((oc) => oc.columns(['platform_id', 'month']).doNothing()).execute();
    await audit(ctx, 'update', 'platform', p.id, await coLeads(p.id));
    return getPlatform(p.id);
  }

  // ---------------------------------------------------------------- plans and activities

  async function planById(id: string) {
    const plan = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
    if (!plan) throw new NotFoundError('plan', id);
    return plan;
  }

  async function createPlan(ctx: Ctx, ref: string, input: { name: string; startMonth: string; endMonth: string }) {
    const p = await platformByRef(ref);
    await checkPlatformUpdate(ctx, p);
    const problems: ErrorDetail[] = [];
    if (!input.name?.trim()) problems.push({ field: 'name', message: 'a name is required' });
    if (!isMonth(input.startMonth)) problems.push({ field: 'startMonth', message: 'YYYY-MM' });
    if (!isMonth(input.endMonth)) problems.push({ field: 'endMonth', message: 'YYYY-MM' });
    if (!problems.length) {
      const n = monthsBetween(input.startMonth, input.endMonth).length;
      if (n === 0) problems.push({ field: 'endMonth', message: 'ends before it starts' });
      if (n > 24) problems.push({ field: 'endMonth', message: 'a plan covers one or two years (24 months at most)' });
    }
    if (problems.length) throw new ValidationError('the plan is not valid', problems);
    const row = { id: newId(), platform_id: p.id, name: input.name.trim(), start_month: input.startMonth, end_month: input.endMonth, created_at: nowIso() };
    await db.insertInto('plans').values(row).execute();
    await audit(ctx, 'update', 'platform', p.id, await coLeads(p.id));
    return { id: row.id, name: row.name, startMonth: row.start_month, endMonth: row.end_month, platform: p.slug };
  }

  async function addActivity(ctx: Ctx, planId: string, input: {
    partner: string; sector: string; indicator: string; pcode: string; countsPin: boolean; description: string;
    requirementsUsd?: number; fundingUsd?: number; targets?: Partial<Record<PopGroup, number>>;
  }) {
    const plan = await planById(planId);
    const problems: ErrorDetail[] = [];
    const partner = await db.selectFrom('platform_orgs').innerJoin('organisations', 'organisations.id', 'platform_orgs.org_id')
      .select(['organisations.id', 'organisations.slug']).where('platform_id', '=', plan.platform_id).where('organisations.slug', '=', input.partner ?? '').executeTakeFirst();
    if (!partner) problems.push({ field: 'partner', message: `"${input.partner}" is not a partner or co-lead of this platform` });
    const sector = await db.selectFrom('sectors').selectAll().where('platform_id', '=', plan.platform_id).where('code', '=', input.sector ?? '').executeTakeFirst();
    if (!sector) problems.push({ field: 'sector', message: `no sector "${input.sector}" in this platform` });
    if (!(await db.selectFrom('indicators').select('code').where('code', '=', input.indicator ?? '').executeTakeFirst())) problems.push({ field: 'indicator', message: `no indicator "${input.indicator}" in the registry` });
    if (!(await db.selectFrom('admin_areas').select('pcode').where('pcode', '=', input.pcode ?? '').executeTakeFirst())) problems.push({ field: 'pcode', message: `no admin area with P-code "${input.pcode}"` });
    if (!input.description?.trim()) problems.push({ field: 'description', message: 'say what the activity does' });
    for (const f of ['requirementsUsd', 'fundingUsd'] as const) {
      const v = input[f];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) problems.push({ field: f, message: 'an amount in USD, 0 or more' });
    }
    for (const [g, v] of Object.entries(input.targets ?? {})) {
      if (!(POP_GROUPS as readonly string[]).includes(g)) problems.push({ field: `targets.${g}`, message: `population groups are ${POP_GROUPS.join(', ')}` });
      else if (!Number.isInteger(v) || (v as number) < 0) problems.push({ field: `targets.${g}`, message: 'a whole number, 0 or more' });
    }
    // Decide access on the object before saying anything about what is wrong with it.
    await access.check(ctx, 'activity', 'create', {
      facts: { orgIds: partner ? [partner.id] : [], coLeadOrgIds: [...(await coLeads(plan.platform_id)), ...(sector ? (await db.selectFrom('sector_leads').select('org_id').where('sector_id', '=', sector.id).execute()).map((r) => r.org_id) : [])] },
    });
    if (problems.length) throw new ValidationError('the activity is not valid', problems);
    const row: ActivityTable = {
      id: newId(), plan_id: plan.id, partner_org_id: partner!.id, sector_id: sector!.id, indicator_code: input.indicator, pcode: input.pcode,
      counts_pin: input.countsPin ? 1 : 0, description: input.description.trim(), requirements_usd: input.requirementsUsd ?? 0, funding_usd: input.fundingUsd ?? 0, created_at: nowIso(),
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('activities').values(row).execute();
      for (const [g, v] of Object.entries(input.targets ?? {})) await trx.insertInto('activity_targets').values({ activity_id: row.id, pop_group: g, target: v as number }).execute();
    });
    await audit(ctx, 'create', 'activity', row.id, [partner!.id]);
    return (await listActivities(ctx, plan.id, { id: row.id }))[0]!;
  }

  /** The activities of a plan the actor may read, with the facts the policy decides them on. */
  async function visibleActivities(ctx: Ctx, planId: string, filter: { id?: string } = {}) {
    const plan = await planById(planId);
    let q = db.selectFrom('activities')
      .innerJoin('organisations', 'organisations.id', 'activities.partner_org_id')
      .innerJoin('sectors', 'sectors.id', 'activities.sector_id')
      .innerJoin('indicators', 'indicators.code', 'activities.indicator_code')
      .innerJoin('admin_areas', 'admin_areas.pcode', 'activities.pcode')
      .select(['activities.id', 'activities.partner_org_id', 'activities.sector_id', 'activities.plan_id', 'activities.description', 'activities.counts_pin',
        'activities.requirements_usd', 'activities.funding_usd', 'activities.pcode', 'activities.indicator_code',
        'organisations.slug as partner', 'sectors.code as sector', 'indicators.unit', 'indicators.name as indicator_name', 'admin_areas.name as area_name'])
      .where('activities.plan_id', '=', plan.id).orderBy('organisations.slug').orderBy('sectors.code').orderBy('activities.pcode');
    if (filter.id) q = q.where('activities.id', '=', filter.id);
    const rows = await q.execute();
    const platformLeads = await coLeads(plan.platform_id);
    const sectorLeads = await db.selectFrom('sector_leads').innerJoin('sectors', 'sectors.id', 'sector_leads.sector_id').select(['sector_id', 'org_id']).where('sectors.platform_id', '=', plan.platform_id).execute();
    const targets = rows.length ? await db.selectFrom('activity_targets').selectAll().where('activity_id', 'in', rows.map((r) => r.id)).execute() : [];
    const targetsOf = new Map<string, Record<string, number>>();
    for (const t of targets) targetsOf.set(t.activity_id, { ...targetsOf.get(t.activity_id), [t.pop_group]: t.target });
    return rows
      .map((a) => ({ a, facts: { orgIds: [a.partner_org_id], coLeadOrgIds: [...platformLeads, ...sectorLeads.filter((l) => l.sector_id === a.sector_id).map((l) => l.org_id)] } as ObjectFacts }))
      .filter(({ facts }) => access.can(ctx, 'activity', 'read', facts))
      .map(({ a, facts }) => ({
        facts,
        view: {
          id: a.id, partnerOrgId: a.partner_org_id, sectorId: a.sector_id, partner: a.partner, sector: a.sector, indicator: a.indicator_code, indicatorName: a.indicator_name, unit: a.unit, pcode: a.pcode, area: a.area_name,
          countsPin: a.counts_pin === 1, description: a.description, requirementsUsd: a.requirements_usd, fundingUsd: a.funding_usd,
          targets: targetsOf.get(a.id) ?? {},
        },
      }));
  }

  /** The activities of a plan the actor may see: a partner its own, the co-leads all of theirs. */
  async function listActivities(ctx: Ctx, planId: string, filter: { id?: string } = {}) {
    return (await visibleActivities(ctx, planId, filter)).map((x) => x.view);
  }

  // ---------------------------------------------------------------- monthly reports

  async function reportView(ctx: Ctx, r: ReportTable, facts: ObjectFacts) {
    const rows = await db.selectFrom('report_rows').selectAll().where('report_id', '=', r.id).orderBy('pop_group').orderBy('sex').orderBy('age').execute();
    // The reviewer's note is a reviewer-only field: the partner sees the status, not the note's text.
    const reviewer = access.can(ctx, 'report', 'validate', facts);
    return {
      id: r.id, activityId: r.activity_id, month: r.month, status: r.status, updatedAt: r.updated_at,
      reviewerNote: reviewer ? r.reviewer_note : undefined, reviewedAt: r.reviewed_at,
      rows: rows.map((x) => ({ group: x.pop_group, sex: x.sex, age: x.age, reached: x.reached, newReached: x.new_reached, services: x.services, converted: x.converted === 1 })),
    };
  }

  /**
   * Validates cells against the activity (unit, the partner's formula), returning the rows to store and the
   * problems by field. Shared by the form and the upload.
   */
  async function prepareCells(activity: ActivityTable & { unit: string; platform_id: string }, cells: ReportCell[], at: (i: number, field: string) => Omit<ErrorDetail, 'message'>) {
    const problems: ErrorDetail[] = [];
    const formula = activity.unit === 'services'
      ? await db.selectFrom('service_formulas').select('people_per_service').where('platform_id', '=', activity.platform_id)
        .where('org_id', '=', activity.partner_org_id).where('indicator_code', '=', activity.indicator_code).executeTakeFirst()
      : undefined;
    const seen = new Set<string>();
    const out: Array<Omit<ReportRowTable, 'report_id'>> = [];
    cells.forEach((c, i) => {
      if (!(POP_GROUPS as readonly string[]).includes(c.group)) problems.push({ ...at(i, 'group'), message: `population groups are ${POP_GROUPS.join(', ')}` });
      if (!(REPORT_SEXES as readonly string[]).includes(c.sex)) problems.push({ ...at(i, 'sex'), message: 'female or male' });
      if (!(REPORT_AGES as readonly string[]).includes(c.age)) problems.push({ ...at(i, 'age'), message: REPORT_AGES.join(', ') });
      const key = `${c.group}|${c.sex}|${c.age}`;
      if (seen.has(key)) problems.push({ ...at(i, 'group'), message: `${c.group}, ${c.sex}, ${c.age} is given twice` });
      seen.add(key);
      let reached = c.reached;
      let newReached = c.newReached;
      let converted = 0;
      if (activity.unit === 'services') {
        if (c.services === undefined || c.services === null) problems.push({ ...at(i, 'services'), message: 'this indicator is reported in services' });
        else if (!formula) problems.push({ ...at(i, 'services'), message: 'services count as people only through a formula your organisation declares for this indicator' });
        else {
          // People from services, through the partner's declared formula; flagged as converted.
          reached = Math.round(c.services * formula.people_per_service);
          newReached = Math.min(reached, Math.round((c.newReached ?? 0)));
          converted = 1;
        }
      }
      for (const p of checkReportedCell({ reached, newReached, services: c.services })) problems.push({ ...at(i, p.field), message: p.message });
      out.push({ pop_group: c.group, sex: c.sex, age: c.age, reached, new_reached: newReached, services: c.services ?? null, converted });
    });
    return { rows: out, problems };
  }

  async function activityForReport(activityId: string) {
    const a = await db.selectFrom('activities').innerJoin('indicators', 'indicators.code', 'activities.indicator_code')
      .innerJoin('plans', 'plans.id', 'activities.plan_id')
      .selectAll('activities').select(['indicators.unit', 'plans.platform_id', 'plans.start_month', 'plans.end_month'])
      .where('activities.id', '=', activityId).executeTakeFirst();
    return a;
  }

  /**
   * Saves a partner's report for one activity and month (all its cells at once, replacing what was there);
   * `submit` sends it to the sector's reviewers. A validated report, or a closed month, cannot change.
   */
  async function saveReport(ctx: Ctx, activityId: string, month: string, cells: ReportCell[], submit: boolean) {
    const a = await activityForReport(activityId);
    const facts = a ? await activityFacts(a) : {};
    const existing = a ? await db.selectFrom('reports').selectAll().where('activity_id', '=', a.id).where('month', '=', month).executeTakeFirst() : undefined;
    await access.check(ctx, 'report', existing ? 'update' : 'create', { id: existing?.id ?? null, facts });
    if (!a) throw new NotFoundError('activity', activityId);
    const changed = await writeReports(ctx, [{ activity: a, month, cells, at: (i, field) => ({ field: `rows[${i}].${field}` }) }], submit);
    const r = await db.selectFrom('reports').selectAll().where('activity_id', '=', a.id).where('month', '=', month).executeTakeFirstOrThrow();
    return { report: await reportView(ctx, r, facts), changed: changed > 0 };
  }

  /** A report's people per group, summed over sex and age: what dashboards read. */
  async function writeTotals(trx: Q, report: { id: string; activity_id: string; month: string; status: string }, rows: Array<Omit<ReportRowTable, 'report_id'>>) {
    const totals = new Map<string, { reached: number; new_reached: number }>();
    for (const r of rows) {
      const t = totals.get(r.pop_group) ?? { reached: 0, new_reached: 0 };
      t.reached += r.reached;
      t.new_reached += r.new_reached;
      totals.set(r.pop_group, t);
    }
    if (totals.size) {
      await trx.insertInto('report_totals')
        .values([...totals].map(([g, t]) => ({ report_id: report.id, activity_id: report.activity_id, month: report.month, status: report.status, pop_group: g, ...t })))
        .execute();
    }
  }

  type Activity = NonNullable<Awaited<ReturnType<typeof activityForReport>>>;
  /** Writes several reports in one transaction, all or nothing; returns how many changed. */
  async function writeReports(
    ctx: Ctx, items: Array<{ activity: Activity; month: string; cells: ReportCell[]; at: (i: number, field: string) => Omit<ErrorDetail, 'message'> }>, submit: boolean,
  ): Promise<number> {
    const facts = new Map<string, ObjectFacts>();
    const problems: ErrorDetail[] = [];
    const prepared: Array<{ a: Activity; month: string; rows: Array<Omit<ReportRowTable, 'report_id'>>; existing: ReportTable | undefined }> = [];
    const locks = new Map<string, Set<string>>();
    for (const it of items) {
      const { activity: a, month } = it;
      if (!locks.has(a.platform_id)) locks.set(a.platform_id, await lockedMonths(a.platform_id));
      const first = it.at(0, 'month');
      if (!isMonth(month)) problems.push({ ...first, message: `"${month}" is not a month (YYYY-MM)` });
      else if (month < a.start_month || month > a.end_month) problems.push({ ...first, message: `${month} is outside the plan (${a.start_month} to ${a.end_month})` });
      else if (locks.get(a.platform_id)!.has(month)) problems.push({ ...first, message: `${month} is closed: the platform locked it` });
      const existing = await db.selectFrom('reports').selectAll().where('activity_id', '=', a.id).where('month', '=', month).executeTakeFirst();
      // Every report is checked on its own object, whatever the channel (form, upload).
      if (!facts.has(a.id)) facts.set(a.id, await activityFacts(a));
      await access.check(ctx, 'report', existing ? 'update' : 'create', { id: existing?.id ?? null, facts: facts.get(a.id) });
      if (existing?.status === 'validated') problems.push({ ...first, message: `the report for ${month} is validated and can no longer change` });
      const { rows, problems: cellProblems } = await prepareCells(a, it.cells, it.at);
      problems.push(...cellProblems);
      prepared.push({ a, month, rows, existing });
    }
    if (problems.length) throw new ValidationError(`the report is not valid: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems.slice(0, 100));
    let changed = 0;
    const touched: Array<{ id: string; org: string; created: boolean }> = [];
    await db.transaction().execute(async (trx) => {
      for (const { a, month, rows, existing } of prepared) {
        const status = submit ? 'submitted' : existing?.status === 'submitted' ? 'submitted' : 'draft';
        if (existing) {
          const old = await trx.selectFrom('report_rows').selectAll().where('report_id', '=', existing.id).execute();
          const sig = (r: Omit<ReportRowTable, 'report_id'>) => `${r.pop_group}|${r.sex}|${r.age}|${r.reached}|${r.new_reached}|${r.services ?? ''}|${r.converted}`;
          const same = old.length === rows.length && new Set(old.map(sig)).size === old.length && rows.every((r) => old.some((o) => sig(o) === sig(r)));
          if (same && existing.status === status) continue;
          await trx.deleteFrom('report_rows').where('report_id', '=', existing.id).execute();
          await trx.deleteFrom('report_totals').where('report_id', '=', existing.id).execute();
          if (rows.length) await trx.insertInto('report_rows').values(rows.map((r) => ({ ...r, report_id: existing.id }))).execute();
          await writeTotals(trx, { id: existing.id, activity_id: a.id, month, status }, rows);
          await trx.updateTable('reports').set({ status, updated_at: nowIso(), updated_by: ctx.actor.label }).where('id', '=', existing.id).execute();
          touched.push({ id: existing.id, org: a.partner_org_id, created: false });
        } else {
          const id = newId();
          await trx.insertInto('reports').values({ id, activity_id: a.id, month, status, reviewer_note: null, updated_at: nowIso(), updated_by: ctx.actor.label, reviewed_at: null, reviewed_by: null }).execute();
          if (rows.length) await trx.insertInto('report_rows').values(rows.map((r) => ({ ...r, report_id: id }))).execute();
          await writeTotals(trx, { id, activity_id: a.id, month, status }, rows);
          touched.push({ id, org: a.partner_org_id, created: true });
        }
        changed++;
      }
    });
    for (const t of touched) await audit(ctx, t.created ? 'create' : 'update', 'report', t.id, [t.org]);
    return changed;
  }

  async function reportFacts(reportId: string) {
    const r = await db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirst();
    const a = r ? await activityForReport(r.activity_id) : undefined;
    return { r, a, facts: a ? await activityFacts(a) : {} };
  }

  async function getReport(ctx: Ctx, reportId: string) {
    const { r, facts } = await reportFacts(reportId);
    await access.check(ctx, 'report', 'read', { id: reportId, facts });
    if (!r) throw new NotFoundError('report', reportId);
    return reportView(ctx, r, facts);
  }

  /** The sector's reviewer validates a submitted report, or returns it to the partner with a note. */
  async function review(ctx: Ctx, reportId: string, input: { decision: 'validate' | 'return'; note?: string }) {
    const { r, a, facts } = await reportFacts(reportId);
    await access.check(ctx, 'report', 'validate', { id: reportId, facts });
    if (!r || !a) throw new NotFoundError('report', reportId);
    if (r.status !== 'submitted') throw new ConflictError(`only a submitted report can be reviewed; this one is ${r.status}`);
    if ((await lockedMonths(a.platform_id)).has(r.month)) throw new ConflictError(`${r.month} is closed: the platform locked it`);
    if (input.decision === 'return' && !input.note?.trim()) throw new ValidationError('say what to correct', [{ field: 'note', message: 'required when returning a report' }]);
    const status = input.decision === 'validate' ? 'validated' : 'returned';
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('reports').set({ status, reviewer_note: input.note?.trim() || null, reviewed_at: nowIso(), reviewed_by: ctx.actor.label })
        .where('id', '=', r.id).where('status', '=', 'submitted').execute();
      await trx.updateTable('report_totals').set({ status }).where('report_id', '=', r.id).execute();
    });
    await audit(ctx, 'validate', 'report', r.id, [a.partner_org_id, ...(facts.coLeadOrgIds ?? [])]);
    return getReport(ctx, r.id);
  }

  /** Reports of a plan the actor may read, newest month first; `status` filters (the reviewer's queue is `submitted`). */
  async function listReports(ctx: Ctx, planId: string, filter: { status?: string; month?: string; limit: number; offset: number }) {
    const visible = await visibleActivities(ctx, planId);
    if (visible.length === 0) return { items: [], total: 0, limit: filter.limit, offset: filter.offset };
    const byId = new Map(visible.map((a) => [a.view.id, a]));
    let q = db.selectFrom('reports').selectAll().where('activity_id', 'in', [...byId.keys()]).orderBy('month', 'desc').orderBy('updated_at', 'desc');
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.month) q = q.where('month', '=', filter.month);
    const all = await q.execute();
    const page = all.slice(filter.offset, filter.offset + filter.limit);
    const items = [];
    for (const r of page) {
      const { view: a, facts } = byId.get(r.activity_id)!;
      if (!access.can(ctx, 'report', 'read', facts)) continue;
      items.push({ ...(await reportView(ctx, r, facts)), activity: { partner: a.partner, sector: a.sector, indicator: a.indicator, pcode: a.pcode, description: a.description } });
    }
    return { items, total: all.length, limit: filter.limit, offset: filter.offset };
  }

  // ---------------------------------------------------------------- dashboard

  const statuses = (include: Include) => (include === 'submitted' ? ['validated', 'submitted'] : ['validated']);

  /**
   * The heavy step in the database: each PiN activity's new people per group up to `until` (rule 2), summed
   * over sex, age and months. Everything after it (rules 3 and 4) is the pure rules over a few rows per activity.
   */
  async function consolidatedFromDb(planId: string, until: string, include: Include): Promise<ActivityFigure[]> {
    const rows = await db.selectFrom('report_totals')
      .innerJoin('activities', 'activities.id', 'report_totals.activity_id')
      .select(['activities.id as activityId', 'activities.sector_id as sectorId', 'activities.pcode as area', 'report_totals.pop_group as grp',
        sql<number>`sum(report_totals.new_reached)`.as('value')])
      .where('activities.plan_id', '=', planId).where('activities.counts_pin', '=', 1).where('report_totals.pop_group', '<>', 'in_transit')
      .where('report_totals.month', '<=', until).where('report_totals.status', 'in', statuses(include))
      .groupBy(['activities.id', 'activities.sector_id', 'activities.pcode', 'report_totals.pop_group'])
      .execute();
    return rows.map((r) => ({ activityId: r.activityId, sectorId: r.sectorId, area: r.area, group: r.grp as PopGroup, value: Number(r.value) }));
  }

  /**
   * Per month, sector, area and group: the activities' monthly totals combined by rule 3 (highest, or sum
   * where declared disjoint), PiN activities only; in_transit rows are times assisted. Rule 1: months are
   * never added together; the caller applies rule 4 month by month.
   */
  async function monthlyCellsFromDb(planId: string, until: string, include: Include, counting: Counting) {
    // A report_totals row is one activity, month and group already: rule 3 is one grouping over them.
    const combine = counting === 'sum' ? sql<number>`sum(report_totals.reached)` : sql<number>`max(report_totals.reached)`;
    const rows = await db.selectFrom('report_totals')
      .innerJoin('activities', 'activities.id', 'report_totals.activity_id')
      .select(['report_totals.month', 'activities.sector_id as sectorId', 'activities.pcode as area', 'report_totals.pop_group as grp',
        combine.as('v'), sql<number>`sum(report_totals.reached)`.as('total')])
      .where('activities.plan_id', '=', planId).where('activities.counts_pin', '=', 1)
      .where('report_totals.month', '<=', until).where('report_totals.status', 'in', statuses(include))
      .groupBy(['report_totals.month', 'activities.sector_id', 'activities.pcode', 'report_totals.pop_group'])
      .execute();
    return rows.map((r) => ({ month: r.month, sectorId: r.sectorId, area: r.area, group: r.grp as PopGroup, value: Number(r.v), total: Number(r.total) }));
  }

  /** Rule 4 for one month over its cells (already combined by rule 3), and the month's times assisted in transit. */
  function monthFromCells(cells: Array<{ sectorId: string; area: string; group: PopGroup; value: number; total: number }>) {
    const c = countPeople(cells.map((x) => ({ activityId: `${x.sectorId}|${x.area}|${x.group}`, ...x })), 'max');
    const transit = cells.filter((x) => x.group === 'in_transit').reduce((s, x) => s + x.total, 0);
    return { count: c, transit };
  }

  /**
   * Everything a platform's dashboard shows for one plan, by the counting rules: people reached
   * (consolidated) and targets by sector, area and group and inter-sector; times people in transit were
   * assisted; each month's figures on their own; per partner the sum of its activities (labelled: the
   * same people may be counted in several); requirements and funding by sector and partner.
   */
  async function dashboard(planId: string, opts: { until?: string; include?: Include } = {}) {
    const plan = await planById(planId);
    const platform = await platformByRef(plan.platform_id);
    const counting = platform.counting as Counting;
    const include = opts.include ?? 'validated';
    const until = opts.until ?? plan.end_month;
    if (!isMonth(until)) throw new ValidationError('not a month', [{ field: 'until', message: 'YYYY-MM' }]);
    const [consolidated, monthly, acts, targets, sectors, orgs] = await Promise.all([
      consolidatedFromDb(plan.id, until, include),
      monthlyCellsFromDb(plan.id, until, include, counting),
      db.selectFrom('activities').select(['id', 'sector_id', 'pcode', 'partner_org_id', 'counts_pin', 'requirements_usd', 'funding_usd']).where('plan_id', '=', plan.id).execute(),
      db.selectFrom('activity_targets').innerJoin('activities', 'activities.id', 'activity_targets.activity_id')
        .select(['activities.id as activityId', 'activities.sector_id as sectorId', 'activities.pcode as area', 'activity_targets.pop_group as grp', 'activity_targets.target as value'])
        .where('activities.plan_id', '=', plan.id).where('activities.counts_pin', '=', 1).execute(),
      db.selectFrom('sectors').select(['id', 'code']).where('platform_id', '=', platform.id).execute(),
      db.selectFrom('organisations').select(['id', 'slug']).execute(),
    ]);
    const code = new Map(sectors.map((s) => [s.id, s.code]));
    const slug = new Map(orgs.map((o) => [o.id, o.slug]));
    const bySectorCode = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [code.get(k) ?? k, v]));
    const people = countPeople(consolidated, counting);
    const target = countPeople(targets.map((t) => ({ ...t, group: t.grp as PopGroup, value: Number(t.value) })), counting);

    const months = [...new Set(monthly.map((m) => m.month))].sort();
    const byMonth = months.map((month) => {
      const { count, transit } = monthFromCells(monthly.filter((m) => m.month === month));
      return { month, people: count.interSector, bySector: bySectorCode(count.bySector), timesAssistedInTransit: transit };
    });
    const partnerTotals = new Map<string, { activitySum: number; requirementsUsd: number; fundingUsd: number }>();
    for (const a of acts) {
      const p = slug.get(a.partner_org_id)!;
      const cur = partnerTotals.get(p) ?? { activitySum: 0, requirementsUsd: 0, fundingUsd: 0 };
      cur.requirementsUsd += Number(a.requirements_usd);
      cur.fundingUsd += Number(a.funding_usd);
      partnerTotals.set(p, cur);
    }
    const partnerOf = new Map(acts.map((a) => [a.id, slug.get(a.partner_org_id)!]));
    for (const f of consolidated) partnerTotals.get(partnerOf.get(f.activityId)!)!.activitySum += f.value;
    const funding = new Map<string, { requirementsUsd: number; fundingUsd: number }>();
    for (const a of acts) {
      const k = code.get(a.sector_id)!;
      const cur = funding.get(k) ?? { requirementsUsd: 0, fundingUsd: 0 };
      cur.requirementsUsd += Number(a.requirements_usd);
      cur.fundingUsd += Number(a.funding_usd);
      funding.set(k, cur);
    }
    const transit = byMonth.reduce((s, m) => s + m.timesAssistedInTransit, 0);
    return {
      plan: { id: plan.id, name: plan.name, startMonth: plan.start_month, endMonth: plan.end_month },
      platform: { slug: platform.slug, name: platform.name, counting },
      until, include,
      peopleReached: {
        interSector: people.interSector, bySector: bySectorCode(people.bySector), byArea: people.byArea, byGroup: people.byGroup,
        cells: people.cells.map((c) => ({ ...c, sectorId: undefined, sector: code.get(c.sectorId)! })),
      },
      targets: { interSector: target.interSector, bySector: bySectorCode(target.bySector), byArea: target.byArea, byGroup: target.byGroup },
      timesAssistedInTransit: transit,
      byMonth,
      byPartner: [...partnerTotals].map(([partner, v]) => ({ partner, ...v })).sort((a, b) => a.partner.localeCompare(b.partner)),
      funding: [...funding].map(([sector, v]) => ({ sector, ...v })).sort((a, b) => a.sector.localeCompare(b.sector)),
      notes: [
        'People reached are consolidated: each activity\'s new people summed over months, the highest activity per sector, area and group (or their sum where the platform declares activities disjoint), sectors summed over areas, and the highest sector per area and group for the inter-sector figure.',
        'Monthly figures (byMonth) stand alone: they are never added across months.',
        'People in transit are counted as times assisted and never added to persons.',
        'byPartner.activitySum adds a partner\'s activities together: the same people may be counted in more than one of them.',
      ],
    };
  }

  /** One month's figures, by the same rules; there is no total of monthly figures across months. */
  async function monthFigures(planId: string, month: string | undefined, include: Include = 'validated') {
    if (!month) {
      throw new ValidationError('monthly totals are never summed across months: ask for one month, or for consolidated people reached (the dashboard)', [{ field: 'month', message: 'required (YYYY-MM)' }]);
    }
    if (!isMonth(month)) throw new ValidationError('not a month', [{ field: 'month', message: 'YYYY-MM' }]);
    const plan = await planById(planId);
    const platform = await platformByRef(plan.platform_id);
    const cells = (await monthlyCellsFromDb(plan.id, month, include, platform.counting as Counting)).filter((m) => m.month === month);
    const sectors = new Map((await db.selectFrom('sectors').select(['id', 'code']).where('platform_id', '=', platform.id).execute()).map((s) => [s.id, s.code]));
    const { count: c, transit } = monthFromCells(cells);
    return {
      month, include, people: c.interSector,
      bySector: Object.fromEntries(Object.entries(c.bySector).map(([k, v]) => [sectors.get(k) ?? k, v])), byArea: c.byArea, byGroup: c.byGroup,
      timesAssistedInTransit: transit,
    };
  }

  return {
    createPlatform, getPlatform, listPlatforms, addSector, addPartner, upsertAdminAreas, adminAreas, upsertIndicator, indicators,
    declareFormula, lockMonth, createPlan, planById, addActivity, listActivities, saveReport, writeReports, activityForReport, activityFacts,
    getReport, review, listReports, dashboard, monthFigures, consolidatedFromDb,
  };
}

export type PlatformService = ReturnType<typeof createPlatformService>;
