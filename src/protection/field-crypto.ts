import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption of one field (AES-256-GCM, a fresh 96-bit nonce each time), bound to where it
 * is stored (`aad`: table, column, row id) so that a ciphertext moved to another row or column does not
 * open. Pure apart from the random nonce; no key ever leaves the process.
 */
const VERSION = 'v1';

export function seal(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** Opens a sealed field; a changed, moved or truncated ciphertext throws (never a silent wrong value). */
export function open(key: Buffer, sealed: string, aad: string): string {
  const [version, data] = sealed.split('.');
  if (version !== VERSION || !data) throw new Error('an encrypted field is not in a known format');
  const raw = Buffer.from(data, 'base64');
  if (raw.length < 28) throw new Error('an encrypted field is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** A data key wrapped by a master key: `<master id>.<sealed key>`, so that a rotation knows which master opens it. */
export function wrapKey(master: { id: string; key: Buffer }, dataKey: Buffer, aad: string): string {
  return `${master.id}.${seal(master.key, dataKey.toString('base64'), `key:${aad}`)}`;
}

export function unwrapKey(masters: ReadonlyMap<string, Buffer>, wrapped: string, aad: string): Buffer {
  const dot = wrapped.indexOf('.');
  const master = masters.get(wrapped.slice(0, dot));
  if (!master) throw new Error(`a data key is wrapped with master key ${wrapped.slice(0, dot)}, which this process does not hold (TANDEM_DATA_KEY, TANDEM_DATA_KEY_FILE)`);
  return Buffer.from(open(master, wrapped.slice(dot + 1), `key:${aad}`), 'base64');
}

/** The master key id a wrapped key names. */
export const wrappedWith = (wrapped: string): string => wrapped.slice(0, wrapped.indexOf('.'));

export const newDataKey = (): Buffer => randomBytes(32);

/** The form a value is compared in: Unicode-normalised, case-folded, spaces collapsed. */
export const normalise = (value: string): string => value.normalize('NFKC').toLocaleLowerCase('und').replace(/\s+/g, ' ').trim();

/**
 * A keyed hash for exact-match search (a blind index): equal values give equal hashes under one key, and
 * without the key a hash says nothing (no dictionary of names can be run against it).
 */
export function blindIndex(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${normalise(value)}`).digest('base64url');
}
