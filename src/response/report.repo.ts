import type { Kysely } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';
import type { ReportRowTable, ReportTable } from './response.tables.js';
import { visibleActivities } from './scope.sql.js';

export type ReportCellRow = Omit<ReportRowTable, 'report_id'>;

/** Queries of monthly reports, their cells and their per-group totals. */
export const reportRepo = {
  report: (db: Kysely<DB>, id: string) => db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst(),
  reportFor: (db: Kysely<DB>, activityId: string, month: string) =>
    db.selectFrom('reports').selectAll().where('activity_id', '=', activityId).where('month', '=', month).executeTakeFirst(),
  rowsOf: (db: Kysely<DB>, reportIds: readonly string[]) =>
    reportIds.length
      ? db.selectFrom('report_rows').selectAll().where('report_id', 'in', [...reportIds]).orderBy('pop_group').orderBy('sex').orderBy('age').execute()
      : Promise.resolve([]),

  insert: (db: Kysely<DB>, row: ReportTable) => db.insertInto('reports').values(row).execute(),
  setStatus: (db: Kysely<DB>, id: string, status: string, by: string, at: string) =>
    db.updateTable('reports').set({ status, updated_at: at, updated_by: by }).where('id', '=', id).execute(),
  replaceRows: async (db: Kysely<DB>, report: { id: string; activity_id: string; month: string; status: string }, rows: readonly ReportCellRow[]) => {
    await db.deleteFrom('report_rows').where('report_id', '=', report.id).execute();
    await db.deleteFrom('report_totals').where('report_id', '=', report.id).execute();
    if (rows.length) await db.insertInto('report_rows').values(rows.map((r) => ({ ...r, report_id: report.id }))).execute();
    // A report's people per group, summed over sex and age, kept on every write: what dashboards read.
    const totals = new Map<string, { reached: number; new_reached: number }>();
    for (const r of rows) {
      const t = totals.get(r.pop_group) ?? { reached: 0, new_reached: 0 };
      t.reached += r.reached;
      t.new_reached += r.new_reached;
      totals.set(r.pop_group, t);
    }
    if (totals.size) {
      await db.insertInto('report_totals')
        .values([...totals].map(([g, t]) => ({ report_id: report.id, activity_id: report.activity_id, month: report.month, status: report.status, pop_group: g, ...t })))
        .execute();
    }
  },
  /**
   * Replaces the cells of some reports without touching their totals: a change of bands re-labels and merges
   * cells, and never changes a group's figures.
   */
  replaceCells: async (db: Kysely<DB>, reportIds: readonly string[], rows: readonly ReportRowTable[]) => {
    if (!reportIds.length) return;
    await db.deleteFrom('report_rows').where('report_id', 'in', [...reportIds]).execute();
    for (let i = 0; i < rows.length; i += 1000) await db.insertInto('report_rows').values(rows.slice(i, i + 1000)).execute();
  },
  review: async (db: Kysely<DB>, id: string, r: { status: string; note: string | null; reason: string | null; by: string; at: string }) => {
    // A validation keeps the last return's reason: the partner may still want to read what it corrected.
    const reason = r.status === 'returned' ? { return_reason: r.reason } : {};
    await db.updateTable('reports').set({ status: r.status, reviewer_note: r.note, reviewed_at: r.at, reviewed_by: r.by, ...reason })
      .where('id', '=', id).where('status', '=', 'submitted').execute();
    await db.updateTable('report_totals').set({ status: r.status }).where('report_id', '=', id).execute();
  },

  /**
   * One page of a plan's reports the scope lets through, newest month first, with their activity's names,
   * and how many there are: the scope is a `where` clause, so the page reads only the actor's rows.
   */
  async page(db: Kysely<DB>, planId: string, scope: Scope, filter: { status?: string; month?: string; activity?: string; limit: number; offset: number }) {
    let q = db.selectFrom('reports').innerJoin('activities', 'activities.id', 'reports.activity_id')
      .where('activities.plan_id', '=', planId).where(visibleActivities(scope));
    if (filter.status) q = q.where('reports.status', '=', filter.status);
    if (filter.month) q = q.where('reports.month', '=', filter.month);
    if (filter.activity) q = q.where('reports.activity_id', '=', filter.activity);
    const [items, count] = await Promise.all([
      q.innerJoin('organisations', 'organisations.id', 'activities.partner_org_id')
        .innerJoin('sectors', 'sectors.id', 'activities.sector_id')
        .innerJoin('admin_areas', 'admin_areas.pcode', 'activities.pcode')
        .selectAll('reports')
        .select(['activities.partner_org_id', 'activities.sector_id', 'activities.indicator_code', 'activities.pcode', 'activities.description',
          'organisations.slug as partner', 'organisations.name as partner_name', 'sectors.code as sector', 'sectors.name as sector_name', 'admin_areas.name as area_name'])
        .orderBy('reports.month', 'desc').orderBy('reports.updated_at', 'desc').orderBy('reports.id')
        .limit(filter.limit).offset(filter.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  },
};
