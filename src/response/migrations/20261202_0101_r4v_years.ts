import { sql, type Kysely } from 'kysely';

/**
 * R4V's settings per year (issue 19): the indicator types that count become a rule per year of the row's
 * Month (`count_types` JSON `{ "default": [...], "byYear": { "2022": [...] } }`), a platform's one list becoming
 * its default; and the platform's CVA delivery mechanisms (`delivery_mechanisms`, JSON; null: R4V's default list).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{ platform_id: string; count_types: string }>`select platform_id, count_types from r4v_settings`.execute(db);
  for (const r of rows.rows) {
    const cur = JSON.parse(r.count_types) as unknown;
    if (!Array.isArray(cur)) continue;
    await sql`update r4v_settings set count_types = ${JSON.stringify({ default: cur, byYear: {} })} where platform_id = ${r.platform_id}`.execute(db);
  }
  await db.schema.alterTable('r4v_settings').addColumn('delivery_mechanisms', 'text').execute();
}
