import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStep } from '../src/hxl/recipe.js';
import { SHARED_DATA } from './helpers/engines.js';
import { runCommand } from './helpers/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const INPUT = join(SHARED_DATA, 'hxl/libhxl-python-tests/test_scripts/input-simple.csv');
const tandem = (args: string[]) => runCommand(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run.ts'), 'hxl', ...args], { cwd: root });

describe('tandem hxl', () => {
  it('runs shorthand steps in order and streams HXL CSV', async () => {
    const r = await tandem(['select:#sector=WASH', 'count:#org', INPUT]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split(/\r?\n/)).toEqual(['Organización,Count', '#org,#meta+count', 'ACNUR,2', 'OMS,2']);
  });

  it('replays a stored JSON recipe and writes JSON objects', async () => {
    const recipe = join(tmpdir(), `recipe-${process.pid}.json`);
    writeFileSync(recipe, JSON.stringify([{ filter: 'select', queries: ['#targeted>90'] }, { filter: 'sort', keys: ['#targeted'], reverse: true }, { filter: 'cut', include: ['#org', '#targeted'] }]));
    const r = await tandem([recipe, '--format', 'objects', INPUT]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toEqual({ '#org': 'UNICEF', '#targeted': '300' });
  });

  it('names what is wrong: an unknown filter, a bad query, a file without hashtags', async () => {
    expect((await tandem(['bogus:x', INPUT])).stderr).toContain('unknown filter "bogus"');
    expect((await tandem(['select:#sector WASH', INPUT])).stderr).toContain('is not a query');
    const untagged = join(SHARED_DATA, 'hxl/libhxl-python-tests/test_scripts/input-untagged.csv');
    const r = await tandem([untagged]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('input-untagged.csv: no HXL hashtag row');
  });

  it('parses every shorthand into the same step a recipe would hold', async () => {
    expect(parseStep('select:#sector=WASH|#sector=Salud')).toEqual({ filter: 'select', queries: ['#sector=WASH', '#sector=Salud'] });
    expect(parseStep('cut-exclude:#sex,#targeted')).toEqual({ filter: 'cut', exclude: ['#sex', '#targeted'] });
    expect(parseStep('sort')).toEqual({ filter: 'sort', keys: [] });
    expect(() => parseStep('count')).toThrow(/needs an argument/);
  });
});
