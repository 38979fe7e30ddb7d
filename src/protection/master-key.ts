import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Database } from '../core/db.js';

const KEY_BYTES = 32;

/**
 * The master keys that wrap every person's data key, kept outside the database: the first is the one new
 * keys are wrapped with, the others are older ones a rotation has not finished with yet. Never logged.
 */
export interface MasterKeys {
  current: { id: string; key: Buffer };
  /** Every key by id, the current one included. */
  byId: ReadonlyMap<string, Buffer>;
  /** Where they came from, for messages (never the key). */
  source: string;
  /** The key file, when they come from one (a rotation rewrites it); null for the environment or memory. */
  file: string | null;
}

/** A master key's public name: what a wrapped key records, so that the right key unwraps it. Not reversible. */
export const masterKeyId = (key: Buffer): string => `mk-${createHmac('sha256', key).update('tandem data master key id').digest('hex').slice(0, 16)}`;

function decode(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]+$/i.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${where}: a data key must be ${KEY_BYTES} bytes (hex or base64); generate one with: openssl rand -hex 32`);
  return key;
}

/** A keyring of these keys, the current one first. */
export function keysOf(keys: readonly Buffer[], source: string, file: string | null): MasterKeys {
  const byId = new Map(keys.map((k) => [masterKeyId(k), k] as const));
  return { current: { id: masterKeyId(keys[0]!), key: keys[0]! }, byId, source, file };
}

/** Reads a key file (one key a line, the current one first), creating it with one new key (mode 0600) when absent. */
export function fromFile(path: string): MasterKeys {
  try {
    if (statSync(path).mode & 0o077) chmodSync(path, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) throw new Error(`${path}: the data key file is empty`);
  return keysOf(lines.map((l, i) => decode(l, `${path}, line ${i + 1}`)), path, path);
}

/**
 * The master data keys: `TANDEM_DATA_KEY` (hex or base64, with `TANDEM_DATA_KEY_PREVIOUS` during a rotation),
 * else the file `TANDEM_DATA_KEY_FILE`, else a file beside the SQLite database (`tandem.db.data-key`) or, for
 * PostgreSQL, `data/data.key`, created at first use with mode 0600. Back it up apart from the database: a copy
 * of the database alone reads as noise, and without the key nobody can read it, Tandem included.
 */
export function loadMasterKeys(database: Pick<Database, 'engine' | 'where'>, env: NodeJS.ProcessEnv = process.env): MasterKeys {
  if (env.TANDEM_DATA_KEY) {
    const previous = (env.TANDEM_DATA_KEY_PREVIOUS ?? '').split(',').filter(Boolean).map((k) => decode(k, 'TANDEM_DATA_KEY_PREVIOUS'));
    return keysOf([decode(env.TANDEM_DATA_KEY, 'TANDEM_DATA_KEY'), ...previous], 'TANDEM_DATA_KEY', null);
  }
  if (env.TANDEM_DATA_KEY_FILE) return fromFile(resolve(env.TANDEM_DATA_KEY_FILE));
  if (database.engine === 'sqlite') {
    const file = database.where.replace(/^sqlite:/, '');
    // An in-memory database lives as long as the process: so does its key.
    if (file === ':memory:') return keysOf([randomBytes(KEY_BYTES)], 'memory', null);
    return fromFile(`${file}.data-key`);
  }
  return fromFile(resolve('data/data.key'));
}

/** A new random master key. */
export const newMasterKey = (): Buffer => randomBytes(KEY_BYTES);

/**
 * Writes the key file with these keys, the current first, atomically (a new file renamed over the old, mode
 * 0600): a crash leaves the old file or the new one, never half of one.
 */
export function writeKeyFile(path: string, keys: readonly Buffer[]): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, keys.map((k) => `${k.toString('hex')}\n`).join(''), { mode: 0o600 });
  renameSync(tmp, path);
}
