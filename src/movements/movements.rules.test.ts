import { describe, expect, it } from 'vitest';
import { columnLetter, parseTagSpec, type MappedColumn } from '../hxl/index.js';
import { corridorOf, countKey, flowsOfRow, periodOf, planFlows, roleOf, weekStart, yearsOfWindow } from './movements.rules.js';

const col = (tag: string, header = tag, source: number | null = 0): MappedColumn => ({ source, letter: source === null ? '' : columnLetter(source), header, tag: parseTagSpec(tag)!, type: 'text' });
const known = new Set(['PAN', 'VEN', 'USA', 'COL', 'ERI', 'ETH']);
const ctx = { file: 'f.csv', grain: 'month' as const, countryCode: (t: string) => (known.has(t.toUpperCase()) ? t.toUpperCase() : t === 'Venezuela' ? 'VEN' : null) };

describe('flows, not stocks', () => {
  it('periods: weeks start on Monday, months on the first', () => {
    expect(weekStart('2024-03-10')).toBe('2024-03-04');
    expect(weekStart('2024-03-04')).toBe('2024-03-04');
    expect(periodOf('2024-03-17', 'month')).toBe('2024-03-01');
    expect(periodOf('2024-03-17', 'day')).toBe('2024-03-17');
  });

  it('reads a window of months as its whole years and the months either side', () => {
    expect(yearsOfWindow('2023-07', '2025-12')).toEqual({ years: ['2024', '2025'], months: [['2023-07', '2023-12']] });
    expect(yearsOfWindow('2025-01', '2025-12')).toEqual({ years: ['2025', '2025'], months: [] });
    expect(yearsOfWindow('2023-02', '2025-11')).toEqual({ years: ['2024', '2024'], months: [['2023-02', '2023-12'], ['2025-01', '2025-11']] });
    expect(yearsOfWindow('2023-07', '2024-03')).toEqual({ years: null, months: [['2023-07', '2024-03']] });
    expect(yearsOfWindow(undefined, '2024-06')).toEqual({ years: [undefined, '2023'], months: [['2024-01', '2024-06']] });
    expect(yearsOfWindow()).toEqual({ years: [undefined, undefined], months: [] });
    expect(yearsOfWindow('2024-03-04', '2024-12')).toBeNull();
  });

  it('a corridor takes the origin, else the nationality', () => {
    expect(corridorOf({ origin: '', nationality: 'VEN', transit: 'PAN', destination: 'USA' })).toEqual({ origin: 'VEN', transit: 'PAN', destination: 'USA' });
    expect(corridorOf({ origin: 'COL', nationality: 'VEN', transit: 'PAN', destination: '' }).origin).toBe('COL');
  });

  it('reads count attributes, and refuses a hashtag flows do not read, naming the column', () => {
    expect(roleOf(col('#affected+f+children+in'))).toEqual({ role: 'count', attrs: { sex: 'f', age: 'children', direction: 'entry' } });
    expect(roleOf(col('#affected+dead'))).toEqual({ role: 'count', attrs: { measure: 'dead_missing' } });
    expect(roleOf(col('#affected+refugees'))).toMatchObject({ error: expect.stringMatching(/#affected\+refugees/) });
    const { errors } = planFlows([col('#date', 'Date'), col('#sector', 'Sector', 1)]);
    expect(errors).toEqual([
      'column B (Sector): #sector is not read by the flows import',
      'no column is mapped to #affected (a count)', 'no column is mapped to #country+code (the point\'s country), nor #loc+code naming points already recorded',
      'no column is mapped to #loc+name or #loc+code (the monitoring point)',
    ]);
  });

  it('turns a wide row into one count per column, with the words of sex, age and direction; bad cells named', () => {
    const cols = [col('#date', 'Date', 0), col('#loc+name', 'Point', 1), col('#country+code', 'Country', 2), col('#country+name+origin', 'Origin', 3),
      col('#indicator+direction', 'Dir', 4), col('#affected+m+adults', 'M', 5), col('#affected+f+children', 'F', 6)];
    const { plan } = planFlows(cols);
    const ok = flowsOfRow(plan, ['2024-03-17', 'Lajas Blancas', 'PAN', 'Venezuela', 'Entradas', '12', '0'], 7, ctx);
    expect(ok.errors).toEqual([]);
    expect(ok.drafts.map((d) => [d.point.code, d.periodStart, d.direction, d.origin, d.sex, d.age, d.value])).toEqual([
      ['lajas-blancas@PAN', '2024-03-01', 'entry', 'VEN', 'm', 'adults', 12], ['lajas-blancas@PAN', '2024-03-01', 'entry', 'VEN', 'f', 'children', 0],
    ]);
    expect(countKey('p1', ok.drafts[0]!)).not.toBe(countKey('p1', ok.drafts[1]!));
    const bad = flowsOfRow(plan, ['2024-03-17', 'X', 'PAN', 'Atlantis', 'sideways', '3', ''], 8, ctx);
    expect(bad.drafts).toEqual([]);
    expect(bad.errors.map((e) => [e.row, e.column])).toEqual([[8, 'E (Dir)'], [8, 'D (Origin)']]);
    const several = flowsOfRow(planFlows([...cols, col('#country+code+nationality', 'Nat', 7)]).plan, ['2024-03-17', 'X', 'PAN', '', '', '3', '', 'ERI,ETH'], 9, ctx);
    expect(several).toMatchObject({ several: true, errors: [] });
    expect(several.drafts[0]!.nationality).toBe('');
  });
});
