import type { Kysely } from 'kysely';
import { ForbiddenError, type Access, type AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { Engine } from '../core/db.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import type { PersonService } from '../protection/index.js';
import {
  CASE_STATUSES, dayNumber, daysBetween, denseMedian, mergeCounts, PATHWAYS, nextStage, RESPONSIBLE, responsibleOrg, slowestStage, STAGES, type CaseParties,
} from './pipeline.rules.js';
import { pipelineRepo as repo } from './pipeline.repo.js';
import { BottleneckQuery, CaseListQuery, DropBody, NewCaseBody } from './pipeline.schemas.js';
import type { ResettlementCaseTable } from './solutions.tables.js';

const checkNew = inputCheck(NewCaseBody, 'case');
const checkDrop = inputCheck(DropBody, 'drop-out');
const checkList = inputCheck(CaseListQuery, 'list of cases');
const checkBottleneck = inputCheck(BottleneckQuery, 'bottleneck view');

/**
 * The resettlement and complementary pathways case pipeline (R10). A case is a household whose head's
 * personal fields are a protection record (sealed, audited, held by UNHCR, which identifies the case);
 * only the party responsible for the current stage moves it on or records its drop-out; every stage's
 * entry and exit is kept, and the days each took feed the bottleneck view's medians.
 */
export function createPipelineService(deps: {
  db: Kysely<DB>; engine: Engine; events: EventBus; now: () => Date;
  access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>; accounts: Pick<AccountService, 'agencyOrgIds'>;
  people: Pick<PersonService, 'create' | 'get'>;
}) {
  const { db, access } = deps;
  const at = () => deps.now().toISOString();
  const parties = async (c: Pick<ResettlementCaseTable, 'receiving_org_id'>): Promise<CaseParties> => ({ ...(await deps.accounts.agencyOrgIds()), state: c.receiving_org_id });
  const facts = (c: ResettlementCaseTable, p: CaseParties) => ({ orgIds: [c.org_id], concernedOrgIds: [c.receiving_org_id, p.iom, p.unhcr].filter((o) => o !== c.org_id) });

  async function load(ctx: Ctx, id: string) {
    const row = await repo.byId(db, id);
    const p = row ? await parties(row) : null;
    await access.check(ctx, 'resettlement_case', 'read', { id, facts: row && p ? facts(row, p) : {} });
    if (!row || !p) throw new NotFoundError('case');
    return { row, p };
  }

  async function present(ctx: Ctx, row: ResettlementCaseTable, p: CaseParties, opts: { personal?: boolean } = {}) {
    const stage = member(STAGES, row.stage);
    const status = member(CASE_STATUSES, row.status);
    const [history, state] = await Promise.all([repo.history(db, row.id), repo.org(db, row.receiving_org_id)]);
    // The head's personal fields, for the holder's case handlers only; the protection module audits the read.
    const mayOpen = opts.personal && row.person_id && access.can(ctx, 'protection_person', 'read', { orgIds: [row.org_id] });
    const person = mayOpen ? await deps.people.get(ctx, row.person_id!) : null;
    const mayMove = status === 'active' && access.can(ctx, 'resettlement_case', 'update', { orgIds: [responsibleOrg(stage, p)] });
    return {
      id: row.id, pathway: member(PATHWAYS, row.pathway),
      householdSize: Number(row.household_size), asylumCountry: row.asylum_iso3, receivingCountry: row.receiving_iso3,
      receivingState: { slug: state?.slug ?? '', name: state?.name ?? '' },
      stage, responsible: RESPONSIBLE[stage], status, dropReason: row.drop_reason,
      daysInStage: daysBetween(row.stage_entered_at, at()), strategy: row.strategy_id, synthetic: row.synthetic === 1,
      head: person ? { givenName: person.givenName, familyName: person.familyName, birthDate: person.birthDate, nationality: person.nationality } : null,
      history: history.map((h) => ({ stage: member(STAGES, h.stage), enteredAt: h.entered_at, leftAt: h.left_at, days: h.days === null ? null : Number(h.days), outcome: h.outcome, movedBy: h.moved_by })),
      can: { advance: mayMove, drop: status === 'active' && (mayMove || access.can(ctx, 'resettlement_case', 'update', { orgIds: [row.org_id] })) },
    };
  }

  /** Refuses, audited (403), an actor who is not the responsible party of the case's stage. */
  async function requireResponsible(ctx: Ctx, row: ResettlementCaseTable, p: CaseParties, also: string[] = []) {
    const stage = member(STAGES, row.stage);
    const org = responsibleOrg(stage, p);
    if ([org, ...also].some((o) => access.can(ctx, 'resettlement_case', 'update', { orgIds: [o] }))) return org;
    await access.audit.record(ctx, { action: 'update', resource: 'resettlement_case', objectId: row.id, outcome: 'denied', concernedOrgs: [row.org_id, row.receiving_org_id] });
    const who = RESPONSIBLE[stage] === 'State' ? `the receiving State (${(await repo.org(db, org))?.slug ?? 'its government'})` : RESPONSIBLE[stage];
    throw new ForbiddenError(`the case is at ${stage.replaceAll('_', ' ')}: only ${who} moves it on`);
  }

  return {
    /** UNHCR identifies a household: its head becomes a protection record held by UNHCR, the case enters identification. */
    async identify(ctx: Ctx, raw: unknown, opts: { synthetic?: boolean } = {}) {
      const input = checkNew(raw);
      const agencies = await deps.accounts.agencyOrgIds();
      await access.check(ctx, 'resettlement_case', 'create', { facts: { orgIds: [agencies.unhcr] } });
      const problems: ErrorDetail[] = [];
      const state = await repo.org(db, input.receivingState);
      if (!state) problems.push({ field: 'receivingState', message: `no organisation "${input.receivingState}"` });
      else if (state.kind !== 'government') problems.push({ field: 'receivingState', message: `"${state.slug}" is not a government organisation (${state.kind}): a receiving State is` });
      const countries = new Set((await db.selectFrom('countries').select('iso3').where('iso3', 'in', [input.asylumCountry.toUpperCase(), input.receivingCountry.toUpperCase()]).execute()).map((c) => c.iso3));
      if (!countries.has(input.asylumCountry.toUpperCase())) problems.push({ field: 'asylumCountry', message: `unknown ISO3 code "${input.asylumCountry}"` });
      if (!countries.has(input.receivingCountry.toUpperCase())) problems.push({ field: 'receivingCountry', message: `unknown ISO3 code "${input.receivingCountry}"` });
      if (input.strategy && !(await db.selectFrom('solutions_strategies').select('id').where('id', '=', input.strategy).executeTakeFirst())) problems.push({ field: 'strategy', message: 'no such strategy' });
      if (problems.length || !state) throw new ValidationError('the case is not valid', problems);
      // The head's personal fields go to the protection module, sealed under their own key and held by UNHCR.
      const person = await deps.people.create(ctx, {
        ...input.head, purpose: 'case_management', legalBasis: 'consent', retainUntil: input.retainUntil, organisation: 'unhcr',
      }, { synthetic: opts.synthetic });
      const now = at();
      const row: ResettlementCaseTable = {
        id: newId(), strategy_id: input.strategy ?? null, person_id: person.id, org_id: agencies.unhcr, receiving_org_id: state.id,
        receiving_iso3: input.receivingCountry.toUpperCase(), asylum_iso3: input.asylumCountry.toUpperCase(), pathway: input.pathway, household_size: input.householdSize,
        stage: 'identification', status: 'active', stage_entered_at: now, drop_reason: null, created_by: ctx.actor.label, created_at: now, updated_at: now, synthetic: opts.synthetic ? 1 : 0,
      };
      await deps.events.transaction(async (tx) => {
        await repo.insert(tx.db, row, { case_id: row.id, stage: 'identification', entered_at: now, left_at: null, days: null, outcome: null, moved_by: null, moved_org_id: null });
        await repo.bump(tx.db, deps.engine, row.receiving_iso3, 'identification', { inStage: 1, enteredDay: dayNumber(now) });
        await access.audit.record(ctx, { action: 'create', resource: 'resettlement_case', objectId: row.id, outcome: 'allowed', concernedOrgs: [agencies.unhcr, state.id] }, tx.db);
      });
      return present(ctx, row, await parties(row), { personal: true });
    },

    /** One case with its stage history; its head's personal fields for the holder's case handlers (audited). */
    async get(ctx: Ctx, id: string) {
      const { row, p } = await load(ctx, id);
      await access.audit.record(ctx, { action: 'read', resource: 'resettlement_case', objectId: id, outcome: 'allowed', concernedOrgs: [row.org_id, row.receiving_org_id] });
      return present(ctx, row, p, { personal: true });
    },

    /** The cases the actor's organisations are a party to, longest in their stage first; no personal field. */
    async list(ctx: Ctx, raw: unknown) {
      const q = checkList(raw);
      const agencies = await deps.accounts.agencyOrgIds();
      const page = await repo.page(db, access.scope(ctx, 'resettlement_case', 'read'), agencies.iom, { stage: q.stage, status: q.status }, q.limit, q.offset);
      return { items: await Promise.all(page.items.map((r) => present(ctx, r, { ...agencies, state: r.receiving_org_id }))), total: page.total, limit: q.limit, offset: q.offset };
    },

    /** The responsible party moves the case out of its stage into the next (after arrival, the case is closed as arrived). */
    async advance(ctx: Ctx, id: string) {
      const { row, p } = await load(ctx, id);
      if (row.status !== 'active') throw new ConflictError(`the case is ${row.status}: it does not move any more`);
      const by = await requireResponsible(ctx, row, p);
      const stage = member(STAGES, row.stage);
      const next = nextStage(stage);
      const now = at();
      const days = daysBetween(row.stage_entered_at, now);
      await deps.events.transaction(async (tx) => {
        if (!(await repo.leave(tx.db, row, { left_at: now, days, outcome: 'advanced', moved_by: ctx.actor.label, moved_org_id: by }))) throw new ConflictError('the case moved meanwhile: read it again');
        await repo.bump(tx.db, deps.engine, row.receiving_iso3, stage, { inStage: -1, enteredDay: dayNumber(row.stage_entered_at), leftAfterDays: days });
        if (next) {
          await repo.bump(tx.db, deps.engine, row.receiving_iso3, next, { inStage: 1, enteredDay: dayNumber(now) });
          await repo.enter(tx.db, { case_id: row.id, stage: next, entered_at: now, left_at: null, days: null, outcome: null, moved_by: null, moved_org_id: null });
          await repo.updateCase(tx.db, row.id, { stage: next, stage_entered_at: now, updated_at: now });
        } else await repo.updateCase(tx.db, row.id, { status: 'arrived', updated_at: now });
        await access.audit.record(ctx, { action: 'update', resource: 'resettlement_case', objectId: row.id, outcome: 'allowed', concernedOrgs: [row.org_id, row.receiving_org_id] }, tx.db);
        await tx.emit('solutions.case_moved', { caseId: row.id, from: stage, to: next, receivingCountry: row.receiving_iso3, byOrgId: by, days });
      });
      const fresh = (await repo.byId(db, id))!;
      return present(ctx, fresh, p);
    },

    /** A drop-out at the current stage, with its reason: the stage's responsible party, or UNHCR which holds the case. */
    async drop(ctx: Ctx, id: string, raw: unknown) {
      const { reason } = checkDrop(raw);
      const { row, p } = await load(ctx, id);
      if (row.status !== 'active') throw new ConflictError(`the case is ${row.status}: it does not move any more`);
      const by = await requireResponsible(ctx, row, p, [row.org_id]);
      const now = at();
      await deps.events.transaction(async (tx) => {
        if (!(await repo.leave(tx.db, row, { left_at: now, days: daysBetween(row.stage_entered_at, now), outcome: 'dropped', moved_by: ctx.actor.label, moved_org_id: by }))) throw new ConflictError('the case moved meanwhile: read it again');
        await repo.updateCase(tx.db, row.id, { status: 'dropped', drop_reason: reason, updated_at: now });
        await repo.bump(tx.db, deps.engine, row.receiving_iso3, row.stage, { inStage: -1, enteredDay: dayNumber(row.stage_entered_at), droppedFor: reason });
        await access.audit.record(ctx, { action: 'update', resource: 'resettlement_case', objectId: row.id, outcome: 'allowed', concernedOrgs: [row.org_id, row.receiving_org_id] }, tx.db);
        await tx.emit('solutions.case_dropped', { caseId: row.id, stage: row.stage, reason, receivingCountry: row.receiving_iso3 });
      });
      return present(ctx, (await repo.byId(db, id))!, p);
    },

    /**
     * The bottleneck view: per stage the median days cases took to move on (overall and by receiving country),
     * how many are in it, how many stuck beyond the threshold, the drop-outs, and the slowest stage named.
     */
    async bottlenecks(ctx: Ctx, raw: unknown) {
      const q = checkBottleneck(raw);
      await access.check(ctx, 'solutions_view', 'read');
      const country = q.country?.toUpperCase();
      const now = deps.now();
      // Stuck: in the stage since a day before the cutoff day (whole days, as everything in this view).
      const cutoff = dayNumber(now.toISOString()) - q.stuckAfterDays;
      const stats = await repo.stats(db, country);
      // Arrays of numbers parse fast: a few hundred per row, a row per receiving country and stage.
      const parsed = stats.map((r) => ({
        country: r.receiving_iso3, stage: r.stage, inStage: Number(r.in_stage),
        histogram: JSON.parse(r.histogram) as number[], entered: JSON.parse(r.entered) as number[],
        drops: JSON.parse(r.drop_outs) as Record<string, number>,
      }));
      const summary = (rows: typeof parsed) => {
        const counts = rows.length === 1 ? rows[0]!.histogram : mergeCounts(rows.map((r) => r.histogram));
        return { medianDays: denseMedian(counts), cases: counts.reduce((n, c) => n + c, 0) };
      };
      const stages = STAGES.map((stage) => {
        const mine = parsed.filter((r) => r.stage === stage);
        const all = summary(mine);
        let stuck = 0;
        let oldest: number | null = null;
        for (const r of mine) {
          for (let i = 0; i < r.entered.length; i += 2) {
            const day = r.entered[i]!;
            if (day < cutoff) stuck += r.entered[i + 1]!;
            if (oldest === null || day < oldest) oldest = day;
          }
        }
        return {
          stage, responsible: RESPONSIBLE[stage], medianDays: all.medianDays, completed: all.cases,
          inStage: mine.reduce((n, r) => n + r.inStage, 0), stuck, oldestDays: oldest === null ? null : dayNumber(now.toISOString()) - oldest,
          droppedOut: mine.reduce((n, r) => n + Object.values(r.drops).reduce((k, v) => k + v, 0), 0),
        };
      });
      const byCountry = [...new Set(parsed.map((r) => r.country))].sort().map((c) => {
        const medians = STAGES.map((stage) => ({ stage, ...summary(parsed.filter((r) => r.country === c && r.stage === stage)) }));
        return { country: c, stages: medians, slowestStage: slowestStage(medians) };
      });
      const dropOuts = new Map<string, number>();
      for (const r of parsed) for (const [reason, n] of Object.entries(r.drops)) dropOuts.set(`${r.stage}|${reason}`, (dropOuts.get(`${r.stage}|${reason}`) ?? 0) + n);
      const slowest = slowestStage(stages);
      return {
        stuckAfterDays: q.stuckAfterDays, stages, byCountry,
        dropOuts: [...dropOuts].map(([k, cases]) => ({ stage: member(STAGES, k.split('|')[0]!), reason: k.split('|')[1]!, cases })).sort((x, y) => STAGES.indexOf(x.stage) - STAGES.indexOf(y.stage) || x.reason.localeCompare(y.reason)),
        slowestStage: slowest, slowestResponsible: slowest ? RESPONSIBLE[slowest] : null,
      };
    },

    /** A protection record erased: the case keeps its facts, without the link to the person. */
    erasePerson: (q: Kysely<DB>, personId: string) => repo.erasePerson(q, personId),
  };
}

export type PipelineService = ReturnType<typeof createPipelineService>;
