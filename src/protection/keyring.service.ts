import { sql, type Kysely } from 'kysely';
import { nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { newDataKey, unwrapKey, wrapKey, wrappedWith } from './field-crypto.js';
import { masterKeyId, type MasterKeys } from './master-key.js';

/** How many people's data keys stay unwrapped in memory (an inbox page reads a few dozen). */
const CACHE = 2_000;

/**
 * Envelope keys: each person has a data key of their own, stored wrapped by the master key; the search index
 * has one key for all. Rotating the master key rewraps every data key (no data is re-encrypted), and erasing
 * a person deletes their data key with their row (crypto-shredding: a backup of their ciphertexts is noise).
 */
export function createKeyring(deps: { db: Kysely<DB>; masters: MasterKeys }) {
  let masters = deps.masters;
  const cache = new Map<string, Buffer>();
  let indexKey: Buffer | null = null;

  const remember = (id: string, key: Buffer) => {
    if (cache.size >= CACHE) cache.delete(cache.keys().next().value!);
    cache.set(id, key);
  };

  return {
    /** The id of the master key new data keys are wrapped with (never the key). */
    /** The master keys in use (never logged). */
    masters: () => masters,

    /** A new person's data key and its wrapped form, to store on their row. */
    newPersonKey(personId: string): { key: Buffer; wrapped: string } {
      const key = newDataKey();
      remember(personId, key);
      return { key, wrapped: wrapKey(masters.current, key, `person:${personId}`) };
    },

    /** A person's data key, unwrapped from their row. */
    personKey(personId: string, wrapped: string): Buffer {
      const hit = cache.get(personId);
      if (hit) return hit;
      const key = unwrapKey(masters.byId, wrapped, `person:${personId}`);
      remember(personId, key);
      return key;
    },

    /** Forgets an erased person's key in memory too. */
    forget(personId: string): void {
      cache.delete(personId);
    },

    /** The key of the search index, created (and stored wrapped) at first use. */
    async indexKey(): Promise<Buffer> {
      if (indexKey) return indexKey;
      const row = await deps.db.selectFrom('protection_keyring').select('wrapped_key').where('purpose', '=', 'index').executeTakeFirst();
      if (row) return (indexKey = unwrapKey(masters.byId, row.wrapped_key, 'index'));
      const key = newDataKey();
      await deps.db.insertInto('protection_keyring').values({ purpose: 'index', wrapped_key: wrapKey(masters.current, key, 'index'), created_at: nowIso() })
        .onConflict((oc) => oc.column('purpose').doNothing()).execute();
      // Another process may have won the race: the stored key is the one.
      const stored = await deps.db.selectFrom('protection_keyring').select('wrapped_key').where('purpose', '=', 'index').executeTakeFirstOrThrow();
      return (indexKey = unwrapKey(masters.byId, stored.wrapped_key, 'index'));
    },

    /**
     * Rewraps every data key under `next` (which must already be among the keys this process holds, so that a
     * crash halfway leaves every key openable), a page of 1,000 at a time, each page in its own transaction:
     * the people's keys and the keyring's (the index's, and one per survey response), however many.
     */
    async rewrapAll(next: MasterKeys): Promise<{ people: number; keyring: number; master: string }> {
      masters = next;
      const current = next.current;
      /** Rewraps one table's keys page by page, in the order of its primary key; returns how many moved. */
      const rewrap = async (
        page: (after: string) => Promise<Array<{ id: string; wrapped_key: string }>>,
        aad: (id: string) => string,
        store: (trx: Kysely<DB>, id: string, wrapped: string) => Promise<unknown>,
      ) => {
        let moved = 0;
        for (let after = ''; ;) {
          const rows = await page(after);
          if (rows.length === 0) return moved;
          await deps.db.transaction().execute(async (trx) => {
            for (const r of rows) {
              if (wrappedWith(r.wrapped_key) === current.id) continue;
              await store(trx, r.id, wrapKey(current, unwrapKey(next.byId, r.wrapped_key, aad(r.id)), aad(r.id)));
              moved++;
            }
          });
          after = rows.at(-1)!.id;
        }
      };
      const people = await rewrap(
        (after) => deps.db.selectFrom('protection_people').select(['id', 'wrapped_key']).where('id', '>', after).orderBy('id').limit(PAGE).execute(),
        (id) => `person:${id}`,
        (trx, id, wrapped) => trx.updateTable('protection_people').set({ wrapped_key: wrapped }).where('id', '=', id).execute(),
      );
      const keyring = await rewrap(
        (after) => deps.db.selectFrom('protection_keyring').select(['purpose as id', 'wrapped_key']).where('purpose', '>', after).orderBy('purpose').limit(PAGE).execute(),
        (purpose) => purpose,
        (trx, purpose, wrapped) => trx.updateTable('protection_keyring').set({ wrapped_key: wrapped }).where('purpose', '=', purpose).execute(),
      );
      return { people, keyring, master: current.id };
    },

    /** The master keys the stored data keys are wrapped with, by id and count: what a rotation still has to move (counted by the database). */
    async wrappedWith(): Promise<Array<{ master: string; keys: number; held: boolean }>> {
      const counts = new Map<string, number>();
      const master = sql<string>`substr(wrapped_key, 1, ${sql.lit(MASTER_ID_LENGTH)})`;
      for (const table of ['protection_people', 'protection_keyring'] as const) {
        const rows = await deps.db.selectFrom(table).select([master.as('master'), (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy(master).execute();
        for (const r of rows) counts.set(r.master, (counts.get(r.master) ?? 0) + Number(r.n));
      }
      return [...counts].map(([id, keys]) => ({ master: id, keys, held: masters.byId.has(id) }));
    },
  };
}

/** Keys rewrapped per transaction. */
const PAGE = 1_000;
/** A wrapped key starts with the id of its master key and a dot; every master key id has this length. */
const MASTER_ID_LENGTH = masterKeyId(Buffer.alloc(32)).length;

export type Keyring = ReturnType<typeof createKeyring>;
export { masterKeyId };
