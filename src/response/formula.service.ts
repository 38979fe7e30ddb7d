import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { ForbiddenError, type Access, type AccountService } from '../access/index.js';
import type { PlatformService } from '../coordination/index.js';
import type { Ctx } from '../core/actor.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import type { RegistryService } from '../vocabulary/index.js';
import { planRepo as repo } from './plan.repo.js';
import { FormulaBody, FormulaKeyBody } from './response.schemas.js';

const checkFormula = inputCheck(FormulaBody, 'formula');
const checkKey = inputCheck(FormulaKeyBody, 'formula');

type FormulaRow = Awaited<ReturnType<typeof repo.formulasOf>>[number];

function present(f: FormulaRow, can: { approve: boolean }) {
  const inForce = f.approved_people_per_service === null ? null : Number(f.approved_people_per_service);
  const declared = Number(f.people_per_service);
  return {
    organisation: f.organisation, indicator: f.indicator_code, peoplePerService: declared, inForce,
    status: inForce === declared ? 'approved' as const : 'awaiting_approval' as const,
    approvedBy: f.approved_by, approvedAt: f.approved_at, can,
  };
}

/**
 * Service-to-people formulas (R4V: a partner that counts services says how many people one stands for).
 * A partner declares its own; it applies once a co-lead of the platform of another organisation approves it
 * (four eyes: 1 service = 1,000 people would otherwise inflate the platform's figures at once). A co-lead
 * declaring one for another organisation puts it in force directly. Until approval, the value in force
 * (if any) keeps applying.
 */
export function createFormulaService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'audit'>;
  platforms: Pick<PlatformService, 'byRef' | 'leads'>; registries: Pick<RegistryService, 'indicator'>;
  accounts: Pick<AccountService, 'organisationBySlug'>;
}) {
  const { db, access } = deps;
  const ownOrg = (ctx: Ctx, orgId: string) => ctx.actor.memberships.some((m) => m.orgId === orgId);
  const mayApprove = (ctx: Ctx, orgId: string, coLeads: readonly string[]) =>
    !ownOrg(ctx, orgId) && access.can(ctx, 'platform', 'update', { coLeadOrgIds: [...coLeads] });

  async function target(ref: string, organisation: string) {
    const p = await deps.platforms.byRef(ref);
    const org = await deps.accounts.organisationBySlug(organisation);
    if (!org) throw new ValidationError('unknown organisation', [{ field: 'organisation', message: `no organisation "${organisation}"` }]);
    return { p, org, coLeads: (await deps.platforms.leads(p.id)).platform };
  }

  async function one(ctx: Ctx, platformId: string, orgId: string, indicator: string, coLeads: readonly string[]) {
    const row = (await repo.formulasOf(db, platformId)).find((f) => f.org_id === orgId && f.indicator_code === indicator);
    if (!row) throw new NotFoundError('formula');
    return present(row, { approve: mayApprove(ctx, orgId, coLeads) && row.approved_people_per_service !== row.people_per_service });
  }

  return {
    /** A partner (or a co-lead) declares how many people one service stands for. */
    async declare(ctx: Ctx, ref: string, raw: Static<typeof FormulaBody>) {
      const { p, org, coLeads } = await target(ref, raw.organisation);
      await access.check(ctx, 'activity', 'create', { facts: { orgIds: [org.id], coLeadOrgIds: [...coLeads] } });
      const input = checkFormula(raw);
      const ind = await deps.registries.indicator(input.indicator);
      if (!ind) throw new ValidationError('the formula is not valid', [{ field: 'indicator', message: `no indicator "${input.indicator}"` }]);
      if (ind.unit !== 'services') throw new ValidationError('the formula is not valid', [{ field: 'indicator', message: 'this indicator counts people already' }]);
      const approve = mayApprove(ctx, org.id, coLeads) ? { by: ctx.actor.label, at: nowIso() } : null;
      await deps.events.transaction(async (tx) => {
        await repo.declareFormula(tx.db, { platform_id: p.id, org_id: org.id, indicator_code: input.indicator, people_per_service: input.peoplePerService }, approve);
        await access.audit.record(ctx, { action: 'update', resource: 'platform', objectId: p.id, outcome: 'allowed', concernedOrgs: [org.id, ...coLeads] }, tx.db);
      });
      return one(ctx, p.id, org.id, input.indicator, coLeads);
    },

    /** A co-lead of another organisation than the partner's puts the declared formula in force. */
    async approve(ctx: Ctx, ref: string, raw: Static<typeof FormulaKeyBody>) {
      const input = checkKey(raw);
      const { p, org, coLeads } = await target(ref, input.organisation);
      await access.check(ctx, 'platform', 'update', { id: p.id, facts: { coLeadOrgIds: [...coLeads] } });
      if (ownOrg(ctx, org.id)) throw new ForbiddenError('a formula is approved by another organisation than the one that declared it');
      const row = await repo.declaredFormula(db, p.id, org.id, input.indicator);
      if (!row) throw new NotFoundError('formula');
      await deps.events.transaction(async (tx) => {
        await repo.approveFormula(tx.db, { platform_id: p.id, org_id: org.id, indicator_code: input.indicator }, Number(row.people_per_service), ctx.actor.label, nowIso());
        await access.audit.record(ctx, { action: 'validate', resource: 'platform', objectId: p.id, outcome: 'allowed', concernedOrgs: [org.id, ...coLeads] }, tx.db);
      });
      return one(ctx, p.id, org.id, input.indicator, coLeads);
    },

    /** A platform's formulas: all for its co-leads and the administrator, a partner's own for the partner. */
    async list(ctx: Ctx, ref: string) {
      const p = await deps.platforms.byRef(ref);
      const coLeads = (await deps.platforms.leads(p.id)).platform;
      const rows = (await repo.formulasOf(db, p.id)).filter((f) => access.can(ctx, 'activity', 'read', { orgIds: [f.org_id], coLeadOrgIds: [...coLeads] }));
      return rows.map((f) => present(f, { approve: mayApprove(ctx, f.org_id, coLeads) && f.approved_people_per_service !== f.people_per_service }));
    },
  };
}

export type FormulaService = ReturnType<typeof createFormulaService>;
