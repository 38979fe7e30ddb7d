import type { Kysely } from 'kysely';

/**
 * How each platform counts (issue 19, items 3 and 4): people in transit as persons or as times assisted, and
 * the sexes and age bands its reports are split by. Every existing platform is given the bands its reports
 * hold today (female and male; 0-17, 18-59, 60+), explicitly, and transit counted as persons, as R4V does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('platform_counting')
    .addColumn('platform_id', 'text', (c) => c.primaryKey().references('platforms.id'))
    .addColumn('transit', 'text', (c) => c.notNull())
    .addColumn('sexes', 'text', (c) => c.notNull())
    .addColumn('ages', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  const q = db as Kysely<{
    platforms: { id: string };
    platform_counting: { platform_id: string; transit: string; sexes: string; ages: string; updated_at: string; updated_by: string };
  }>;
  await q.insertInto('platform_counting')
    .columns(['platform_id', 'transit', 'sexes', 'ages', 'updated_at', 'updated_by'])
    .expression((eb) => eb.selectFrom('platforms').select((s) => [
      'platforms.id', s.val('persons').as('transit'), s.val('["female","male"]').as('sexes'), s.val('["0-17","18-59","60+"]').as('ages'),
      s.val(new Date().toISOString()).as('updated_at'), s.val('migration 20261202_0001').as('updated_by'),
    ]))
    .execute();
}
