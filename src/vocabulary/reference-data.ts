import type { Kysely } from 'kysely';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/schema.js';
import { buildCountries } from './countries.js';
import { DEFAULT_POLICY } from '../coordination/policy.js';

/** Organisations present from the start: the two agencies and the publishers of the data Tandem imports. */
export const BUILT_IN_ORGANISATIONS = [
  { slug: 'iom', name: 'International Organization for Migration (IOM)', kind: 'un_agency' },
  { slug: 'unhcr', name: 'Office of the United Nations High Commissioner for Refugees (UNHCR)', kind: 'un_agency' },
  { slug: 'undesa', name: 'UN Department of Economic and Social Affairs, Population Division', kind: 'un_agency' },
  // Where platform administrators belong when they are not staff of an agency.
  { slug: 'platform', name: 'Joint platform secretariat', kind: 'coordination_platform' },
] as const;

/**
 * Brings countries, built-in organisations and the default policy into the database. Idempotent: rows
 * already present are left as they are, so running it at every start costs one read per table.
 */
export async function syncReferenceData(db: Kysely<DB>): Promise<void> {
  const have = new Set((await db.selectFrom('countries').select('iso3').execute()).map((r) => r.iso3));
  const missing = buildCountries().filter((c) => !have.has(c.iso3));
  for (let i = 0; i < missing.length; i += 200) {
    await db.insertInto('countries').values(missing.slice(i, i + 200)).execute();
  }
  for (const org of BUILT_IN_ORGANISATIONS) {
    await db
      .insertInto('organisations')
      .values({ id: newId(), ...org, refugee_led: 0, migrant_led: 0, created_at: nowIso() })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
  }
  await db
    .insertInto('policies')
    .values({ ...DEFAULT_POLICY })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
}
