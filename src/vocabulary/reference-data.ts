import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import { buildCountries } from './countries.js';

/** Brings the countries into the database. Idempotent: rows already present are left alone, so it costs one read at every start. */
export async function syncCountries(db: Kysely<DB>): Promise<void> {
  const have = new Set((await db.selectFrom('countries').select('iso3').execute()).map((r) => r.iso3));
  const missing = buildCountries().filter((c) => !have.has(c.iso3));
  for (let i = 0; i < missing.length; i += 200) {
    await db.insertInto('countries').values(missing.slice(i, i + 200)).execute();
  }
}
