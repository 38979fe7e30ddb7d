import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditKey } from '../src/access/audit-key.js';
import { entryHash, GENESIS_HASH } from '../src/access/audit.rules.js';
import { createApp } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { openDatabase } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { makeUser } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { runCommand } from './helpers/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What the review did on a copy of the database: delete every denied entry and recompute the chain (unkeyed, or with a key it guessed). */
async function rewriteWithout(t: TestDb, outcome: string, key: Buffer | null) {
  const db = t.database.db;
  await db.deleteFrom('audit_log').where('outcome', '=', outcome).execute();
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const r of rows) {
    const fields = { ...r, seq: ++seq, prev_hash: prev };
    const hash = entryHash(fields, key);
    await db.deleteFrom('audit_log').where('seq', '=', r.seq).execute();
    await db.insertInto('audit_log').values({ ...fields, hash }).execute();
    prev = hash;
  }
  await db.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
}

describeEachEngine('the audit chain is keyed with a secret outside the database', (engine) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(engine); });
  afterAll(async () => { await t.dispose(); });

  async function someEntries() {
    for (let i = 0; i < 3; i++) await makeUser(t.app, [['unhcr', 'viewer']]);
    await t.app.audit.record(operatorCtx(), { action: 'create', resource: 'situation', outcome: 'denied' });
    await t.app.audit.record(operatorCtx(), { action: 'update', resource: 'plan', outcome: 'denied' });
  }

  it('a copy of the database with the denied entries deleted and the chain recomputed does not verify', async () => {
    await someEntries();
    expect(await t.app.audit.verify()).toMatchObject({ ok: true, keyed: true });
    await rewriteWithout(t, 'denied', null);
    const r = await t.app.audit.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.filter((p) => p.problem === 'modified').length).toBe(r.entries);
  });
});

describe('the audit key and anchors, at the console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-audit-'));
  const dbFile = join(dir, 'audit.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tandem = async (args: string[], env: Record<string, string> = {}) => {
    const res = await runCommand(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run.ts'), ...args], {
      cwd: root, env: { ...process.env, DATABASE_URL: '', TANDEM_AUDIT_KEY: '', TANDEM_AUDIT_KEY_FILE: '', TANDEM_DB: dbFile, ...env },
    });
    return { code: res.status, out: res.stdout, err: res.stderr };
  };

  it('creates the key beside the database with mode 0600, upgrades an unkeyed log once, and refuses another key', async () => {
    // A log written before keys: entries hashed unkeyed, the head naming no key.
    const database = openDatabase({ file: dbFile });
    await migrate(database);
    const fields = { seq: 1, at: '2026-11-01T00:00:00.000Z', actor: 'operator', actor_org: null, action: 'create', resource: 'situation', object_id: null, outcome: 'allowed', request_id: null, concerned_orgs: '', prev_hash: GENESIS_HASH };
    const hash = entryHash(fields, null);
    await database.db.insertInto('audit_log').values({ ...fields, hash }).execute();
    await database.db.insertInto('audit_head').values({ id: 1, seq: 1, hash, key_id: null }).execute();
    const app = createApp(database);
    expect(statSync(`${dbFile}.audit-key`).mode & 0o777).toBe(0o600);
    expect(await app.audit.verify()).toMatchObject({ ok: true, keyed: false });
    await app.audit.record(operatorCtx(), { action: 'create', resource: 'plan', outcome: 'allowed' });
    expect(await app.audit.verify()).toMatchObject({ ok: true, keyed: true, entries: 2 });
    expect(loadAuditKey(database).key.equals(loadAuditKey(database).key)).toBe(true);
    await database.close();

    expect((await tandem(['audit', 'verify'])).out).toContain('audit log intact: 2 entries');
    const other = await tandem(['audit', 'verify'], { TANDEM_AUDIT_KEY: 'ab'.repeat(32) });
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/written with audit key [0-9a-f]{16}, and this process has key [0-9a-f]{16} \(from TANDEM_AUDIT_KEY\)/);
  });

  it('an anchor signed earlier exposes a rewrite by someone holding both the database and the key; a forged anchor is refused', async () => {
    const keys = join(dir, 'unhcr');
    expect((await tandem(['audit', 'anchor-keys', keys])).code).toBe(0);
    expect(statSync(`${keys}.key`).mode & 0o777).toBe(0o600);
    const anchor = await tandem(['audit', 'anchor', '--key', `${keys}.key`, '--by', 'unhcr']);
    expect(anchor.code, anchor.err).toBe(0);
    const anchorFile = join(dir, 'anchor.json');
    writeFileSync(anchorFile, anchor.out);
    expect(JSON.parse(anchor.out)).toMatchObject({ tandemAuditAnchor: 1, seq: 2, by: 'unhcr' });
    const ok = await tandem(['audit', 'verify', '--anchor', anchorFile, '--public-key', `${keys}.pub`]);
    expect(ok.out, ok.err).toContain('audit log intact: 2 entries, 1 anchor(s) reached');

    // The insider rewrites entry 1 and recomputes the chain with the real key: intact without the anchor, caught with it.
    const key = Buffer.from(readFileSync(`${dbFile}.audit-key`, 'utf8').trim(), 'hex');
    const database = openDatabase({ file: dbFile });
    await database.db.updateTable('audit_log').set({ action: 'read' }).where('seq', '=', 1).execute();
    const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const h = entryHash({ ...r, prev_hash: prev }, key);
      await database.db.updateTable('audit_log').set({ prev_hash: prev, hash: h }).where('seq', '=', r.seq).execute();
      prev = h;
    }
    await database.db.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
    await database.close();
    expect((await tandem(['audit', 'verify'])).code).toBe(0);
    const caught = await tandem(['audit', 'verify', '--anchor', anchorFile, '--public-key', `${keys}.pub`]);
    expect(caught.code).toBe(1);
    expect(caught.err).toContain('entry 2 is not the one unhcr anchored: the log was rewritten');

    const forged = { ...JSON.parse(anchor.out), hash: prev };
    writeFileSync(anchorFile, JSON.stringify(forged));
    const refused = await tandem(['audit', 'verify', '--anchor', anchorFile, '--public-key', `${keys}.pub`]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('anchor.json: the signature is not valid for any public key given');
  });
});
