import type { Kysely } from 'kysely';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';

/** Organisations present from the start: the two agencies and the publishers of the data Tandem imports. */
export const BUILT_IN_ORGANISATIONS = [
  { slug: 'iom', name: 'International Organization for Migration (IOM)', kind: 'un_agency' },
  { slug: 'unhcr', name: 'Office of the United Nations High Commissioner for Refugees (UNHCR)', kind: 'un_agency' },
  { slug: 'undesa', name: 'UN Department of Economic and Social Affairs, Population Division', kind: 'un_agency' },
  // Where platform administrators belong when they are not staff of an agency.
  { slug: 'platform', name: 'Joint platform secretariat', kind: 'coordination_platform' },
] as const;

/** Brings the built-in organisations into the database; those already present are left as they are. */
export async function syncBuiltInOrganisations(db: Kysely<DB>): Promise<void> {
  for (const org of BUILT_IN_ORGANISATIONS) {
    await db.insertInto('organisations')
      .values({ id: newId(), ...org, refugee_led: 0, migrant_led: 0, created_at: nowIso() })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
  }
}
