import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand as run } from './helpers/run.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = (name: string) => join(ROOT, 'node_modules', '.bin', name);

/** The violations dependency-cruiser finds under `dir` with the project's rules, as `rule from -> to`. */
async function violations(dir: string): Promise<string[]> {
  const r = await run(BIN('depcruise'), ['src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd: dir });
  const report = JSON.parse(r.stdout) as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  return report.summary.violations.map((v) => `${v.rule.name} ${v.from} -> ${v.to}`);
}

describe('module boundaries (docs/ARCHITECTURE.md)', () => {
  it('holds for the whole of src: modules reach each other only through index.ts, and nothing imports in a circle', async () => {
    expect(await violations(ROOT)).toEqual([]);
  });

  it('fails on a deep import into another module and on an import cycle (the rule bites)', async () => {
    expect((await violations(join(ROOT, 'test', 'fixtures', 'boundaries'))).sort()).toEqual([
      'module-through-index src/beta/index.ts -> src/alpha/hidden.ts',
      'no-cycles src/gamma/index.ts -> src/gamma/two.ts',
    ]);
  });
});

describe('lint', () => {
  it('finds no problem in the server, the tests, the benchmarks or the web interface (npm run lint)', async () => {
    const r = await run(BIN('eslint'), ['.', '--format', 'json'], { cwd: ROOT });
    const files = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string | null; message: string }> }>;
    const problems = files.flatMap((f) => f.messages.map((m) => `${f.filePath.replace(`${ROOT}/`, '')}:${m.line} ${m.ruleId ?? ''} ${m.message}`));
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('docs/ARCHITECTURE.md', () => {
  it('lists every domain event the modules declare, with the words they declare it with', async () => {
    const { readFileSync } = await import('node:fs');
    const { MODULES } = await import('../src/modules.js');
    const doc = readFileSync(join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-z_]+\.[a-z_]+)` \| ([a-z]+) \| (.+) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
    const declared = MODULES.flatMap((m) => Object.entries(m.events ?? {}).map(([name, meaning]) => [name, m.name, meaning]));
    expect(documented).toEqual(declared);
  });
});
