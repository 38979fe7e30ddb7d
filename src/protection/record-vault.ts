import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import { newDataKey, unwrapKey, wrapKey } from './field-crypto.js';
import type { Keyring } from './keyring.service.js';
import { keyedCipher, type PersonCipher } from './vault.js';

/** The kinds of record other modules seal through the vault: each names the keyring entries of its records. */
export const VAULT_KINDS = ['survey'] as const;
export type VaultKind = (typeof VAULT_KINDS)[number];

/**
 * Personal fields of another module's records (a flow-monitoring survey response), sealed exactly as a
 * person's are: a data key of the record's own, wrapped by the master key and kept in the protection keyring
 * (`<kind>:<id>`), so that a rotation of the master key rewraps it with the others and erasing the entry
 * destroys the only key that opens the record's values. Each value is bound to its column and row.
 */
export function createRecordVault(deps: { db: Kysely<DB>; keyring: Pick<Keyring, 'masters'> }) {
  const purpose = (kind: VaultKind, id: string) => `${kind}:${id}`;
  const cipherOf = (key: Buffer | null): PersonCipher => keyedCipher(() => key);

  return {
    /** A new record's data key, stored wrapped in the keyring in the caller's transaction; the cipher to seal its fields. */
    async create(kind: VaultKind, id: string, q: Kysely<DB>): Promise<PersonCipher> {
      const key = newDataKey();
      const p = purpose(kind, id);
      await q.insertInto('protection_keyring').values({ purpose: p, wrapped_key: wrapKey(deps.keyring.masters().current, key, p), created_at: new Date().toISOString() }).execute();
      return cipherOf(key);
    },

    /** The ciphers of records, by id: one whose key was erased opens nothing (its values read as null). */
    async ciphers(kind: VaultKind, ids: readonly string[], q: Kysely<DB> = deps.db): Promise<Map<string, PersonCipher>> {
      const out = new Map<string, PersonCipher>(ids.map((id) => [id, cipherOf(null)]));
      if (ids.length === 0) return out;
      const rows = await q.selectFrom('protection_keyring').select(['purpose', 'wrapped_key']).where('purpose', 'in', ids.map((id) => purpose(kind, id))).execute();
      const masters = deps.keyring.masters();
      for (const r of rows) out.set(r.purpose.slice(kind.length + 1), cipherOf(unwrapKey(masters.byId, r.wrapped_key, r.purpose)));
      return out;
    },

    /** Destroys records' data keys (crypto-shredding): every copy of their sealed values, backups included, becomes noise. */
    async erase(kind: VaultKind, ids: readonly string[], q: Kysely<DB>): Promise<void> {
      if (ids.length === 0) return;
      await q.deleteFrom('protection_keyring').where('purpose', 'in', ids.map((id) => purpose(kind, id))).execute();
    },
  };
}

export type RecordVault = ReturnType<typeof createRecordVault>;
/** The cipher of one record's fields, as the vault gives it. */
export type RecordCipher = PersonCipher;
