import { sql, type Kysely } from 'kysely';
import type { Engine } from './db.js';
import type { DB } from './tables.js';

/** The PostgreSQL advisory locks Tandem takes, each with a number of its own so that two never collide. */
const ADVISORY_LOCKS = {
  /** One writer at a time builds the audit chain. */
  auditChain: 7341,
  /** One figure import at a time across processes (see the import service). */
  figureImport: 7342,
} as const;

/** Holds a named lock until the transaction ends; on SQLite, which serialises its writers, nothing to take. */
export async function lockForTransaction(trx: Kysely<DB>, engine: Engine, name: keyof typeof ADVISORY_LOCKS): Promise<void> {
  if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS[name]})`.execute(trx);
}
