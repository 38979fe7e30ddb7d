import type { Kysely } from 'kysely';
import { ForbiddenError, type Access, type AccountService } from '../access/index.js';
import { OPERATOR, type Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import type { ImportService } from '../figures/index.js';
import { POPULATION_TYPES, type PopulationType } from '../vocabulary/index.js';
import { gateInputs, presentReturn, returnFacts } from './returns.presenter.js';
import { returnsRepo as repo, type ReturnRow } from './returns.repo.js';
import { RETURN_STATUSES, returnedRefugees, returnLead, stepAllowed, type ReturnSafeguard, type ReturnStep } from './returns.rules.js';
import {
  DeclarationsBody, MonitoringBody, MovementBody, NewReturnBody, ObjectionBody, ReturnListQuery, SafeguardBody, StepBody, type ReturnView,
} from './returns.schemas.js';

const checkNew = inputCheck(NewReturnBody, 'return operation');
const checkSafeguard = inputCheck(SafeguardBody, 'safeguard');
const checkDeclarations = inputCheck(DeclarationsBody, 'voluntariness register');
const checkMovement = inputCheck(MovementBody, 'movement');
const checkMonitoring = inputCheck(MonitoringBody, 'monitoring visit');
const checkObjection = inputCheck(ObjectionBody, 'objection');
const checkStep = inputCheck(StepBody, 'step');
const checkList = inputCheck(ReturnListQuery, 'list of return operations');

export interface ReturnDeps {
  db: Kysely<DB>; events: EventBus; now: () => Date;
  access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>;
  accounts: Pick<AccountService, 'agencyOrgIds'>;
  imports: Pick<ImportService, 'ingest'>;
}

/** The dataset RET figures of one operation are recorded under: one per operation, so that two never share a figure. */
export const returnDataset = (id: string) => `tandem-return-operation:${id}`;

/**
 * Return operations (R5): opened with a caseload whose composition decides the lead, gated by the voluntary
 * repatriation safeguards, approved by the lead's representative and countersigned by the supporting
 * agency's, moved, completed (returned refugees become RET figures credited to UNHCR) and monitored.
 */
export function createReturnService(deps: ReturnDeps) {
  const { db, access } = deps;
  const at = () => deps.now().toISOString();
  const present = (ctx: Ctx, row: ReturnRow) => presentReturn(db, access, ctx, row);
  const audit = (ctx: Ctx, action: 'create' | 'update' | 'sign' | 'read', row: ReturnRow, q: Kysely<DB> = db) =>
    access.audit.record(ctx, { action, resource: 'return_operation', objectId: row.id, outcome: 'allowed', concernedOrgs: [row.lead_org_id, ...(row.support_org_id ? [row.support_org_id] : [])] }, q);

  /** The operation, once the actor may read it and do `action` on it; hidden and absent answer alike (404), a read-only party gets 403. */
  async function load(ctx: Ctx, id: string, action: 'read' | 'update' = 'read'): Promise<ReturnRow> {
    const row = await repo.byId(db, id);
    await access.check(ctx, 'return_operation', 'read', { id, facts: row ? returnFacts(row) : {} });
    if (!row) throw new NotFoundError('return operation');
    if (action === 'update') await requireCan(ctx, row, 'update', { orgIds: [row.lead_org_id] }, 'only the lead agency\'s staff change a return operation');
    return row;
  }

  /** After the read check passed: refuses (403, audited) an actor the policy does not let do this on the operation. */
  async function requireCan(ctx: Ctx, row: ReturnRow, action: 'update' | 'sign' | 'validate', facts: { orgIds?: string[]; concernedOrgIds?: string[] }, message: string) {
    if (access.can(ctx, 'return_operation', action, facts)) return;
    await access.audit.record(ctx, { action, resource: 'return_operation', objectId: row.id, outcome: 'denied', concernedOrgs: [row.lead_org_id, ...(row.support_org_id ? [row.support_org_id] : [])] });
    throw new ForbiddenError(message);
  }

  function requireStatus(row: ReturnRow, step: ReturnStep) {
    if (!stepAllowed(step, member(RETURN_STATUSES, row.status))) {
      throw new ConflictError(`the return operation is at ${row.status.replaceAll('_', ' ')}: it cannot ${step === 'movement' ? 'record a movement' : step} now`);
    }
  }

  async function reread(ctx: Ctx, id: string): Promise<ReturnView> {
    return present(ctx, (await repo.byId(db, id))!);
  }

  /** Approval: refused, naming every missing safeguard and person, until all hold; then signed for the lead. */
  async function approve(ctx: Ctx, row: ReturnRow) {
    await requireCan(ctx, row, 'sign', { orgIds: [row.lead_org_id] }, 'only the lead agency\'s representative approves a return operation');
    requireStatus(row, 'approve');
    const g = await gateInputs(db, row);
    if (g.gaps.length) {
      throw new ConflictError(`the return cannot be approved: ${g.gaps.length} safeguard${g.gaps.length === 1 ? ' does' : 's do'} not hold yet`,
        g.gaps.map((x) => ({ field: `safeguards.${x.safeguard}`, message: x.message })));
    }
    const objections = await repo.objections(db, row.id);
    await deps.events.transaction(async (tx) => {
      if (!(await repo.transition(tx.db, row.id, ['safeguards_review'], { status: 'approved', approved_by: ctx.actor.label, approved_at: at(), updated_at: at() }))) {
        throw new ConflictError('the return operation changed meanwhile: read it again');
      }
      await audit(ctx, 'sign', row, tx.db);
      const e = { operationId: row.id, leadOrgId: row.lead_org_id, origin: row.origin_iso3, host: row.host_iso3 };
      await tx.emit('solutions.return_approved', { ...e, supportOrgId: row.support_org_id, programme: row.programme, objections: objections.length });
      if (objections.length) {
        await tx.emit('solutions.return_approved_over_objection', { ...e, objectingOrgIds: [...new Set(objections.map((o) => o.org_id))], objections: objections.length });
      }
    });
  }

  async function countersign(ctx: Ctx, row: ReturnRow) {
    if (!row.support_org_id) throw new ConflictError('this return has no supporting agency to countersign it');
    await requireCan(ctx, row, 'sign', { concernedOrgIds: [row.support_org_id] }, 'only the supporting agency\'s representative countersigns its role');
    requireStatus(row, 'countersign');
    if (row.countersigned_at) throw new ConflictError('the supporting agency has already countersigned');
    await deps.events.transaction(async (tx) => {
      await repo.update(tx.db, row.id, { countersigned_by: ctx.actor.label, countersigned_at: at(), updated_at: at() });
      await audit(ctx, 'sign', row, tx.db);
    });
  }

  /**
   * Completion: the people in need of international protection moved are asserted as returned refugees (RET)
   * of the origin country, credited to UNHCR, through the figures module's one write path. The figures are
   * written first and keyed by the operation, so a completion retried after a failure writes nothing twice.
   */
  async function complete(ctx: Ctx, row: ReturnRow) {
    await requireCan(ctx, row, 'update', { orgIds: [row.lead_org_id] }, 'only the lead agency\'s staff complete a return operation');
    requireStatus(row, 'complete');
    const movements = await repo.movements(db, row.id);
    const byType = movements.map((m) => JSON.parse(m.people) as Partial<Record<PopulationType, number>>);
    const returned = row.programme === 'voluntary-repatriation' ? returnedRefugees(byType) : 0;
    let batchId: string | null = null;
    if (returned > 0) {
      const refDate = movements.map((m) => m.arrived_on ?? m.departed_on).sort().at(-1)!;
      // The figures are UNHCR's assertion (R1), made by the system on the completing account's behalf: the
      // import's audit names that account; the account needs no import right of its own.
      const system: Ctx = { actor: { ...OPERATOR, label: ctx.actor.label }, requestId: ctx.requestId };
      async function* rows() {
        yield {
          row: 1, rowKey: row.id, errors: [], figures: [{
            refDate, datePrecision: 'day' as const, origin: row.origin_iso3, host: row.host_iso3, area: null, type: 'RET' as const, sex: 'total' as const, value: returned,
            includesProtection: false, sourceOrg: 'unhcr', sourceDataset: returnDataset(row.id), sourceRow: null,
            method: `Returned refugees counted from the movements of the return operation "${row.name}" recorded in Tandem`,
          }],
        };
      }
      const summary = await deps.imports.ingest(system, 'return-operation', `return operation ${row.id}`, rows(), { asOrg: 'unhcr', sha256: () => row.id });
      batchId = summary.batchId;
    }
    const moved = movements.reduce((n, m) => n + Number(m.total), 0);
    await deps.events.transaction(async (tx) => {
      if (!(await repo.transition(tx.db, row.id, ['movements'], { status: 'completed', completed_by: ctx.actor.label, completed_at: at(), figures_batch_id: batchId, updated_at: at() }))) {
        throw new ConflictError('the return operation changed meanwhile: read it again');
      }
      await audit(ctx, 'update', row, tx.db);
      await tx.emit('solutions.return_completed', { operationId: row.id, leadOrgId: row.lead_org_id, origin: row.origin_iso3, host: row.host_iso3, moved, returnedRefugees: returned, figuresBatchId: batchId });
    });
  }

  return {
    load,
    present,

    /** Opens a return: the lead is computed from the caseload, and only the lead's staff may open it. */
    async open(ctx: Ctx, raw: unknown, opts: { synthetic?: boolean } = {}): Promise<ReturnView> {
      const input = checkNew(raw);
      const origin = input.origin.toUpperCase();
      const host = input.host.toUpperCase();
      const problems: ErrorDetail[] = [];
      if (!(await repo.country(db, origin))) problems.push({ field: 'origin', message: `unknown ISO3 code "${origin}"` });
      if (!(await repo.country(db, host))) problems.push({ field: 'host', message: `unknown ISO3 code "${host}"` });
      if (origin === host) problems.push({ field: 'host', message: 'a return goes from a host country to another country of origin' });
      const caseload = POPULATION_TYPES.filter((t) => (input.caseload[t] ?? 0) > 0).map((t) => ({ pop_type: t, people: input.caseload[t]! }));
      if (caseload.length === 0) problems.push({ field: 'caseload', message: 'at least one population type with people' });
      if (problems.length) throw new ValidationError('the return operation is not valid', problems);
      const lead = returnLead(input.caseload);
      const agencies = await deps.accounts.agencyOrgIds();
      const leadOrg = lead.lead === 'UNHCR' ? agencies.unhcr : agencies.iom;
      if (!access.can(ctx, 'return_operation', 'create', { orgIds: [leadOrg] })) {
        await access.audit.record(ctx, { action: 'create', resource: 'return_operation', objectId: null, outcome: 'denied', concernedOrgs: [leadOrg] });
        throw new ForbiddenError(`${lead.reason} Only ${lead.lead}'s coordinators and representatives open it.`);
      }
      const now = at();
      const row: ReturnRow = {
        id: newId(), name: input.name.trim(), origin_iso3: origin, host_iso3: host, lead_org_id: leadOrg, support_org_id: lead.lead === 'UNHCR' ? agencies.iom : null,
        programme: lead.programme, status: 'planning', monitoring_plan: null, approved_by: null, approved_at: null, countersigned_by: null, countersigned_at: null,
        completed_by: null, completed_at: null, figures_batch_id: null, created_by: ctx.actor.label, created_at: now, updated_at: now, synthetic: opts.synthetic ? 1 : 0,
      };
      await deps.events.transaction(async (tx) => {
        await repo.insert(tx.db, row, caseload);
        await audit(ctx, 'create', row, tx.db);
        await tx.emit('solutions.return_opened', { operationId: row.id, leadOrgId: leadOrg, supportOrgId: row.support_org_id, programme: row.programme, origin, host });
      });
      return present(ctx, row);
    },

    async get(ctx: Ctx, id: string) {
      return present(ctx, await load(ctx, id));
    },

    /** The operations the actor's organisations lead or support, newest first (authorized in SQL). */
    async list(ctx: Ctx, raw: unknown) {
      const q = checkList(raw);
      const page = await repo.page(db, access.scope(ctx, 'return_operation', 'read'), { status: q.status }, q.limit, q.offset);
      return { items: await Promise.all(page.items.map((r) => present(ctx, r))), total: page.total, limit: q.limit, offset: q.offset };
    },

    /** Records one safeguard with its evidence and who verified it (voluntariness is the register's, person by person). */
    async recordSafeguard(ctx: Ctx, id: string, safeguard: ReturnSafeguard, raw: unknown) {
      const input = checkSafeguard(raw);
      const row = await load(ctx, id, 'update');
      if (row.status !== 'planning' && row.status !== 'safeguards_review') throw new ConflictError(`the return operation is ${row.status.replaceAll('_', ' ')}: its safeguards are settled`);
      if (safeguard === 'voluntariness_verified') {
        throw new ValidationError('voluntariness is verified person by person or household by household', [{ field: 'safeguard', message: 'record declarations in the voluntariness register instead' }]);
      }
      const problems: ErrorDetail[] = [];
      if (safeguard === 'legal_framework_in_place' && !input.framework) problems.push({ field: 'framework', message: 'the agreement: kind, parties, date and document' });
      if (safeguard === 'continued_asylum_for_those_who_stay' && input.staying === undefined) problems.push({ field: 'staying', message: 'how many people stay in the host country' });
      if (problems.length) throw new ValidationError('the safeguard is not valid', problems);
      const f = input.framework;
      await deps.events.transaction(async (tx) => {
        await repo.upsertSafeguard(tx.db, {
          operation_id: row.id, safeguard, evidence: input.evidence.trim(),
          framework_kind: f?.kind ?? null, framework_parties: f ? JSON.stringify(f.parties) : null, framework_signed_on: f?.signedOn ?? null, framework_document: f?.document ?? null,
          staying: input.staying ?? null, verified_by: ctx.actor.label, verified_org_id: ctx.actor.memberships[0]?.orgId ?? null, verified_at: at(),
        });
        if (safeguard === 'returnee_monitoring_planned') await repo.update(tx.db, row.id, { monitoring_plan: input.monitoringPlan ?? input.evidence.trim(), updated_at: at() });
        await audit(ctx, 'update', row, tx.db);
      });
      return reread(ctx, id);
    },

    /** Adds declarations to the voluntariness register (one per person or household), all or none. */
    async declare(ctx: Ctx, id: string, raw: unknown) {
      const input = checkDeclarations(raw);
      const row = await load(ctx, id, 'update');
      if (!['planning', 'safeguards_review', 'approved', 'movements'].includes(row.status)) throw new ConflictError('the return operation is completed: its register is closed');
      const problems: ErrorDetail[] = [];
      const seen = new Map<string, number>();
      input.declarations.forEach((d, i) => {
        const ref = d.reference.trim();
        if (seen.has(ref)) problems.push({ field: `declarations[${i}].reference`, message: `"${ref}" is also declarations[${seen.get(ref)}]` });
        seen.set(ref, i);
        if (d.unit === 'person' && d.people !== 1) problems.push({ field: `declarations[${i}].people`, message: 'a person\'s declaration counts one person' });
      });
      const existing = await repo.declarationRefs(db, row.id, [...seen.keys()]);
      for (const e of existing) problems.push({ field: `declarations[${seen.get(e.reference)}].reference`, message: `"${e.reference}" is already in the register` });
      if (problems.length) throw new ValidationError('the declarations are not valid', problems);
      const now = at();
      await deps.events.transaction(async (tx) => {
        await repo.insertDeclarations(tx.db, input.declarations.map((d) => ({
          id: newId(), operation_id: row.id, unit: d.unit, reference: d.reference.trim(), people: d.people, free: d.free ? 1 : 0, informed: d.informed ? 1 : 0,
          express: d.express ? 1 : 0, declared_on: d.declaredOn, verified_by: ctx.actor.label, verified_org_id: ctx.actor.memberships[0]?.orgId ?? null, recorded_at: now,
          withdrawn_at: null, withdrawn_by: null, departed_movement_id: null,
        })));
        await audit(ctx, 'update', row, tx.db);
      });
      return reread(ctx, id);
    },

    /** The register, declaration by declaration (references only, no names). */
    async declarations(ctx: Ctx, id: string) {
      const row = await load(ctx, id);
      const rows = await repo.declarations(db, row.id);
      return {
        items: rows.map((d) => ({
          id: d.id, unit: d.unit, reference: d.reference, people: Number(d.people), free: d.free === 1, informed: d.informed === 1, express: d.express === 1,
          declaredOn: d.declared_on, verifiedBy: d.verified_by, withdrawnAt: d.withdrawn_at, departed: d.departed_movement_id !== null,
          holds: d.free === 1 && d.informed === 1 && d.express === 1 && d.withdrawn_at === null,
        })),
      };
    },

    /** A person or household withdraws their consent to return: possible until they depart. */
    async withdraw(ctx: Ctx, id: string, reference: string) {
      const row = await load(ctx, id, 'update');
      const [d] = await repo.declarationRefs(db, row.id, [reference]);
      if (!d) throw new NotFoundError('declaration');
      if (d.departed_movement_id) throw new ConflictError('these people have departed: their declaration can no longer be withdrawn');
      if (d.withdrawn_at) throw new ConflictError('this declaration is already withdrawn');
      await deps.events.transaction(async (tx) => {
        await repo.withdraw(tx.db, d.id, at(), ctx.actor.label);
        await audit(ctx, 'update', row, tx.db);
      });
      return reread(ctx, id);
    },

    /** Either agency objects to the return before it is approved; an approval over it is an issue of concern. */
    async object(ctx: Ctx, id: string, raw: unknown) {
      const input = checkObjection(raw);
      const row = await load(ctx, id);
      const facts = returnFacts(row);
      if (!access.can(ctx, 'return_objection', 'create', facts)) {
        await access.audit.record(ctx, { action: 'create', resource: 'return_objection', objectId: row.id, outcome: 'denied', concernedOrgs: [row.lead_org_id] });
        throw new ForbiddenError('only the staff of the agencies leading or supporting a return object to it');
      }
      if (row.status !== 'planning' && row.status !== 'safeguards_review') throw new ConflictError('the return is already approved: raise an issue of concern instead');
      const parties = [...facts.concernedOrgIds, row.lead_org_id];
      const orgId = ctx.actor.memberships.map((m) => m.orgId).find((o) => parties.includes(o)) ?? row.lead_org_id;
      await deps.events.transaction(async (tx) => {
        await repo.insertObjection(tx.db, { id: newId(), operation_id: row.id, org_id: orgId, reason: input.reason.trim(), raised_by: ctx.actor.label, raised_at: at() });
        await audit(ctx, 'update', row, tx.db);
      });
      return reread(ctx, id);
    },

    /** A step of the lifecycle: review, approve (the lead's representative), countersign (the supporting agency's), complete. */
    async step(ctx: Ctx, id: string, raw: unknown) {
      const { step } = checkStep(raw);
      const row = await load(ctx, id);
      if (step === 'approve') await approve(ctx, row);
      else if (step === 'countersign') await countersign(ctx, row);
      else if (step === 'complete') await complete(ctx, row);
      else {
        await requireCan(ctx, row, 'update', { orgIds: [row.lead_org_id] }, 'only the lead agency\'s staff put a return operation to review');
        requireStatus(row, 'review');
        await deps.events.transaction(async (tx) => {
          if (!(await repo.transition(tx.db, row.id, ['planning'], { status: 'safeguards_review', updated_at: at() }))) throw new ConflictError('the return operation changed meanwhile: read it again');
          await audit(ctx, 'update', row, tx.db);
        });
      }
      return reread(ctx, id);
    },

    /** A convoy or flight, with its date and numbers by population type: the lead's or the supporting agency's staff. */
    async movement(ctx: Ctx, id: string, raw: unknown) {
      const input = checkMovement(raw);
      const row = await load(ctx, id);
      const facts = returnFacts(row);
      if (!access.can(ctx, 'return_operation', 'update', facts)) await requireCan(ctx, row, 'validate', facts, 'only the lead\'s staff, or the supporting agency\'s, record movements');
      requireStatus(row, 'movement');
      if (row.support_org_id && !row.countersigned_at) throw new ConflictError('IOM has not countersigned its support role yet: no movement before it does');
      const problems: ErrorDetail[] = [];
      const caseload = new Map((await repo.caseload(db, row.id)).map((c) => [c.pop_type, Number(c.people)]));
      const before = (await repo.movements(db, row.id)).map((m) => JSON.parse(m.people) as Record<string, number>);
      for (const t of POPULATION_TYPES) {
        const n = input.people[t] ?? 0;
        const already = before.reduce((k, m) => k + (m[t] ?? 0), 0);
        if (n > 0 && already + n > (caseload.get(t) ?? 0)) problems.push({ field: `people.${t}`, message: `${already + n} moved in all would exceed the caseload's ${caseload.get(t) ?? 0}` });
      }
      const total = POPULATION_TYPES.reduce((k, t) => k + (input.people[t] ?? 0), 0);
      if (total === 0) problems.push({ field: 'people', message: 'a movement carries at least one person' });
      if (input.arrivedOn && input.arrivedOn < input.departedOn) problems.push({ field: 'arrivedOn', message: 'before the departure' });
      const refs = [...new Set(input.declarations ?? [])];
      const decls = await repo.declarationRefs(db, row.id, refs);
      for (const r of refs) {
        const d = decls.find((x) => x.reference === r);
        if (!d) problems.push({ field: 'declarations', message: `"${r}" is not in the register` });
        else if (d.withdrawn_at) problems.push({ field: 'declarations', message: `"${r}" withdrew their declaration: they do not travel` });
      }
      if (problems.length) throw new ValidationError('the movement is not valid', problems);
      const movementId = newId();
      await deps.events.transaction(async (tx) => {
        await repo.insertMovement(tx.db, {
          id: movementId, operation_id: row.id, kind: input.kind, departed_on: input.departedOn, arrived_on: input.arrivedOn ?? null,
          people: JSON.stringify(input.people), total, recorded_by: ctx.actor.label, recorded_org_id: ctx.actor.memberships[0]?.orgId ?? null, recorded_at: at(),
        });
        await repo.markDeparted(tx.db, decls.map((d) => d.id), movementId);
        await repo.transition(tx.db, row.id, ['approved'], { status: 'movements', updated_at: at() });
        await audit(ctx, 'update', row, tx.db);
      });
      return reread(ctx, id);
    },

    /** A returnee monitoring visit after return, with its findings: the lead's staff. */
    async monitor(ctx: Ctx, id: string, raw: unknown) {
      const input = checkMonitoring(raw);
      const row = await load(ctx, id, 'update');
      requireStatus(row, 'monitor');
      await deps.events.transaction(async (tx) => {
        await repo.insertMonitoring(tx.db, {
          id: newId(), operation_id: row.id, visited_on: input.visitedOn, place: input.place.trim(), households: input.households, findings: input.findings.trim(),
          recorded_by: ctx.actor.label, recorded_org_id: ctx.actor.memberships[0]?.orgId ?? null, recorded_at: at(),
        });
        await repo.transition(tx.db, row.id, ['completed'], { status: 'monitoring', updated_at: at() });
        await audit(ctx, 'update', row, tx.db);
      });
      return reread(ctx, id);
    },
  };
}

export type ReturnService = ReturnType<typeof createReturnService>;
