import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's recommended minimum).
const ARGON2ID = 2;

export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID });

/** Verifies a password; with no stored hash it still spends the same work, so timing says nothing. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    await verify(DUMMY_HASH ??= await hashPassword('not-a-password'), password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
let DUMMY_HASH: string | undefined;

/** A random secret for a cookie or an API token (256 bits, URL-safe). */
export const newSecret = (prefix = '') => prefix + randomBytes(32).toString('base64url');

/** Secrets are stored only as their SHA-256: a database leak gives no usable session or token. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const MIN_PASSWORD_LENGTH = 12;
