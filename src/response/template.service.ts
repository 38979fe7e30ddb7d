import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Ctx } from '../core/actor.js';
import type { SerialQueue } from '../core/queue.js';
import { ImportError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { DB } from '../core/tables.js';
import { columnIndexes, displayTag, HxlError, openHxl, requirePattern, type Dataset } from '../hxl/index.js';
import type { RegistryService } from '../vocabulary/index.js';
import { monthsBetween, POP_GROUPS } from './counting.rules.js';
import { countingOf } from './plan.counting.service.js';
import type { ActivityForReport } from './plan.repo.js';
import type { PlanService } from './plan.service.js';
import type { ReportCell, ReportService } from './report.service.js';
import { newTag, reachedTag, TEMPLATE_KEYS, templateCells, templateDataset, writeTemplateXlsx, type TemplateRow } from './template.format.js';

/**
 * The partner reporting template: written for the actor's activities and a month (XLSX with drop-down
 * lists, HXL CSV, or JSON rows), and read back from any file with its hashtags, all or nothing.
 */
export function createTemplateService(deps: {
  db: Kysely<DB>;
  plans: Pick<PlanService, 'planById' | 'listActivities' | 'platformPage' | 'checkMayReport'>;
  writes: SerialQueue;
  reports: Pick<ReportService, 'writeReports' | 'activityForReport'>;
  registries: Pick<RegistryService, 'indicators' | 'adminAreas' | 'adminArea'>;
}) {
  /** The template's rows: each of the actor's activities (a partner its own), for the month, per group it targets. */
  async function rows(ctx: Ctx, planId: string, month: string): Promise<TemplateRow[]> {
    const activities = await deps.plans.listActivities(ctx, planId);
    return activities.flatMap((a) => {
      const groups = POP_GROUPS.filter((g) => a.targets[g] !== undefined);
      return (groups.length ? groups : ['in_destination' as const]).map((group) => ({
        activity: a.id, partner: a.partner, sector: a.sector, indicator: a.indicator, area: a.pcode, month, group, description: a.description,
        names: { partner: a.partnerName, sector: a.sectorName, indicator: a.indicatorName, area: a.area },
      }));
    });
  }

  /** The cells of a plan's template: its platform's sexes by its age bands. */
  async function cellsOfPlan(planId: string) {
    const plan = await deps.plans.planById(planId);
    return templateCells(await countingOf(deps.db, plan.platform_id));
  }

  /**
   * Reads a filled template (CSV or XLSX, anything with its hashtags) and saves every report in it in one
   * transaction: all or nothing, errors by file, row and column (the hashtag; each message starts with the
   * column's header, as the partner sees it). Uploading the same file twice changes nothing. An activity's
   * P-code is its own: one edited to another area, or to none known, is refused.
   */
  async function readUpload(ctx: Ctx, planId: string, path: string, opts: { submit: boolean; file?: string }) {
    const file = opts.file ?? basename(path);
    let ds: Dataset;
    try {
      ds = await openHxl(path);
    } catch (e) {
      if (e instanceof HxlError) throw new ImportError(e.message, [{ file, message: e.message.replace(`${file}: `, '') }]);
      throw e;
    }
    const col = (tag: string) => columnIndexes(ds.columns, requirePattern(tag))[0] ?? -1;
    const at = { activity: col(TEMPLATE_KEYS.activity), month: col(TEMPLATE_KEYS.month), group: col(TEMPLATE_KEYS.group), area: col(TEMPLATE_KEYS.area) };
    // Each problem names the column by its hashtag (`column`) and by the header the partner reads (the message's start).
    const headerOf = new Map(ds.columns.map((c) => [displayTag(c), c.header.trim()]));
    const named = (details: ErrorDetail[]) => details.map((d) => {
      const header = d.column ? headerOf.get(d.column) : undefined;
      return header ? { ...d, message: `${header}: ${d.message}` } : d;
    });
    const plan = await deps.plans.planById(planId);
    const bands = await countingOf(deps.db, plan.platform_id);
    const CELLS = templateCells(bands);
    // Exact matches (`!`): a column of other bands (a template written before the platform changed them) is not read as one of these.
    const reached = CELLS.map((c) => col(`${reachedTag(c)}!`));
    const fresh = CELLS.map((c) => col(`${newTag(c)}!`));
    const structural: ErrorDetail[] = [];
    const known = new Set([...reached, ...fresh]);
    ds.columns.forEach((c, i) => {
      if (c.tag?.tag === 'reached' && !known.has(i)) {
        structural.push({ file, row: 2, column: displayTag(c), message: `not one of this platform's cells: it reports by ${bands.sexes.join(', ')} and ${bands.ages.join(', ')} (download the template again)` });
      }
    });
    for (const k of ['activity', 'month', 'group'] as const) if (at[k] < 0) structural.push({ file, row: 2, column: TEMPLATE_KEYS[k], message: `no ${TEMPLATE_KEYS[k]} column` });
    if (reached.every((i) => i < 0)) structural.push({ file, row: 2, column: '#reached', message: 'no #reached columns (by sex and age, as in the template)' });
    if (structural.length) throw new ImportError(`${file}: not a reporting template`, named(structural));

    const visible = new Map((await deps.plans.listActivities(ctx, plan.id)).map((a) => [a.id, a]));
    const knownArea = new Map<string, boolean>();
    const errors: ErrorDetail[] = [];
    const byReport = new Map<string, { activityId: string; month: string; cells: ReportCell[]; where: Array<{ row: number; col: number[] }> }>();
    let row = (ds.firstRow ?? 3) - 1;
    let rowsRead = 0;
    for await (const r of ds.rows) {
      row++;
      const cell = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
      const numbers = [...reached, ...fresh].map(cell);
      if (!cell(at.activity) && numbers.every((v) => v === '')) continue;
      rowsRead++;
      const activityId = cell(at.activity);
      const month = cell(at.month);
      const activity = visible.get(activityId);
      const group = POP_GROUPS.find((g) => g === cell(at.group));
      if (!activity) { errors.push({ file, row, column: TEMPLATE_KEYS.activity, message: `"${activityId}" is not one of your activities in this plan` }); continue; }
      if (!group) { errors.push({ file, row, column: TEMPLATE_KEYS.group, message: `"${cell(at.group)}" is not a population group (${POP_GROUPS.join(', ')})` }); continue; }
      const pcode = cell(at.area);
      if (pcode && pcode !== activity.pcode) {
        if (!knownArea.has(pcode)) knownArea.set(pcode, (await deps.registries.adminArea(pcode)) !== undefined);
        errors.push({
          file, row, column: TEMPLATE_KEYS.area,
          message: knownArea.get(pcode)
            ? `"${pcode}" is not this activity's area (${activity.pcode}, ${activity.area}): an activity's area does not change in a report`
            : `"${pcode}" is not a known P-code (this activity's area is ${activity.pcode}, ${activity.area})`,
        });
        continue;
      }
      const key = `${activityId}|${month}`;
      const entry = byReport.get(key) ?? { activityId, month, cells: [], where: [] };
      CELLS.forEach((c, k) => {
        const ri = reached[k] ?? -1;
        const fi = fresh[k] ?? -1;
        const parse = (i: number) => {
          const v = cell(i);
          if (v === '') return 0;
          const n = Number(v.replace(/,(?=\d{3}\b)/g, ''));
          if (!Number.isInteger(n) || n < 0) { errors.push({ file, row, column: displayTag(ds.columns[i]!), message: `"${v}" is not a whole number, 0 or more` }); return 0; }
          return n;
        };
        const reachedValue = parse(ri);
        const newValue = parse(fi);
        if (ri < 0 && fi < 0) return;
        entry.cells.push({ group, sex: c.sex, age: c.age, reached: reachedValue, newReached: newValue, services: activity.unit === 'services' ? reachedValue : undefined });
        entry.where.push({ row, col: [ri, fi] });
      });
      byReport.set(key, entry);
    }
    if (errors.length) throw new ImportError(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was saved`, named(errors.slice(0, 100)), errors.length);
    const items: Array<{ activity: ActivityForReport; month: string; cells: ReportCell[]; at: (i: number, field: string) => Omit<ErrorDetail, 'message'> }> = [];
    for (const e of byReport.values()) {
      const activity = await deps.reports.activityForReport(e.activityId);
      if (!activity) continue;
      const locate = (i: number, field: string) => {
        const w = e.where[i] ?? e.where[0];
        const idx = field === 'newReached' ? w?.col[1] ?? -1 : field === 'month' ? at.month : field === 'group' ? at.group : w?.col[0] ?? -1;
        return { file, row: w?.row, column: idx >= 0 ? displayTag(ds.columns[idx]!) : undefined };
      };
      items.push({ activity, month: e.month, cells: e.cells, at: locate });
    }
    try {
      const changed = await deps.reports.writeReports(ctx, items, opts.submit);
      return { file, rowsRead, reports: byReport.size, changed, unchanged: byReport.size - changed };
    } catch (e) {
      if (e instanceof ValidationError) throw new ImportError(`${file}: ${e.details.length} error${e.details.length === 1 ? '' : 's'}; nothing was saved`, named(e.details));
      throw e;
    }
  }

  return {
    rows,

    /** The template as an HXL dataset (for CSV and JSON exports). */
    async dataset(ctx: Ctx, planId: string, month: string): Promise<Dataset> {
      return templateDataset(await rows(ctx, planId, month), await cellsOfPlan(planId));
    },

    /**
     * The template as a workbook, with drop-down lists of the platform's sectors, indicators, P-codes and the
     * plan's months. Everything is looked up first (a missing plan is refused before anything is sent);
     * `write` then streams the workbook.
     */
    async xlsx(ctx: Ctx, planId: string, month: string): Promise<{ write(out: Writable): Promise<void> }> {
      const plan = await deps.plans.planById(planId);
      const [templateRows, platform, indicators] = await Promise.all([rows(ctx, planId, month), deps.plans.platformPage(ctx, plan.platform_id), deps.registries.indicators()]);
      const areas = await deps.registries.adminAreas({ iso3: platform.country ?? undefined });
      const lists = {
        sectors: platform.sectors.map((s) => s.code), indicators: indicators.map((i) => i.code), pcodes: areas.map((a) => a.pcode),
        months: monthsBetween(plan.start_month, plan.end_month),
      };
      const cells = await cellsOfPlan(planId);
      return { write: (out) => writeTemplateXlsx(templateRows, cells, lists, out) };
    },

    /** Reads and saves a filled template, in the shared write queue (one file at a time with the imports). */
    upload: (ctx: Ctx, planId: string, path: string, opts: { submit: boolean; file?: string }) => deps.writes.run(() => readUpload(ctx, planId, path, opts)),

    /** Refuses an actor who may not report in this plan, before the upload's body is read. */
    precheck: (ctx: Ctx, planId: string) => deps.plans.checkMayReport(ctx, planId),
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
