import { describe, expect, it } from 'vitest';
import { parseDate } from './dates.js';
import { formatTagSpec, matches, parseTagPattern, parseTagSpec } from './tags.js';

const spec = (s: string) => parseTagSpec(s)!;

describe('HXL hashtags', () => {
  it('parses tags with attributes, spaces and any case', () => {
    expect(parseTagSpec('#Affected +F +Adult')).toEqual({ tag: 'affected', attributes: ['f', 'adult'] });
    expect(formatTagSpec(spec(' #org +name '))).toBe('#org+name');
    expect(parseTagSpec('#country/fr')).toEqual({ tag: 'country', attributes: ['fr'] });
    for (const bad of ['org', '#', '#1abc', '#org+', 'text #org', '']) expect(parseTagSpec(bad)).toBeNull();
  });

  it('matches patterns with required and excluded attributes, wildcards and absolute matching', () => {
    const p = (s: string) => parseTagPattern(s)!;
    expect(matches(p('#affected+f-adult'), spec('#affected+f+children'))).toBe(true);
    expect(matches(p('#affected+f-adult'), spec('#affected+f+adult'))).toBe(false);
    expect(matches(p('#*+code'), spec('#adm1+code'))).toBe(true);
    expect(matches(p('#*+code'), spec('#adm1+name'))).toBe(false);
    expect(matches(p('org'), spec('#org+name'))).toBe(true);
    expect(matches(p('#org+name!'), spec('#org+name'))).toBe(true);
    expect(matches(p('#org+name!'), spec('#org+name+acronym'))).toBe(false);
    expect(matches(p('#org'), null)).toBe(false);
  });

  it('reads the common ways of writing a date', () => {
    expect(parseDate('2015-03-01')).toBe('2015-03-01');
    expect(parseDate('1 March 2015')).toBe('2015-03-01');
    expect(parseDate('March 31, 2015')).toBe('2015-03-31');
    expect(parseDate('03-18-14')).toBe('2014-03-18');
    expect(parseDate('19/3/15')).toBe('2015-03-19');
    expect(parseDate('Septembre 2012')).toBeNull();
    expect(parseDate('not a date')).toBeNull();
  });
});

describe('clean and fill', async () => {
  const { readHxlText, clean, fill, collect } = await import('./index.js');
  it('normalises dates and numbers, and fills empty cells from above', async () => {
    const ds = await readHxlText('#date,#affected,#adm1\n1 March 2015,"1,200",North\n,300,\n');
    expect(await collect(clean(ds, { dates: ['#date'], numbers: ['#affected'] }).rows)).toEqual([['2015-03-01', '1200', 'North'], ['', '300', '']]);
    const again = await readHxlText('#date,#affected,#adm1\n1 March 2015,"1,200",North\n,300,\n');
    expect(await collect(fill(again, { keys: ['#adm1'] }).rows)).toEqual([['1 March 2015', '1,200', 'North'], ['', '300', 'North']]);
  });
});
