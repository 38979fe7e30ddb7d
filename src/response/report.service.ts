import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { ForbiddenError, scopeIsEmpty, type Access } from '../access/index.js';
import type { PlatformService } from '../coordination/index.js';
import type { Ctx } from '../core/actor.js';
import type { Engine } from '../core/db.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { ObjectFacts } from '../core/permissions.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { checkReportedCell, isMonth, POP_GROUPS } from './counting.rules.js';
import { AGE_BANDS, SEXES } from './counting.rules.bands.js';
import { countingOf, sameBands, type PlatformCounting } from './plan.counting.service.js';
import { activityFacts } from './plan.service.js';
import { planRepo, type ActivityForReport } from './plan.repo.js';
import { reportRepo as repo, type ReportCellRow } from './report.repo.js';
import { Cell, REPORT_STATUSES, ReviewBody } from './response.schemas.js';
import type { ReportTable } from './response.tables.js';

export type ReportCell = Static<typeof Cell>;
/** Where a problem with a cell lies: a field of the form (`rows[2].reached`), or a file, row and column of an upload. */
export type CellLocator = (i: number, field: string) => Omit<ErrorDetail, 'message'>;

const checkCells = inputCheck(Cell, 'report cell');
const NO_LEADS = { platform: [], bySector: new Map<string, string[]>(), all: [] };
const checkReview = inputCheck(ReviewBody, 'review');

/**
 * Monthly reports (5W): a partner saves and submits its report for an activity and month; the sector's or
 * platform's co-leads validate it or return it with a note. Every report is checked on its own object,
 * whatever the channel (form or upload); a validated report and a closed month never change.
 */
export function createReportService(deps: {
  db: Kysely<DB>; engine: Engine; events: EventBus; access: Pick<Access, 'check' | 'can' | 'allowed' | 'scope' | 'audit'>;
  platforms: Pick<PlatformService, 'leads'>;
  /** Called after every committed change to reports (dashboards that counted them are stale). */
  changed: () => void;
}) {
  const { db, access } = deps;

  async function factsOf(a: ActivityForReport) {
    return activityFacts(a, await deps.platforms.leads(a.platform_id));
  }

  /**
   * Four eyes: a report is validated by a co-lead of another organisation than the partner that wrote it
   * (a co-lead that also runs activities has them reviewed by the other co-lead or the administrator).
   */
  const reviewsOwn = (ctx: Ctx, facts: ObjectFacts) => ctx.actor.memberships.some((m) => facts.orgIds?.includes(m.orgId));

  function present(ctx: Ctx, r: ReportTable, rows: Awaited<ReturnType<typeof repo.rowsOf>>, facts: ObjectFacts, locked: boolean) {
    // The reviewer's note is a reviewer-only field: the partner sees the status and the reason addressed to it, not the note.
    const reviewer = access.can(ctx, 'report', 'validate', facts);
    const status = member(REPORT_STATUSES, r.status);
    return {
      id: r.id, activityId: r.activity_id, month: r.month, status, updatedAt: r.updated_at,
      reviewerNote: reviewer ? r.reviewer_note : undefined, returnReason: r.return_reason ?? null, reviewedAt: r.reviewed_at,
      rows: rows.filter((x) => x.report_id === r.id).map((x) => ({
        group: member(POP_GROUPS, x.pop_group), sex: member(SEXES, x.sex), age: member(AGE_BANDS, x.age),
        reached: Number(x.reached), newReached: Number(x.new_reached), services: x.services === null ? null : Number(x.services), converted: x.converted === 1,
      })),
      can: {
        update: !locked && status !== 'validated' && access.allowed(ctx, 'report', ['update'], facts).update,
        validate: !locked && status === 'submitted' && !reviewsOwn(ctx, facts) && access.allowed(ctx, 'report', ['validate'], facts).validate,
      },
    };
  }

  async function view(ctx: Ctx, r: ReportTable, a: ActivityForReport, facts: ObjectFacts) {
    const locked = (await planRepo.lockedMonths(db, a.platform_id)).has(r.month);
    return present(ctx, r, await repo.rowsOf(db, [r.id]), facts, locked);
  }

  /**
   * Checks cells against the activity (unit, the partner's formula) and its platform's sexes and age bands:
   * the rows to store, and the problems by field.
   */
  async function prepareCells(a: ActivityForReport, raw: readonly ReportCell[], at: CellLocator, bands: PlatformCounting) {
    const problems: ErrorDetail[] = [];
    const formula = a.unit === 'services' ? await planRepo.formula(db, a.platform_id, a.partner_org_id, a.indicator_code) : undefined;
    const seen = new Set<string>();
    const out: ReportCellRow[] = [];
    raw.forEach((input, i) => {
      let c: ReportCell;
      try {
        c = checkCells(input);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        for (const d of e.details) problems.push({ ...at(i, d.field ?? 'cell'), message: d.message });
        return;
      }
      if (!bands.sexes.includes(c.sex)) problems.push({ ...at(i, 'sex'), message: `"${c.sex}" is not one of this platform's sexes (${bands.sexes.join(', ')})` });
      if (!bands.ages.includes(c.age)) problems.push({ ...at(i, 'age'), message: `"${c.age}" is not one of this platform's age bands (${bands.ages.join(', ')})` });
      const key = `${c.group}|${c.sex}|${c.age}`;
      if (seen.has(key)) problems.push({ ...at(i, 'group'), message: `${c.group}, ${c.sex}, ${c.age} is given twice` });
      seen.add(key);
      let reached = c.reached;
      let newReached = c.newReached;
      let converted = 0;
      if (a.unit === 'services') {
        if (c.services === undefined || c.services === null) problems.push({ ...at(i, 'services'), message: 'this indicator is reported in services' });
        else if (!formula) problems.push({ ...at(i, 'services'), message: 'services count as people only through a formula your organisation declares for this indicator' });
        else {
          // People from services, through the partner's declared formula; flagged as converted.
          reached = Math.round(c.services * Number(formula.people_per_service));
          newReached = Math.min(reached, Math.round(c.newReached));
          converted = 1;
        }
      }
      for (const p of checkReportedCell({ reached, newReached, services: c.services })) problems.push({ ...at(i, p.field), message: p.message });
      out.push({ pop_group: c.group, sex: c.sex, age: c.age, reached, new_reached: newReached, services: c.services ?? null, converted });
    });
    return { rows: out, problems };
  }

  /** Writes several reports in one transaction, all or nothing; returns how many changed. */
  async function writeReports(ctx: Ctx, items: ReadonlyArray<{ activity: ActivityForReport; month: string; cells: readonly ReportCell[]; at: CellLocator }>, submit: boolean): Promise<number> {
    const problems: ErrorDetail[] = [];
    const prepared: Array<{ a: ActivityForReport; month: string; rows: ReportCellRow[]; existing: ReportTable | undefined; facts: ObjectFacts }> = [];
    const locks = new Map<string, Set<string>>();
    const bands = new Map<string, PlatformCounting>();
    const facts = new Map<string, ObjectFacts>();
    for (const it of items) {
      const { activity: a, month } = it;
      if (!locks.has(a.platform_id)) locks.set(a.platform_id, await planRepo.lockedMonths(db, a.platform_id));
      if (!bands.has(a.platform_id)) bands.set(a.platform_id, await countingOf(db, a.platform_id));
      const first = it.at(0, 'month');
      if (!isMonth(month)) problems.push({ ...first, message: `"${month}" is not a month (YYYY-MM)` });
      else if (month < a.start_month || month > a.end_month) problems.push({ ...first, message: `${month} is outside the plan (${a.start_month} to ${a.end_month})` });
      else if (locks.get(a.platform_id)?.has(month)) problems.push({ ...first, message: `${month} is closed: the platform locked it` });
      const existing = await repo.reportFor(db, a.id, month);
      if (!facts.has(a.id)) facts.set(a.id, await factsOf(a));
      const f = facts.get(a.id) ?? {};
      // Every report is checked on its own object, whatever the channel (form, upload).
      await access.check(ctx, 'report', existing ? 'update' : 'create', { id: existing?.id ?? null, facts: f });
      if (existing?.status === 'validated') problems.push({ ...first, message: `the report for ${month} is validated and can no longer change` });
      const { rows, problems: cellProblems } = await prepareCells(a, it.cells, it.at, bands.get(a.platform_id) ?? await countingOf(db, a.platform_id));
      problems.push(...cellProblems);
      prepared.push({ a, month, rows, existing, facts: f });
    }
    if (problems.length) throw new ValidationError(`the report is not valid: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems.slice(0, 100));
    let changed = 0;
    await deps.events.transaction(async (tx) => {
      // The checks above ran outside the transaction: under the platforms' hold, a way of counting changed
      // or a month closed meanwhile is refused rather than written over.
      for (const [platformId, checked] of bands) {
        await planRepo.hold(tx.db, deps.engine, platformId, 'share');
        if (!sameBands(await countingOf(tx.db, platformId), checked)) {
          throw new ConflictError('the platform\'s age and sex bands changed while the report was being saved: reload the form and save again');
        }
        const closed = await planRepo.lockedMonths(tx.db, platformId);
        const late = prepared.find((p) => p.a.platform_id === platformId && closed.has(p.month));
        if (late) throw new ConflictError(`${late.month} was closed by the platform while the report was being saved`);
      }
      for (const { a, month, rows, existing } of prepared) {
        const status = submit ? 'submitted' : existing?.status === 'submitted' ? 'submitted' : 'draft';
        const now = nowIso();
        if (existing) {
          const old = await repo.rowsOf(tx.db, [existing.id]);
          const sig = (r: ReportCellRow) => `${r.pop_group}|${r.sex}|${r.age}|${r.reached}|${r.new_reached}|${r.services ?? ''}|${r.converted}`;
          const before = new Set(old.map(sig));
          const same = old.length === rows.length && before.size === old.length && rows.every((r) => before.has(sig(r)));
          if (same && existing.status === status) continue;
          await repo.replaceRows(tx.db, { ...existing, status }, rows);
          await repo.setStatus(tx.db, existing.id, status, ctx.actor.label, now);
          await access.audit.record(ctx, { action: 'update', resource: 'report', objectId: existing.id, outcome: 'allowed', concernedOrgs: [a.partner_org_id] }, tx.db);
        } else {
          const id = newId();
          await repo.insert(tx.db, { id, activity_id: a.id, month, status, reviewer_note: null, return_reason: null, updated_at: now, updated_by: ctx.actor.label, reviewed_at: null, reviewed_by: null });
          await repo.replaceRows(tx.db, { id, activity_id: a.id, month, status }, rows);
          await access.audit.record(ctx, { action: 'create', resource: 'report', objectId: id, outcome: 'allowed', concernedOrgs: [a.partner_org_id] }, tx.db);
        }
        changed++;
      }
    });
    if (changed) deps.changed();
    return changed;
  }

  async function reportWithActivity(reportId: string) {
    const r = await repo.report(db, reportId);
    const a = r ? await planRepo.activityForReport(db, r.activity_id) : undefined;
    return { r, a, facts: a ? await factsOf(a) : {} };
  }

  async function getReport(ctx: Ctx, reportId: string) {
    const { r, a, facts } = await reportWithActivity(reportId);
    await access.check(ctx, 'report', 'read', { id: reportId, facts });
    if (!r || !a) throw new NotFoundError('report');
    return view(ctx, r, a, facts);
  }

  return {
    writeReports,
    getReport,
    activityForReport: (id: string) => planRepo.activityForReport(db, id),

    /**
     * Saves a partner's report for one activity and month (all its cells at once, replacing what was there);
     * `submit` sends it to the sector's reviewers. A validated report, or a closed month, cannot change.
     */
    async saveReport(ctx: Ctx, activityId: string, month: string, cells: readonly ReportCell[], submit: boolean) {
      const a = await planRepo.activityForReport(db, activityId);
      const facts = a ? await factsOf(a) : {};
      const existing = a ? await repo.reportFor(db, a.id, month) : undefined;
      // Checked on the activity's report whether or not one exists yet: an actor who may not read the activity's
      // reports gets the same 404, with no id, for a report that exists and for one that does not (and for no activity).
      await access.check(ctx, 'report', existing ? 'update' : 'create', { id: existing?.id ?? activityId, facts });
      if (!a) throw new NotFoundError('activity');
      const changed = await writeReports(ctx, [{ activity: a, month, cells, at: (i, field) => ({ field: `rows[${i}].${field}` }) }], submit);
      const r = await repo.reportFor(db, a.id, month);
      if (!r) throw new NotFoundError('report');
      return { report: await view(ctx, r, a, facts), changed: changed > 0 };
    },

    /**
     * The sector's reviewer validates a submitted report, or returns it to the partner saying why: `reason` is
     * addressed to the partner, `note` stays the reviewers'. A return needs one of them.
     */
    async review(ctx: Ctx, reportId: string, raw: Static<typeof ReviewBody>) {
      const { r, a, facts } = await reportWithActivity(reportId);
      await access.check(ctx, 'report', 'validate', { id: reportId, facts });
      if (!r || !a) throw new NotFoundError('report');
      if (reviewsOwn(ctx, facts)) throw new ForbiddenError('a report is validated by another organisation than the one that wrote it');
      const input = checkReview(raw);
      if (r.status !== 'submitted') throw new ConflictError(`only a submitted report can be reviewed; this one is ${r.status}`);
      if ((await planRepo.lockedMonths(db, a.platform_id)).has(r.month)) throw new ConflictError(`${r.month} is closed: the platform locked it`);
      const reason = input.decision === 'return' ? input.reason?.trim() || null : null;
      if (input.decision === 'return' && !reason && !input.note?.trim()) {
        throw new ValidationError('say what to correct', [
          { field: 'note', message: 'required when returning a report without a reason for the partner' },
          { field: 'reason', message: 'what the partner should correct (the partner reads it)' },
        ]);
      }
      const status = input.decision === 'validate' ? 'validated' : 'returned';
      await deps.events.transaction(async (tx) => {
        await repo.review(tx.db, r.id, { status, note: input.note?.trim() || null, reason, by: ctx.actor.label, at: nowIso() });
        await access.audit.record(ctx, { action: 'validate', resource: 'report', objectId: r.id, outcome: 'allowed', concernedOrgs: [a.partner_org_id, ...(facts.coLeadOrgIds ?? [])] }, tx.db);
        if (status === 'validated') await tx.emit('report.validated', { reportId: r.id, activityId: a.id, planId: a.plan_id, month: r.month });
      });
      deps.changed();
      return getReport(ctx, r.id);
    },

    /**
     * Reports of a plan the actor may read (in SQL), newest month first; `status` filters (the reviewer's queue
     * is `submitted`), `activity` and `month` narrow it to one report (the partner's form).
     */
    async listReports(ctx: Ctx, planId: string, filter: { status?: string; month?: string; activity?: string; limit: number; offset: number }) {
      const plan = await planRepo.plan(db, planId);
      if (!plan) throw new NotFoundError('plan');
      const scope = access.scope(ctx, 'report', 'read');
      // Who co-leads matters only to an actor who could validate (the reviewer's note, can.validate): a
      // partner's page reads no more than its own rows.
      const mayReview = !scopeIsEmpty(access.scope(ctx, 'report', 'validate'));
      const [{ items, total }, leads, locked] = await Promise.all([
        repo.page(db, plan.id, scope, filter), mayReview ? deps.platforms.leads(plan.platform_id) : NO_LEADS, planRepo.lockedMonths(db, plan.platform_id),
      ]);
      const rows = await repo.rowsOf(db, items.map((r) => r.id));
      return {
        items: items.map((r) => ({
          ...present(ctx, r, rows, activityFacts(r, leads), locked.has(r.month)),
          activity: {
            partner: r.partner, partnerName: r.partner_name, sector: r.sector, sectorName: r.sector_name, indicator: r.indicator_code,
            pcode: r.pcode, area: r.area_name, description: r.description,
          },
        })),
        total, limit: filter.limit, offset: filter.offset,
      };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
