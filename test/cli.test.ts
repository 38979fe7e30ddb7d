import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, PG_URL, UNHCR_2024_2025 } from './helpers/engines.js';
import { unhcrCsv, unhcrRow, writeFile } from './helpers/files.js';
import { runCommand } from './helpers/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tandem(args: string[], env: Record<string, string> = { TANDEM_DB: join(dir, 'cli.db') }, input?: string) {
  const res = await runCommand(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run.ts'), ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: '', ...env }, input,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('the tandem command', () => {
  it('migrates the database', async () => {
    const r = await tandem(['db', 'migrate']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/applied 20261128_0001_vocabulary|up to date/);
  });

  it('imports a file, reports what changed, and reports nothing changed the second time', async () => {
    const first = await tandem(['import', 'unhcr-population', '--as-org', 'unhcr', UNHCR_2024_2025]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('12,490 rows read');
    expect(first.out).toMatch(/inserted [\d,]+, updated 0, unchanged 0/);
    const again = await tandem(['import', 'unhcr-population', '--as-org', 'unhcr', UNHCR_2024_2025]);
    expect(again.out).toMatch(/inserted 0, updated 0, unchanged [\d,]+/);
    expect(again.out).toContain('nothing changed');
  });

  it('refuses a bad file with the file, row and column, and exits non-zero', async () => {
    const bad = writeFile('cli-bad.csv', unhcrCsv([unhcrRow(2024, 'NIC', 'CRI', 1, 1), unhcrRow(2024, 'NIC', 'XYZ', 1, 1)]));
    const r = await tandem(['import', 'unhcr-population', '--as-org', 'unhcr', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: cli-bad.csv: 1 error; nothing was imported');
    expect(r.err).toContain('cli-bad.csv, row 3, column coa_iso: "XYZ" is not a known ISO3 country code');
    expect(r.err).not.toContain('    at ');
  });

  it('defines a situation, recommends with JSON, and records a decision only with a rationale when it differs', async () => {
    expect((await tandem(['situation', 'create', '--name', 'Nicaraguans in Costa Rica', '--origin', 'NIC', '--host', 'CRI'])).code).toBe(0);
    const rec = await tandem(['recommend', 'nicaraguans-in-costa-rica', '--year', '2024', '--json']);
    expect(rec.code).toBe(0);
    const json = JSON.parse(rec.out);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['arrangement', 'share', 'threshold', 'inputs', 'warnings', 'policyVersion']));
    expect(json.arrangement).toBe('unhcr-led'); // no migrant stock imported here: provisional, with a warning
    expect(json.warnings.map((w: { code: string }) => w.code)).toContain('missing_migrant_source');

    const text = await tandem(['recommend', 'nicaraguans-in-costa-rica', '--year', '2024']);
    expect(text.out).toContain('warning (missing_migrant_source)');

    const pw = 'a long enough password\n';
    expect((await tandem(['user', 'create', '--email', 'a@iom.test', '--name', 'Rep A', '--org', 'iom', '--role', 'agency_representative'], undefined, pw)).code).toBe(0);
    expect((await tandem(['user', 'create', '--email', 'b@unhcr.test', '--name', 'Rep B'], undefined, pw)).code).toBe(0);
    expect((await tandem(['member', 'add', 'b@unhcr.test', 'unhcr', 'agency_representative'])).code).toBe(0);

    const refused = await tandem(['decide', 'nicaraguans-in-costa-rica', '--arrangement', 'co-led-platform', '--iom', 'a@iom.test', '--unhcr', 'b@unhcr.test', '--year', '2024']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('field rationale');
    const wrongSide = await tandem(['decide', 'nicaraguans-in-costa-rica', '--arrangement', 'unhcr-led', '--iom', 'b@unhcr.test', '--unhcr', 'a@iom.test', '--year', '2024']);
    expect(wrongSide.code).toBe(1);
    expect(wrongSide.err).toContain('only a representative of IOM can sign for IOM');
    const ok = (await tandem(['decide', 'nicaraguans-in-costa-rica', '--arrangement', 'co-led-platform', '--iom', 'a@iom.test', '--unhcr', 'b@unhcr.test', '--year', '2024',
      '--rationale', 'Mixed flows at the northern border']));
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('signed by Rep A (IOM) and Rep B (UNHCR)');
    expect((await tandem(['decisions', 'nicaraguans-in-costa-rica'])).out).toContain('Mixed flows at the northern border');
  });

  it('creates the first administrator with a password from standard input, never a default one', async () => {
    const short = await tandem(['user', 'create', '--admin', '--email', 'admin@test.invalid', '--name', 'Admin'], undefined, 'short\n');
    expect(short.code).toBe(1);
    expect(short.err).toContain('at least 12 characters');
    const ok = await tandem(['user', 'create', '--admin', '--email', 'admin@test.invalid', '--name', 'Admin'], undefined, 'a much longer secret\n');
    expect(ok.code).toBe(0);
    expect((await tandem(['user', 'list'])).out).toMatch(/admin@test\.invalid\s+Admin\s+active\s+platform_admin@platform/);
  });

  it('verifies the audit chain', async () => {
    const r = await tandem(['audit', 'verify']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/audit log intact: \d+ entries/);
  });

  it('lists figures as a table and streams them as CSV', async () => {
    const csv = await tandem(['figures', '--year', '2024', '--origin', 'NIC', '--host', 'CRI', '--type', 'ASY', '--csv']);
    expect(csv.code).toBe(0);
    expect(csv.out.trim().split('\n')).toHaveLength(2);
    expect((await tandem(['figures', '--type', 'XYZ'])).err).toContain('unknown population type');
  });

  it.runIf(ENGINES.includes('postgres'))('works against PostgreSQL when DATABASE_URL is set', async () => {
    const schema = `cli_${process.pid}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
    try {
      const env = { DATABASE_URL: PG_URL, TANDEM_PG_SCHEMA: schema };
      const created = await tandem(['situation', 'create', '--name', 'Rohingya in Bangladesh', '--origin', 'MMR', '--host', 'BGD'], env);
      expect({ code: created.code, err: created.err }).toEqual({ code: 0, err: '' });
      expect((await tandem(['situation', 'list'], env)).out).toContain('rohingya-in-bangladesh');
      const { rows } = await c.query(`select slug from ${schema}.situations`);
      expect(rows).toEqual([{ slug: 'rohingya-in-bangladesh' }]);
    } finally {
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    }
  });
});
