import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { openDatabase } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { runCommand } from './helpers/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'tandem-concerns-cli-'));
const file = join(dir, 'tandem.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tandem(args: string[]) {
  const res = await runCommand(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run.ts'), ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: '', TANDEM_DB: file, TANDEM_SMTP_URL: '' },
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('tandem concerns', () => {
  it('escalates, from the command line, a concern whose deadline passed, one level, and lists it as JSON', async () => {
    // A concern raised forty days ago (low severity: thirty days at the country level).
    const database = openDatabase({ file });
    await migrate(database);
    const past = new Date(Date.now() - 40 * 86_400_000);
    const app = createApp(database, { concerns: { now: () => past, smtp: null } });
    const raised = await app.concerns.raise(operatorCtx(), { subject: 'A late concern (test)', description: 'Synthetic test record.', severity: 'low' });
    await database.close();

    const first = await tandem(['concerns', 'escalate', '--json']);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toEqual({ escalated: [{ id: raised.id, from: 'country', to: 'regional' }] });
    // The regional level's clock started now: nothing more to do.
    const again = await tandem(['concerns', 'escalate']);
    expect(again.out).toContain('no concern is past its deadline');

    const list = await tandem(['concerns', 'list', '--json', '--level', 'regional']);
    expect(list.code, list.err).toBe(0);
    const page = JSON.parse(list.out) as { total: number; items: Array<{ id: string; level: string; overdue: boolean }> };
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ id: raised.id, level: 'regional', overdue: false });
    const bad = await tandem(['concerns', 'list', '--level', 'planet']);
    expect(bad.code).not.toBe(0);
  });
});
