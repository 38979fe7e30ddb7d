import { sql, type Kysely } from 'kysely';

/**
 * Corridor totals by year beside those by month: a window of whole years reads a twelfth of the rows. Built
 * here from the month totals already kept; imports keep them from now on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into movement_corridor_totals (grain, bucket, origin, transit, destination, measure, direction, value)
    select 'year', substr(bucket, 1, 4), origin, transit, destination, measure, direction, sum(value) from movement_corridor_totals
    where grain = 'month' group by substr(bucket, 1, 4), origin, transit, destination, measure, direction`.execute(db);
}
