import { open, seal } from './field-crypto.js';
import type { Keyring } from './keyring.service.js';

/** The fields of one person's records, sealed and opened under that person's data key. */
export interface PersonCipher {
  seal(column: string, rowId: string, value: string | null | undefined): string | null;
  open(column: string, rowId: string, sealed: string | null): string | null;
}

/** Makes the cipher of one person's records (the module's is `personCipher`; the benchmark gives a plaintext one to compare). */
export type CipherFactory = (keyring: Pick<Keyring, 'personKey'>, personId: string | null, wrapped: string | null, fresh?: Buffer) => PersonCipher;

/**
 * A cipher bound to one person. Each value is bound to its column and row (`people.given_name:<id>`), so that a
 * ciphertext copied elsewhere does not open. A null wrapped key (the person was erased) opens nothing.
 */
export const personCipher: CipherFactory = (keyring, personId, wrapped, fresh) =>
  keyedCipher(() => fresh ?? (personId && wrapped ? keyring.personKey(personId, wrapped) : null));

/**
 * Seals and opens values under one data key (read only when first needed), each bound to its column and row.
 * Without a key (the record was erased) nothing opens, and sealing refuses.
 */
export function keyedCipher(key: () => Buffer | null): PersonCipher {
  return {
    seal(column, rowId, value) {
      if (value === null || value === undefined) return null;
      const k = key();
      if (!k) throw new Error('no data key for this record');
      return seal(k, value, `${column}:${rowId}`);
    },
    open(column, rowId, sealed) {
      if (sealed === null) return null;
      const k = key();
      return k ? open(k, sealed, `${column}:${rowId}`) : null;
    },
  };
}
