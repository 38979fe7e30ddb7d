import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import * as hxl from '../src/hxl/index.js';
import { SHARED_DATA } from './helpers/engines.js';

const IO = join(SHARED_DATA, 'hxl/libhxl-python-tests/test_io');
const csvTable = (text: string): string[][] => parse(text, { relax_column_count: true, bom: true });
const norm = (rows: unknown[][]) => rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))));

async function json(ds: hxl.Dataset, objects = false) {
  let out = '';
  for await (const chunk of hxl.writeHxlJson(ds, { objects })) out += chunk;
  return JSON.parse(out) as unknown;
}

describe('HXL input and output, against the reference implementation\'s test_io files', () => {
  const expectedCsv = csvTable(readFileSync(join(IO, 'output-valid.csv'), 'utf8'));
  const expectedJson = norm(JSON.parse(readFileSync(join(IO, 'output-valid.json'), 'utf8')) as unknown[][]);
  const expectedObjects = JSON.parse(readFileSync(join(IO, 'output-valid-objects.json'), 'utf8')) as unknown[];

  for (const input of ['input-valid.csv', 'input-valid.hxl', 'input-valid.tsv', 'input-valid.ssv', 'input-valid-latin1.csv', 'input-valid.json', 'input-valid-json.txt']) {
    it(`reads ${input} (delimiter, encoding and format found from the content) and writes it back as CSV and JSON`, async () => {
      expect(csvTable(await hxl.toCsvString(await hxl.openHxl(join(IO, input))))).toEqual(expectedCsv);
      expect(norm(await json(await hxl.openHxl(join(IO, input))) as unknown[][])).toEqual(expectedJson);
      expect(await json(await hxl.openHxl(join(IO, input)), true)).toEqual(expectedObjects);
    });
  }

  it('reads JSON objects keyed by hashtag, and objects nested in a property', async () => {
    for (const f of ['input-valid-objects.json', 'input-valid-nested.json']) {
      const ds = await hxl.openHxl(join(IO, f));
      expect(ds.columns.map(hxl.displayTag)).toContain('#sector+es');
      expect(await json(ds, true)).toEqual(expectedObjects);
    }
  });

  it('finds the hashtag row under several header rows and takes the nearest as headers', async () => {
    const ds = await hxl.openHxl(join(IO, 'input-multiple-headers.csv'));
    expect(ds.columns.map((c) => c.header)).toEqual(['Org', 'No hashtag', 'Province', 'Number affected']);
    expect(ds.columns.map(hxl.displayTag)).toEqual(['#org', '', '#adm1', '#affected']);
  });

  it('accepts a hashtag row where some cells are not hashtags (fuzzy), leaving those columns untagged', async () => {
    const ds = await hxl.openHxl(join(IO, 'input-fuzzy.csv'));
    expect(ds.columns.filter((c) => c.tag).length).toBe(5);
    expect(ds.columns[6]).toEqual({ header: 'País', tag: null });
  });

  it('keeps a value spread over several lines', async () => {
    const ds = await hxl.openHxl(join(IO, 'input-multiline.csv'));
    const rows = []; for await (const r of ds.rows) rows.push(r);
    expect(rows).toEqual([['Line 1\nLine 2\nLine 3']]);
  });

  it('refuses a file with no hashtag row, and a file that is not what its name says, naming the file', async () => {
    await expect(hxl.openHxl(join(IO, 'input-invalid.csv'))).rejects.toThrow(/input-invalid\.csv: no HXL hashtag row/);
    await expect(hxl.openHxl(join(IO, 'input-untagged.csv'))).rejects.toThrow(/no HXL hashtag row/);
    await expect(hxl.openHxl(join(IO, 'input-invalid.png'))).rejects.toThrow(/input-invalid\.png: not a CSV, JSON or XLSX file/);
  });
});

/** The HXL-tagged files of the shared data, from SOURCES.md: "HXL hashtag row at line N". */
function taggedFiles(): Array<{ path: string; line: number; lines: number | null }> {
  const sources = readFileSync(join(SHARED_DATA, 'SOURCES.md'), 'utf8');
  const out: Array<{ path: string; line: number; lines: number | null }> = [];
  for (const m of sources.matchAll(/^\| `([^`]+\.csv)` \| \d+ \| (?:[^|]*?)(\d+) lines[^|]*HXL hashtag row at line (\d+)/gm)) {
    out.push({ path: join(SHARED_DATA, m[1]!), lines: Number(m[2]), line: Number(m[3]) });
  }
  return out;
}

describe('every HXL-tagged real file in the shared data parses', () => {
  const files = taggedFiles();
  it('finds the tagged files listed in SOURCES.md', () => {
    expect(files.length).toBeGreaterThan(40);
  });
  for (const f of files) {
    it(relative(SHARED_DATA, f.path), async () => {
      const ds = await hxl.openHxl(f.path);
      expect(ds.columns.some((c) => c.tag)).toBe(true);
      let n = 0;
      for await (const _ of ds.rows) n++;
      expect(n).toBeGreaterThanOrEqual(0);
      if (f.lines !== null && statSync(f.path).size < 5_000_000) expect(n).toBeLessThanOrEqual(f.lines - f.line);
    });
  }
});

describe('bad HXL input', () => {
  it('refuses a malformed hashtag, naming the tag, its column and row', async () => {
    const ds = hxl.readHxlText('Org,Number\n#org,#affected+\nA,1\n', { name: 'bad.csv' });
    await expect(ds).rejects.toThrow('bad.csv: malformed hashtag "#affected+" in column 2 of the hashtag row (row 2)');
  });
});
