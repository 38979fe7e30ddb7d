import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { openDatabase } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { keysOf } from '../src/protection/master-key.js';
import { describeEachEngine, freshDb } from './helpers/engines.js';
import { runCommand } from './helpers/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'tandem-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const newPerson = (given: string) => ({ organisation: 'iom', givenName: given, familyName: 'Rotation', purpose: 'case_management', legalBasis: 'consent', retainUntil: '2099-01-01' } as const);

async function tandem(args: string[], db: string) {
  const res = await runCommand(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run.ts'), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '', TANDEM_DB: db } });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('the master data key, kept outside the database', () => {
  it('is created beside the SQLite file with mode 0600 at first use, and `tandem keys rotate` replaces it while every record stays readable', async () => {
    const file = join(dir, 'rotate.db');
    const database = openDatabase({ file });
    await migrate(database);
    const app = createApp(database);
    const ids = [];
    for (const n of ['Synthetic One', 'Synthetic Two']) ids.push((await app.protectionPeople.create(operatorCtx(), newPerson(n))).id);
    await database.close();
    const keyFile = `${file}.data-key`;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const before = readFileSync(keyFile, 'utf8');

    const rotated = await tandem(['keys', 'rotate'], file);
    expect(rotated.code, rotated.err).toBe(0);
    expect(rotated.out).toMatch(/2 people's keys and 1 other keys rewrapped/);
    const after = readFileSync(keyFile, 'utf8');
    expect(after).not.toBe(before);
    expect(after.trim().split('\n')).toHaveLength(1);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const status = await tandem(['keys', 'status'], file);
    expect(status.out).toMatch(/current master key mk-/);
    expect(status.out).not.toMatch(/NO/);

    // Retention and the overdue announcement run from the command line too (nothing is due here).
    expect((await tandem(['retention', 'run'], file)).out).toMatch(/^0 personal records erased/);
    expect((await tandem(['referrals', 'overdue'], file)).out).toMatch(/^0 referrals newly overdue/);

    const reopened = openDatabase({ file });
    const again = createApp(reopened);
    expect((await again.protectionPeople.get(operatorCtx(), ids[0]!)).givenName).toBe('Synthetic One');
    expect((await again.protectionPeople.search(operatorCtx(), { givenName: 'synthetic two', familyName: 'ROTATION' })).map((p) => p.id)).toEqual([ids[1]]);
    // The old key alone opens nothing any more.
    const old = createApp(reopened, { protection: { masterKeys: keysOf([Buffer.from(before.trim(), 'hex')], 'test', null) } });
    await expect(old.protectionPeople.get(operatorCtx(), ids[0]!)).rejects.toThrow(/does not hold/);
    await reopened.close();
  });

  it('with TANDEM_DATA_KEY, rotates only to the key the operator supplies in TANDEM_DATA_KEY_NEXT', async () => {
    const database = openDatabase({ file: join(dir, 'env.db') });
    await migrate(database);
    const current = 'a'.repeat(64);
    const next = 'b'.repeat(64);
    const app = createApp(database, { protection: { masterKeys: keysOf([Buffer.from(current, 'hex')], 'TANDEM_DATA_KEY', null) } });
    const id = (await app.protectionPeople.create(operatorCtx(), newPerson('Synthetic Env'))).id;
    await expect(app.protectionKeys.rotate()).rejects.toThrow(/TANDEM_DATA_KEY_NEXT/);
    const withNext = createApp(database, { protection: { masterKeys: keysOf([Buffer.from(current, 'hex')], 'TANDEM_DATA_KEY', null) } });
    process.env.TANDEM_DATA_KEY_NEXT = next;
    try {
      const r = await withNext.protectionKeys.rotate();
      expect(r.instruction).toMatch(/set TANDEM_DATA_KEY/);
    } finally {
      delete process.env.TANDEM_DATA_KEY_NEXT;
    }
    const fresh = createApp(database, { protection: { masterKeys: keysOf([Buffer.from(next, 'hex')], 'TANDEM_DATA_KEY', null) } });
    expect((await fresh.protectionPeople.get(operatorCtx(), id)).givenName).toBe('Synthetic Env');
    await database.close();
  });
});

describeEachEngine('a rotation of the master key, page by page', (engine) => {
  it('rewraps every key of a keyring larger than a page, and the status counts them under the new key alone', async () => {
    const t = await freshDb(engine);
    try {
      const app = t.app;
      const person = (await app.protectionPeople.create(operatorCtx(), newPerson('Synthetic Paged'))).id;
      // 2,100 records' keys (as 2,100 survey responses would have): more than two pages of 1,000.
      const ids = Array.from({ length: 2_100 }, (_, i) => `paged-${String(i).padStart(5, '0')}`);
      const sample = [ids[0]!, ids[999]!, ids[1_000]!, ids.at(-1)!];
      const sealed = new Map<string, string>();
      await t.database.db.transaction().execute(async (trx) => {
        for (const id of ids) {
          const cipher = await app.protectionVault.create('survey', id, trx);
          if (sample.includes(id)) sealed.set(id, cipher.seal('survey.name', id, `SYNTHETIC ${id}`)!);
        }
      });
      const before = await app.protectionKeys.status();
      expect(before.wrapped.map((w) => w.keys).reduce((a, b) => a + b, 0)).toBe(2_100 + 2);

      const rotated = await app.protectionKeys.rotate();
      expect(rotated.people).toBe(1);
      expect(rotated.keyring).toBe(2_100 + 1);
      const after = await app.protectionKeys.status();
      expect(after.wrapped).toEqual([{ master: rotated.to, keys: 2_100 + 2, held: true }]);
      // Only the new key is held now: values sealed before open on every page, and the person reads.
      const ciphers = await app.protectionVault.ciphers('survey', sample);
      for (const id of sample) expect(ciphers.get(id)!.open('survey.name', id, sealed.get(id)!)).toBe(`SYNTHETIC ${id}`);
      expect((await app.protectionPeople.get(operatorCtx(), person)).givenName).toBe('Synthetic Paged');
    } finally {
      await t.dispose();
    }
  });
});

describeEachEngine('the protection demo', (engine) => {
  it('seeds only clearly labelled synthetic people and their referrals', async () => {
    const t = await freshDb(engine);
    try {
      await seedDemoIfEmpty(t.app);
      const rows = await t.database.db.selectFrom('protection_people').select(['id', 'synthetic']).execute();
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows.every((r) => r.synthetic === 1)).toBe(true);
      for (const r of rows) expect((await t.app.protectionPeople.get(operatorCtx(), r.id)).givenName).toMatch(/^SYNTHETIC /);
      const referrals = await t.app.referrals.list(operatorCtx(), { box: 'sent', limit: 50, offset: 0 });
      expect(referrals.items.map((i) => [i.from.slug, i.to.slug, i.status]).sort()).toEqual([['iom', 'unhcr', 'acknowledged'], ['unhcr', 'iom', 'outcome_recorded']]);
    } finally {
      await t.dispose();
    }
  });
});
