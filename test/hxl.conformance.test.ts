import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import * as hxl from '../src/hxl/index.js';
import type { Dataset } from '../src/hxl/index.js';
import { SHARED_DATA } from './helpers/engines.js';

/**
 * The reference implementation's own script tests (libhxl-python tests/test_scripts.py, public domain):
 * the same input, the arguments its test passes, and its expected output file, compared value for value.
 */
const DIR = join(SHARED_DATA, 'hxl/libhxl-python-tests/test_scripts');
const file = (name: string) => join(DIR, name);
const read = (name: string, untagged = false) => hxl.readHxlCsv(file(name), { untagged });

interface Case {
  name: string;
  expected: string;
  input?: string;
  untagged?: boolean;
  headers?: boolean;
  run: (ds: Dataset) => Dataset | Promise<Dataset>;
}

const CASES: Case[] = [
  { name: 'add default', expected: 'add-output-default.csv', run: (d) => hxl.add(d, { specs: ['date+reported=2015-03-31'] }) },
  { name: 'add headers', expected: 'add-output-headers.csv', run: (d) => hxl.add(d, { specs: ['Report Date#date+reported=2015-03-31'] }) },
  { name: 'add before', expected: 'add-output-before.csv', run: (d) => hxl.add(d, { specs: ['date+reported=2015-03-31'], before: true }) },
  { name: 'clean noheaders', expected: 'clean-output-noheaders.csv', headers: false, run: (d) => hxl.clean(d, {}) },
  { name: 'clean headers', expected: 'clean-output-headers.csv', run: (d) => hxl.clean(d, {}) },
  { name: 'clean whitespace tags', expected: 'clean-output-whitespace-tags.csv', input: 'input-whitespace.csv', run: (d) => hxl.clean(d, { whitespace: ['subsector'] }) },
  { name: 'clean whitespace all', expected: 'clean-output-whitespace-all.csv', input: 'input-whitespace.csv', run: (d) => hxl.clean(d, { whitespaceAll: true }) },
  { name: 'clean upper', expected: 'clean-output-upper.csv', run: (d) => hxl.clean(d, { upper: ['sector,subsector'] }) },
  { name: 'clean lower', expected: 'clean-output-lower.csv', run: (d) => hxl.clean(d, { lower: ['sector,subsector'] }) },
  { name: 'count simple', expected: 'count-output-simple.csv', run: (d) => hxl.count(d, { keys: ['org,adm1'] }) },
  { name: 'count aggregated', expected: 'count-output-aggregated.csv', run: (d) => hxl.count(d, { keys: ['org,adm1'], aggregators: ['sum(#targeted) as Total targeted#targeted+total'] }) },
  { name: 'count colspec', expected: 'count-output-colspec.csv', run: (d) => hxl.count(d, { keys: ['org,adm1'], countSpec: 'Activities#output+activities' }) },
  { name: 'cut includes', expected: 'cut-output-includes.csv', run: (d) => hxl.cut(d, { include: ['sector,org,adm1'] }) },
  { name: 'cut excludes', expected: 'cut-output-excludes.csv', run: (d) => hxl.cut(d, { exclude: ['population+sex,targeted'] }) },
  { name: 'merge basic', expected: 'merge-output-basic.csv', run: async (d) => hxl.merge(d, { other: await read('input-merge.csv'), keys: ['sector'], tags: ['status'] }) },
  { name: 'merge replace', expected: 'merge-output-replace.csv', input: 'input-status.csv', run: async (d) => hxl.merge(d, { other: await read('input-merge.csv'), keys: ['sector'], tags: ['status'], replace: true }) },
  { name: 'merge overwrite', expected: 'merge-output-overwrite.csv', input: 'input-status.csv', run: async (d) => hxl.merge(d, { other: await read('input-merge.csv'), keys: ['sector'], tags: ['status'], replace: true, overwrite: true }) },
  { name: 'rename single', expected: 'rename-output-single.csv', run: (d) => hxl.rename(d, { specs: ['targeted:affected'] }) },
  { name: 'rename header', expected: 'rename-output-header.csv', run: (d) => hxl.rename(d, { specs: ['targeted:Affected#affected'] }) },
  { name: 'rename multiple', expected: 'rename-output-multiple.csv', run: (d) => hxl.rename(d, { specs: ['targeted:affected', 'org:funding'] }) },
  { name: 'select eq', expected: 'select-output-eq.csv', run: (d) => hxl.select(d, { queries: ['sector=WASH'] }) },
  { name: 'select ne', expected: 'select-output-ne.csv', run: (d) => hxl.select(d, { queries: ['sector!=WASH'] }) },
  { name: 'select lt', expected: 'select-output-lt.csv', run: (d) => hxl.select(d, { queries: ['targeted<200'] }) },
  { name: 'select le', expected: 'select-output-le.csv', run: (d) => hxl.select(d, { queries: ['targeted<=100'] }) },
  { name: 'select gt', expected: 'select-output-gt.csv', run: (d) => hxl.select(d, { queries: ['targeted>100'] }) },
  { name: 'select ge', expected: 'select-output-ge.csv', run: (d) => hxl.select(d, { queries: ['targeted>=100'] }) },
  { name: 'select re', expected: 'select-output-re.csv', run: (d) => hxl.select(d, { queries: ['sector~^W..H'] }) },
  { name: 'select nre', expected: 'select-output-nre.csv', run: (d) => hxl.select(d, { queries: ['sector!~^W..H'] }) },
  { name: 'select reverse', expected: 'select-output-reverse.csv', run: (d) => hxl.select(d, { queries: ['sector=WASH'], reverse: true }) },
  { name: 'select multiple', expected: 'select-output-multiple.csv', run: (d) => hxl.select(d, { queries: ['sector=WASH', 'sector=Salud'] }) },
  { name: 'sort default', expected: 'sort-output-default.csv', run: (d) => hxl.sort(d, {}) },
  { name: 'sort tags', expected: 'sort-output-tags.csv', run: (d) => hxl.sort(d, { keys: ['country'] }) },
  { name: 'sort numeric', expected: 'sort-output-numeric.csv', run: (d) => hxl.sort(d, { keys: ['targeted'] }) },
  { name: 'sort date', expected: 'sort-output-date.csv', input: 'input-date.csv', run: (d) => hxl.sort(d, { keys: ['date+reported'] }) },
  { name: 'sort reverse', expected: 'sort-output-reverse.csv', run: (d) => hxl.sort(d, { reverse: true }) },
  { name: 'tag full', expected: 'tag-output-full.csv', input: 'input-untagged.csv', untagged: true, run: (d) => hxl.tag(d, { maps: ['Organisation#org', 'Cluster#sector', 'Country#country', 'Subdivision#adm1'] }) },
  { name: 'tag substrings', expected: 'tag-output-full.csv', input: 'input-untagged.csv', untagged: true, run: (d) => hxl.tag(d, { maps: ['org#org', 'cluster#sector', 'ntry#country', 'div#adm1'] }) },
  { name: 'tag partial', expected: 'tag-output-partial.csv', input: 'input-untagged.csv', untagged: true, run: (d) => hxl.tag(d, { maps: ['cluster#sector'] }) },
  { name: 'tag ambiguous', expected: 'tag-output-ambiguous.csv', input: 'input-untagged.csv', untagged: true, run: (d) => hxl.tag(d, { maps: ['organisation#org', 'is#adm1'] }) },
  { name: 'tag not substrings (argument inferred: exact matching)', expected: 'tag-output-notsubstrings.csv', input: 'input-untagged.csv', untagged: true, run: (d) => hxl.tag(d, { maps: ['org#org', 'cluster#sector', 'ntry#country', 'div#adm1'], exact: true }) },
  { name: 'append the dataset to itself', expected: 'append-dataset.csv', run: async (d) => hxl.append(d, { others: [await read('input-simple.csv')] }) },
  { name: 'tag default', expected: 'tag-output-default.csv', input: 'input-untagged.csv', untagged: true, run: (d) => hxl.tag(d, { maps: ['organisation#org'], defaultTag: '#meta' }) },
];

/** Expected output files with no case above, and why (also listed in the README). */
export const NOT_RUN: Record<string, string> = {};

/** The validation tests check an exit status, not an output: valid schema, no problem; invalid, some. */
const VALIDATIONS: Array<[schema: string, valid: boolean]> = [['validation-schema-valid.csv', true], ['validation-schema-invalid.csv', false]];

const table = (csv: string): string[][] => parse(csv, { relax_column_count: true, bom: true });

describe('HXL conformance with the reference implementation (libhxl-python test_scripts)', () => {
  const results: boolean[] = [];
  for (const c of CASES) {
    it(c.name, async () => {
      const ds = await c.run(await read(c.input ?? 'input-simple.csv', c.untagged));
      const actual = table(await hxl.toCsvString(ds, { headers: c.headers }));
      const expected = table(readFileSync(file(c.expected), 'utf8'));
      const ok = JSON.stringify(actual) === JSON.stringify(expected);
      results.push(ok);
      expect(actual).toEqual(expected);
    });
  }

  for (const [schema, valid] of VALIDATIONS) {
    it(`validates input-simple.csv against ${schema}`, async () => {
      const problems = await hxl.validate(await read('input-simple.csv'), await read(schema));
      expect(problems.length === 0).toBe(valid);
      if (!valid) expect(problems[0]).toEqual({ row: 3, column: '#sector', message: '"WASH" is not a number' });
    });
  }

  it('covers every expected output file, or says why not', async () => {
    const { readdirSync } = await import('node:fs');
    const outputs = readdirSync(DIR).filter((f) => !f.startsWith('input-'));
    const covered = new Set([...CASES.map((c) => c.expected), ...Object.keys(NOT_RUN), ...VALIDATIONS.map(([s]) => s)]);
    expect(outputs.filter((f) => !covered.has(f))).toEqual([]);
  });
});
