import type { Kysely } from 'kysely';

/**
 * A partner's service-to-people formula applies once a co-lead approves it: the declared value stays in
 * `people_per_service`, the value in force in `approved_people_per_service` (with who approved it and when).
 * Formulas declared before this change were in force already: they are kept as approved.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('service_formulas').addColumn('approved_people_per_service', 'double precision').execute();
  await db.schema.alterTable('service_formulas').addColumn('approved_by', 'text').execute();
  await db.schema.alterTable('service_formulas').addColumn('approved_at', 'text').execute();
  const formulas = db as Kysely<{ service_formulas: { people_per_service: number; approved_people_per_service: number | null; approved_by: string | null } }>;
  await formulas.updateTable('service_formulas')
    .set((eb) => ({ approved_people_per_service: eb.ref('people_per_service'), approved_by: 'before approvals existed' }))
    .execute();
}
