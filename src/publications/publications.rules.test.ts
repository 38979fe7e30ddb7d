import { describe, expect, it } from 'vitest';
import { cleanText, dashboardData, freeSlug, hiddenKeys, itemProblems, keepHidden, sameQuery, sheetName, slugOf, tableCsv } from './publications.rules.js';

describe('public report rules', () => {
  it('names a report from its English title, never empty, and takes the first free name', () => {
    expect(slugOf('  Colombia: réponse 2025 — first half ')).toBe('colombia-reponse-2025-first-half');
    expect(slugOf('تقرير')).toBe('report');
    expect(freeSlug('report', new Set(['report', 'report-2']))).toBe('report-3');
    expect(freeSlug('new', new Set(['report']))).toBe('new');
  });

  it('says which block an item lacks, and refuses a map of figures', () => {
    expect(itemProblems({ kind: 'dashboard', view: 'table' }, 'items[1]')).toEqual([expect.objectContaining({ field: 'items[1].dashboard' })]);
    expect(itemProblems({ kind: 'figures', view: 'map', figures: {} }, 'items[0]').map((p) => p.field)).toEqual(['items[0].view']);
    expect(itemProblems({ kind: 'figures', view: 'chart', figures: { year: 2024 } }, 'item')).toEqual([]);
  });

  it('keeps only the languages written', () => {
    expect(cleanText({ en: ' Title ', fr: '  ', ar: 'عنوان' })).toEqual({ en: 'Title', ar: 'عنوان' });
  });

  it('draws the chart and the map from the same rows as the table, hidden values hidden in all', () => {
    const d = dashboardData([
      { measure: 'people reached', dimension: 'sector', key: 'health', name: 'Health', value: null },
      { measure: 'people reached', dimension: 'area', key: 'CO54', name: 'Norte de Santander', value: 70 },
      { measure: 'target', dimension: 'sector', key: 'health', name: 'Health', value: 100 },
    ], { source: { label: 'x', url: '/x' }, iso3: 'COL', k: 5 });
    expect(d.chart).toEqual({ labels: ['Health'], values: [null], targets: [100] });
    expect(d.map).toEqual({ iso3: 'COL', values: { CO54: 70 }, names: { CO54: 'Norte de Santander' } });
    expect(d.disclosure).toEqual({ k: 5, hidden: 1 });
    expect(d.rows).toHaveLength(3);
  });

  it('writes a table as CSV, with the hashtag row under the headers for HXL, formulas neutralised', () => {
    const t = { columns: [{ header: 'Name', tag: '#meta+name' }, { header: 'Value', tag: '#value' }], rows: [['=1+1', 3], ['a, b', null]] };
    expect(tableCsv(t, false)).toBe('Name,Value\r\n\'=1+1,3\r\n"a, b",\r\n');
    expect(tableCsv(t, true).split('\r\n')[1]).toBe('#meta+name,#value');
  });

  it('keeps hidden in a new release what an earlier release of the same dashboard query hid, whatever its view', () => {
    const rows = [
      { measure: 'people reached', dimension: 'group', key: 'pendular', name: 'pendular', value: 49 },
      { measure: 'people reached', dimension: 'group', key: 'in_destination', name: 'in destination', value: 100 },
    ];
    const before = new Set(hiddenKeys([['people reached', 'group', 'pendular', 'pendular', null], ['people reached', 'group', 'in_destination', 'in destination', 60]]));
    expect(keepHidden(rows, before).map((r) => r.value)).toEqual([null, 100]);
    const a = { kind: 'dashboard' as const, view: 'table' as const, dashboard: { plan: 'p', until: '2025-06' } };
    expect(sameQuery(a, { ...a, view: 'map' })).toBe(true);
    expect(sameQuery(a, { ...a, dashboard: { plan: 'p', until: '2025-05' } })).toBe(false);
    expect(sameQuery({ kind: 'figures', view: 'table', figures: {} }, { kind: 'figures', view: 'table', figures: {} })).toBe(false);
  });

  it('names worksheets within Excel\'s limits', () => {
    const name = sheetName(12, 'People reached: by sector / area [2025]?');
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).toMatch(/^12 /);
    expect(name).not.toMatch(/[:\\/?*[\]]/);
  });
});
