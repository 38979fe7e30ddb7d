import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Database } from '../core/db.js';

/** Where an audit key comes from, for messages (never the key). */
export interface AuditKey {
  key: Buffer;
  source: string;
}

const KEY_BYTES = 32;

function decode(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]+$/i.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length < KEY_BYTES) throw new Error(`${where}: the audit key must be at least ${KEY_BYTES} bytes (hex or base64); generate one with: openssl rand -hex 32`);
  return key;
}

/** Reads the key file, or creates it (mode 0600, 256 random bits) when it does not exist yet. */
function keyFile(path: string): AuditKey {
  try {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) chmodSync(path, 0o600);
    return { key: decode(readFileSync(path, 'utf8'), path), source: path };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, randomBytes(KEY_BYTES).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return { key: decode(readFileSync(path, 'utf8'), path), source: path };
}

/**
 * The secret that keys the audit chain, kept outside the database so that a copy of the database is not
 * enough to rewrite the log: `TANDEM_AUDIT_KEY` (hex or base64), else the file `TANDEM_AUDIT_KEY_FILE`,
 * else a file beside the SQLite database (`tandem.db.audit-key`) or, for PostgreSQL, `data/audit.key`;
 * a missing file is created at first start with mode 0600. Back it up with the database: without it the
 * log can no longer be verified.
 */
export function loadAuditKey(database: Pick<Database, 'engine' | 'where'>, env: NodeJS.ProcessEnv = process.env): AuditKey {
  if (env.TANDEM_AUDIT_KEY) return { key: decode(env.TANDEM_AUDIT_KEY, 'TANDEM_AUDIT_KEY'), source: 'TANDEM_AUDIT_KEY' };
  if (env.TANDEM_AUDIT_KEY_FILE) return keyFile(resolve(env.TANDEM_AUDIT_KEY_FILE));
  if (database.engine === 'sqlite') {
    const file = database.where.replace(/^sqlite:/, '');
    // An in-memory database lives as long as the process: so does its key.
    if (file === ':memory:') return { key: randomBytes(KEY_BYTES), source: 'memory' };
    return keyFile(`${file}.audit-key`);
  }
  return keyFile(resolve('data/audit.key'));
}
