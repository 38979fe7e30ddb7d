import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as hxl from '../src/hxl/index.js';
import { writeFile } from './helpers/files.js';

/** The records of `text` pushed in pieces cut at `cuts` (positions), as a stream would deliver them. */
function inPieces(text: string, cuts: number[], opts: hxl.CsvOptions = {}): string[][] {
  const tokenizer = new hxl.CsvTokenizer(opts);
  const out: string[][] = [];
  let from = 0;
  for (const at of [...cuts].sort((a, b) => a - b)) {
    out.push(...tokenizer.push(text.slice(from, at)));
    from = at;
  }
  out.push(...tokenizer.push(text.slice(from)), ...tokenizer.end());
  return out;
}

describe('the CSV tokenizer', () => {
  it('reads quoted line breaks, doubled quotes, quoted delimiters, CRLF, LF and CR line ends, and a BOM', () => {
    const text = '\uFEFFname,note\r\n"Smith, J.","said ""no""\r\nthen left"\n"a;b",c\rlast,"x|y"';
    const want = [['name', 'note'], ['Smith, J.', 'said "no"\r\nthen left'], ['a;b', 'c'], ['last', 'x|y']];
    expect(hxl.parseCsv(text)).toEqual(want);
    // Wherever the text is cut between pieces, the records are the same.
    for (let at = 0; at <= text.length; at++) expect(inPieces(text, [at])).toEqual(want);
  });

  it('reads ragged rows as they are, any of comma, semicolon, tab and pipe as delimiter, blank lines as one empty cell', () => {
    expect(hxl.parseCsv('a,b,c\n1\n\n2;3\t4|5,\n')).toEqual([['a', 'b', 'c'], ['1'], [''], ['2', '3', '4', '5', '']]);
    expect(hxl.parseCsv('a;b,c', { delimiters: ',' })).toEqual([['a;b', 'c']]);
  });

  it('keeps stray quotes in unquoted cells, and text after a closing quote with its quotes', () => {
    expect(hxl.parseCsv('5" tall,"a"b,x""\n')).toEqual([['5" tall', '"a"b', 'x""']]);
  });

  it('decodes UTF-8 cell by cell when given bytes, even when a character is cut between pieces', () => {
    const text = '\uFEFFpréfecture,"Kérouané\n€"\nConakry,Boké\n';
    const bytes = Buffer.from(text, 'utf8').toString('latin1');
    const want = [['préfecture', 'Kérouané\n€'], ['Conakry', 'Boké']];
    for (let at = 0; at <= bytes.length; at++) expect(inPieces(bytes, [at], { utf8Bytes: true })).toEqual(want);
  });

  it('refuses a quote never closed, naming the line where it opens', () => {
    expect(() => hxl.parseCsv('a,b\n1,2\n3,"four\nfive\n')).toThrow(expect.objectContaining({ kind: 'unclosed_quote', line: 3 }));
  });

  it('refuses a record longer than the limit without waiting for the end of the text, naming its first line', () => {
    const tokenizer = new hxl.CsvTokenizer({ maxRecordChars: 100 });
    expect(tokenizer.push('ok,1\n"open')).toEqual([['ok', '1']]);
    expect(() => tokenizer.push('x'.repeat(200))).toThrow(expect.objectContaining({ kind: 'too_long', line: 2 }));
  });

  it('reads back every table Tandem writes, however the text is cut, with every delimiter its reader accepts', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ',', ';', '|', '\t', '"', '\n', '\r', ' ', '=', '1') });
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat()), (rows, cuts) => {
      const text = rows.map((r) => r.map(hxl.csvField).join(',') + '\r\n').join('');
      const read = inPieces(text, cuts.map((c) => c % (text.length + 1)));
      // The writer neutralises formulas with a leading apostrophe: that is what comes back.
      expect(read).toEqual(rows.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v) ? `'${v}` : v))));
    }));
  });
});

describe('HXL read through the tokenizer', () => {
  it('names the file and the line of a quote never closed', async () => {
    const path = writeFile('open-quote.csv', '#org,#affected\nA,1\nB,"2\nC,3\n');
    const ds = await hxl.readHxlCsv(path);
    await expect(hxl.collect(ds.rows)).rejects.toThrow(/open-quote\.csv: not valid CSV \(line 3\): the quote that opens a cell on line 3 is never closed/);
  });

  it('reads Latin-1 files, drops blank rows, and gives the same rows in batches and one by one', async () => {
    const text = 'Préfecture,Nombre\n#adm2+name,#affected\nBoké,1\n,\nKérouané,2\n';
    const latin1 = writeFile('latin1.csv', Buffer.from(text, 'latin1'));
    const utf8 = writeFile('utf8.csv', text);
    const byBatch = await hxl.collectRows(await hxl.readHxlCsv(latin1));
    expect(byBatch).toEqual([['Boké', '1'], ['Kérouané', '2']]);
    expect(await hxl.collect((await hxl.readHxlCsv(utf8)).rows)).toEqual(byBatch);
  });

  it('filters give the same answer on batched rows and on rows one by one', async () => {
    const text = '#org,#sector,#affected\nA,WASH,1\nB,Health,2\na,wash,3\nC,Shelter,x\n';
    const oneByOne = async (): Promise<hxl.Dataset> => {
      const ds = await hxl.readHxlText(text);
      return { columns: ds.columns, rows: (async function* () { for await (const r of ds.rows) yield r; })() };
    };
    const run = async (ds: hxl.Dataset) => hxl.toCsvString(hxl.count(hxl.select(ds, { queries: ['#sector~^(wash|health)'] }), { keys: ['#org'], aggregators: ['sum(#affected) as Total#affected+total'] }));
    const want = ',Total\r\n#org,#affected+total\r\nA,4\r\nB,2\r\n';
    expect(await run(await hxl.readHxlText(text))).toBe(want);
    expect(await run(await oneByOne())).toBe(want);
  });
});
