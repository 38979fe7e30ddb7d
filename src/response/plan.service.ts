import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { PlatformService } from '../coordination/index.js';
import type { Ctx } from '../core/actor.js';
import { NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { ObjectFacts } from '../core/permissions.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { INDICATOR_UNITS, type RegistryService } from '../vocabulary/index.js';
import { isMonth, monthsBetween, POP_GROUPS } from './counting.rules.js';
import { countingOf } from './plan.counting.service.js';
import { planRepo as repo } from './plan.repo.js';
import { NewActivityBody, NewPlanBody } from './response.schemas.js';
import type { PlanTable } from './response.tables.js';

const checkPlan = inputCheck(NewPlanBody, 'plan');
const checkActivity = inputCheck(NewActivityBody, 'activity');

type Leads = Awaited<ReturnType<PlatformService['leads']>>;

/** The facts an activity (or a report of it) is decided on: its partner, and the co-leads of its platform and sector. */
export function activityFacts(a: { partner_org_id: string; sector_id: string }, leads: Leads): ObjectFacts {
  return { orgIds: [a.partner_org_id], coLeadOrgIds: [...leads.platform, ...(leads.bySector.get(a.sector_id) ?? [])] };
}

/**
 * Response plans and their activities (partner, sector, indicator, P-code, PiN flag, targets, money), the
 * platform's closed months.
 */
export function createPlanService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'allowed' | 'scope' | 'audit'>;
  platforms: Pick<PlatformService, 'byRef' | 'leads' | 'view' | 'member' | 'sectorByCode'>;
  registries: Pick<RegistryService, 'indicator' | 'adminArea'>; accounts: Pick<AccountService, 'organisationBySlug'>;
  /** Called after every committed change that a dashboard shows (activities, closed months). */
  changed: () => void;
}) {
  const { db, access, platforms } = deps;

  async function planById(id: string): Promise<PlanTable> {
    const plan = await repo.plan(db, id);
    if (!plan) throw new NotFoundError('plan');
    return plan;
  }

  /** The actor's organisations that are partners (members) of the plan's platform. */
  async function memberOrgsOf(ctx: Ctx, plan: PlanTable): Promise<string[]> {
    const mine = await Promise.all(ctx.actor.memberships.map((m) => platforms.member(plan.platform_id, m.orgSlug)));
    return mine.flatMap((o) => (o ? [o.id] : []));
  }

  async function audit(ctx: Ctx, q: Kysely<DB>, resource: 'platform' | 'activity', objectId: string, orgs: readonly string[], action: 'create' | 'update' = 'update') {
    await access.audit.record(ctx, { action, resource, objectId, outcome: 'allowed', concernedOrgs: [...new Set(orgs)] }, q);
  }

  /** A platform's page: its structure, its plans and the months it closed. */
  async function platformPage(ctx: Ctx, ref: string) {
    const structure = await platforms.view(ctx, ref);
    const [plans, locked] = await Promise.all([repo.plansOf(db, structure.id), repo.lockedMonths(db, structure.id)]);
    return {
      ...structure,
      plans: plans.map((pl) => ({ id: pl.id, name: pl.name, startMonth: pl.start_month, endMonth: pl.end_month })),
      lockedMonths: [...locked].sort(),
    };
  }

  /** The activities of a plan the actor may see (in SQL), with the facts each was decided on and what the actor may do with it. */
  async function visibleActivities(ctx: Ctx, planId: string, filter: { id?: string } = {}) {
    const plan = await planById(planId);
    const scope = access.scope(ctx, 'activity', 'read');
    const [rows, leads] = await Promise.all([repo.activities(db, plan.id, scope, filter), platforms.leads(plan.platform_id)]);
    const targets = await repo.targetsOf(db, rows.map((r) => r.id));
    const targetsOf = new Map<string, Record<string, number>>();
    for (const t of targets) targetsOf.set(t.activity_id, { ...targetsOf.get(t.activity_id), [t.pop_group]: Number(t.target) });
    return rows.map((a) => {
      const facts = activityFacts(a, leads);
      return {
        facts,
        view: {
          id: a.id, partnerOrgId: a.partner_org_id, sectorId: a.sector_id, partner: a.partner, partnerName: a.partner_name, sector: a.sector, sectorName: a.sector_name,
          indicator: a.indicator_code, indicatorName: a.indicator_name, unit: member(INDICATOR_UNITS, a.unit), pcode: a.pcode, area: a.area_name,
          countsPin: a.counts_pin === 1, description: a.description, requirementsUsd: Number(a.requirements_usd), fundingUsd: Number(a.funding_usd),
          targets: targetsOf.get(a.id) ?? {},
          can: { report: access.allowed(ctx, 'report', ['update'], facts).update },
        },
      };
    });
  }

  return {
    planById,
    platformPage,

    /**
     * Refuses an actor who may not report in this plan (no organisation of theirs is a partner of its platform):
     * an upload checks this before reading a byte of its body.
     */
    async checkMayReport(ctx: Ctx, id: string): Promise<void> {
      const plan = await planById(id);
      await access.check(ctx, 'report', 'create', { id: null, facts: { orgIds: await memberOrgsOf(ctx, plan) } });
    },
    visibleActivities,

    /** A plan with its platform's page and what the actor may do in it: report, review, add activities. */
    async planView(ctx: Ctx, id: string) {
      const plan = await planById(id);
      const platform = await platformPage(ctx, plan.platform_id);
      const [leads, memberOrgs, counting] = await Promise.all([platforms.leads(plan.platform_id), memberOrgsOf(ctx, plan), countingOf(db, plan.platform_id)]);
      return {
        id: plan.id, name: plan.name, startMonth: plan.start_month, endMonth: plan.end_month, platform, counting,
        can: {
          report: access.allowed(ctx, 'report', ['create'], { orgIds: memberOrgs }).create,
          review: access.allowed(ctx, 'report', ['validate'], { coLeadOrgIds: leads.all }).validate,
          addActivity: access.allowed(ctx, 'activity', ['create'], { orgIds: memberOrgs, coLeadOrgIds: leads.platform }).create,
        },
      };
    },

    async createPlan(ctx: Ctx, ref: string, raw: Static<typeof NewPlanBody>) {
      const p = await platforms.byRef(ref);
      const leads = await platforms.leads(p.id);
      await access.check(ctx, 'platform', 'update', { id: p.id, facts: { coLeadOrgIds: leads.platform } });
      const input = checkPlan(raw);
      const problems: ErrorDetail[] = [];
      if (!input.name.trim()) problems.push({ field: 'name', message: 'a name is required' });
      const n = monthsBetween(input.startMonth, input.endMonth).length;
      if (n === 0) problems.push({ field: 'endMonth', message: 'ends before it starts' });
      if (n > 24) problems.push({ field: 'endMonth', message: 'a plan covers one or two years (24 months at most)' });
      if (problems.length) throw new ValidationError('the plan is not valid', problems);
      const row = { id: newId(), platform_id: p.id, name: input.name.trim(), start_month: input.startMonth, end_month: input.endMonth, created_at: nowIso() };
      await deps.events.transaction(async (tx) => {
        await repo.insertPlan(tx.db, row);
        await audit(ctx, tx.db, 'platform', p.id, leads.platform);
      });
      return { id: row.id, name: row.name, startMonth: row.start_month, endMonth: row.end_month, platform: p.slug };
    },

    async lockMonth(ctx: Ctx, ref: string, month: string) {
      const p = await platforms.byRef(ref);
      const leads = await platforms.leads(p.id);
      await access.check(ctx, 'platform', 'update', { id: p.id, facts: { coLeadOrgIds: leads.platform } });
      if (!isMonth(month)) throw new ValidationError('not a month', [{ field: 'month', message: 'YYYY-MM' }]);
      await deps.events.transaction(async (tx) => {
        await repo.lock(tx.db, { platform_id: p.id, month, locked_at: nowIso(), locked_by: ctx.actor.label });
        await audit(ctx, tx.db, 'platform', p.id, leads.platform);
      });
      deps.changed();
      return platformPage(ctx, p.id);
    },

    async addActivity(ctx: Ctx, planId: string, raw: Static<typeof NewActivityBody>) {
      const plan = await planById(planId);
      const partner = await platforms.member(plan.platform_id, raw.partner);
      const sector = await platforms.sectorByCode(plan.platform_id, raw.sector);
      const leads = await platforms.leads(plan.platform_id);
      // Decide access on the object before saying anything about what is wrong with it.
      await access.check(ctx, 'activity', 'create', {
        facts: { orgIds: partner ? [partner.id] : [], coLeadOrgIds: [...leads.platform, ...(sector ? leads.bySector.get(sector.id) ?? [] : [])] },
      });
      const input = checkActivity(raw);
      const problems: ErrorDetail[] = [];
      if (!partner) problems.push({ field: 'partner', message: `"${input.partner}" is not a partner or co-lead of this platform` });
      if (!sector) problems.push({ field: 'sector', message: `no sector "${input.sector}" in this platform` });
      if (!(await deps.registries.indicator(input.indicator))) problems.push({ field: 'indicator', message: `no indicator "${input.indicator}" in the registry` });
      if (!(await deps.registries.adminArea(input.pcode))) problems.push({ field: 'pcode', message: `no admin area with P-code "${input.pcode}"` });
      if (!input.description.trim()) problems.push({ field: 'description', message: 'say what the activity does' });
      if (problems.length || !partner || !sector) throw new ValidationError('the activity is not valid', problems);
      const row = {
        id: newId(), plan_id: plan.id, partner_org_id: partner.id, sector_id: sector.id, indicator_code: input.indicator, pcode: input.pcode,
        counts_pin: input.countsPin ? 1 : 0, description: input.description.trim(), requirements_usd: input.requirementsUsd ?? 0, funding_usd: input.fundingUsd ?? 0, created_at: nowIso(),
      };
      const targets = POP_GROUPS.flatMap((g) => {
        const v = input.targets?.[g];
        return v === undefined ? [] : [{ activity_id: row.id, pop_group: g, target: v }];
      });
      await deps.events.transaction(async (tx) => {
        await repo.insertActivity(tx.db, row);
        await repo.insertTargets(tx.db, targets);
        await audit(ctx, tx.db, 'activity', row.id, [partner.id], 'create');
      });
      deps.changed();
      const [created] = await visibleActivities(ctx, plan.id, { id: row.id });
      if (!created) throw new NotFoundError('activity');
      return created.view;
    },

    /** The activities of a plan the actor may see: a partner its own, the co-leads all of theirs. */
    async listActivities(ctx: Ctx, planId: string) {
      return (await visibleActivities(ctx, planId)).map((x) => x.view);
    },
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
