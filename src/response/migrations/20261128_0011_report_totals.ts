import { sql, type Kysely } from 'kysely';

/**
 * Each report's people per population group, summed over sex and age, kept with the rows on every write
 * (with the report's activity, month and status): dashboards aggregate these, six times fewer rows than
 * the cells and no join with the reports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('report_totals')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('pop_group', 'text', (c) => c.notNull())
    .addColumn('reached', 'bigint', (c) => c.notNull())
    .addColumn('new_reached', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_totals_pk', ['report_id', 'pop_group'])
    .execute();
  await sql`insert into report_totals (report_id, activity_id, month, status, pop_group, reached, new_reached)
    select rr.report_id, r.activity_id, r.month, r.status, rr.pop_group, sum(rr.reached), sum(rr.new_reached)
    from report_rows rr join reports r on r.id = rr.report_id group by rr.report_id, r.activity_id, r.month, r.status, rr.pop_group`.execute(db);
  // Covering: the dashboard's queries read only this index, in activity order.
  await db.schema.createIndex('report_totals_activity').on('report_totals')
    .columns(['activity_id', 'pop_group', 'status', 'month', 'reached', 'new_reached']).execute();
}
