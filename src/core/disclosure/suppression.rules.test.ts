import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { singlySuppressedLines, suppressedSystem } from './recovery.rules.js';
import { CELL_STATUS, publishedCells, suppress, suppressedKeys, toCsv } from './suppression.rules.js';
import { buildTable, indexOf, keyOf, TOTAL, type CountRow } from './table.rules.js';

/** Random tables of counts: 2 or 3 dimensions, small enough for the exact check, many small counts and zeros. */
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 9 }) }, { weight: 2, arbitrary: fc.integer({ min: 10, max: 400 }) });
const tableArb = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
).chain((sizes) => {
  const n = sizes.reduce((a, b) => a * b, 1);
  return fc.tuple(fc.constant(sizes), fc.array(count, { minLength: n, maxLength: n }));
}).map(([sizes, counts]) => ({ dims: sizes.map((_, j) => `d${j}`), rows: rowsOf(sizes, counts) }));

function rowsOf(sizes: readonly number[], counts: readonly number[]): CountRow[] {
  return counts.map((c, i) => {
    let rest = i;
    const key = [...sizes].reverse().map((s) => { const p = rest % s; rest = Math.floor(rest / s); return `c${p}`; }).reverse();
    return { key, count: c };
  });
}

/** Rank over the rationals by fraction-free (Bareiss) elimination: an independent check of the implementation's reduction. */
function rank(matrix: bigint[][]): number {
  const m = matrix.map((r) => [...r]);
  const cols = m[0]?.length ?? 0;
  let r = 0, prev = 1n;
  for (let c = 0; c < cols && r < m.length; c++) {
    const p = m.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    for (let i = r + 1; i < m.length; i++) {
      for (let x = c + 1; x < cols; x++) m[i]![x] = (m[r]![c]! * m[i]![x]! - m[i]![c]! * m[r]![x]!) / prev;
      m[i]![c] = 0n;
    }
    prev = m[r]![c]!;
    r++;
  }
  return r;
}

/** Is the suppressed cell fixed by the published equations? Its unit vector adds nothing to the rank exactly when it is. */
function recoverable(table: ReturnType<typeof buildTable>, hidden: number[], cell: number): boolean {
  const { rows, columns } = suppressedSystem(table, hidden);
  if (rows.length === 0) return false;
  const unit = new Array<bigint>(columns).fill(0n);
  unit[hidden.indexOf(cell)] = 1n;
  return rank([...rows, unit]) === rank(rows);
}

const hiddenOf = (status: Uint8Array) => [...status.keys()].filter((i) => status[i]);

describe('table of counts', () => {
  it('holds every margin of a three-dimensional table, totals of totals included', () => {
    const t = buildTable(['sex', 'age', 'area'], [
      { key: ['f', 'child', 'a'], count: 3 }, { key: ['m', 'child', 'a'], count: 4 }, { key: ['f', 'adult', 'b'], count: 10 }, { key: ['f', 'child', 'a'], count: 2 },
    ]);
    const v = (key: string[]) => t.values[indexOf(t, key)!];
    expect(v(['f', 'child', 'a'])).toBe(5);
    expect(v(['f', TOTAL, TOTAL])).toBe(15);
    expect(v([TOTAL, 'child', TOTAL])).toBe(9);
    expect(v([TOTAL, TOTAL, 'b'])).toBe(10);
    expect(v([TOTAL, 'adult', 'a'])).toBe(0);
    expect(v([TOTAL, TOTAL, TOTAL])).toBe(19);
    expect(keyOf(t, indexOf(t, ['m', TOTAL, 'a'])!)).toEqual(['m', TOTAL, 'a']);
  });

  it('refuses negative or fractional counts and keys of the wrong length', () => {
    expect(() => buildTable(['a'], [{ key: ['x'], count: -1 }])).toThrow(/whole number/);
    expect(() => buildTable(['a'], [{ key: ['x'], count: 1.5 }])).toThrow(/whole number/);
    expect(() => buildTable(['a', 'b'], [{ key: ['x'], count: 1 }])).toThrow(/parts/);
    expect(() => buildTable(['a'], [{ key: [TOTAL], count: 1 }])).toThrow(/margin/);
  });
});

describe('cell suppression', () => {
  it('hides a small cell and a complement in its row and column, and the corner that closes the rectangle', () => {
    const t = buildTable(['r', 'c'], rowsOf([3, 3], [2, 20, 30, 40, 50, 60, 70, 80, 90]));
    const s = suppress(t);
    const hidden = suppressedKeys(t, s).map((k) => k.join('/'));
    expect(hidden).toEqual(['c0/c0', 'c0/c1', 'c1/c0', 'c1/c1']);
    expect(s.counts).toEqual({ primary: 1, secondary: 3, carried: 0 });
    expect(s.guarantee).toBe('exact');
  });

  it('does not treat a zero as sensitive, and suppresses a margin below k', () => {
    const t = buildTable(['r', 'c'], rowsOf([2, 2], [0, 50, 3, 0]));
    const s = suppress(t);
    expect(s.status[indexOf(t, ['c0', 'c0'])!]).toBe(CELL_STATUS.published);
    expect(s.status[indexOf(t, ['c1', TOTAL])!]).toBe(CELL_STATUS.primary);
    expect(s.status[indexOf(t, ['c1', 'c0'])!]).toBe(CELL_STATUS.primary);
  });

  it('repairs what the line rule misses: a cell of a 3×3×3 table determined through several lines', () => {
    const counts = [65, 72, 18, 45, 17, 3, 64, 83, 4, 46, 1, 41, 99, 7, 6, 0, 3, 0, 21, 103, 78, 66, 71, 77, 0, 1, 4];
    const t = buildTable(['a', 'b', 'c'], rowsOf([3, 3, 3], counts));
    const lines = suppress(t, { exactLimit: 0 });
    const linesHidden = hiddenOf(lines.status);
    expect(singlySuppressedLines(t, (i) => lines.status[i] !== 0)).toBe(0);
    expect(linesHidden.some((c) => recoverable(t, linesHidden, c))).toBe(true);
    const exact = suppress(t);
    const hidden = hiddenOf(exact.status);
    expect(exact.guarantee).toBe('exact');
    for (const c of hidden) expect(recoverable(t, hidden, c)).toBe(false);
  });

  it('publishes no non-zero cell below k, margins included', () => {
    fc.assert(fc.property(tableArb, fc.integer({ min: 2, max: 10 }), ({ dims, rows }, k) => {
      const t = buildTable(dims, rows);
      const s = suppress(t, { k });
      for (const cell of publishedCells(t, s)) if (cell.value !== null) expect(cell.value === 0 || cell.value >= k).toBe(true);
    }), { numRuns: 300 });
  });

  it('leaves no suppressed cell that the published margins determine (exact rank check)', () => {
    fc.assert(fc.property(tableArb, ({ dims, rows }) => {
      const t = buildTable(dims, rows);
      const s = suppress(t);
      const hidden = hiddenOf(s.status);
      for (const cell of hidden) expect(recoverable(t, hidden, cell), keyOf(t, cell).join('/')).toBe(false);
    }), { numRuns: 300 });
  });

  it('leaves no line with exactly one suppressed cell, even without the exact repair', () => {
    fc.assert(fc.property(tableArb, ({ dims, rows }) => {
      const t = buildTable(dims, rows);
      const s = suppress(t, { exactLimit: 0 });
      expect(s.guarantee).toBe('lines');
      expect(singlySuppressedLines(t, (i) => s.status[i] !== 0)).toBe(0);
    }), { numRuns: 300 });
  });

  it('gives the same suppression for the same table, whatever order its rows arrive in', () => {
    fc.assert(fc.property(tableArb.chain((t) => fc.tuple(fc.constant(t), fc.shuffledSubarray(t.rows, { minLength: t.rows.length }))), ([{ dims, rows }, shuffled]) => {
      const a = suppress(buildTable(dims, rows));
      const b = suppress(buildTable(dims, shuffled));
      expect(b.status).toEqual(a.status);
      expect(suppress(buildTable(dims, rows)).status).toEqual(a.status);
    }), { numRuns: 200 });
  });

  it('keeps every cell an earlier release suppressed, so releases cannot be differenced', () => {
    fc.assert(fc.property(tableArb, fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 60, maxLength: 60 }), ({ dims, rows }, bumps) => {
      const first = buildTable(dims, rows);
      const previous = suppressedKeys(first, suppress(first));
      const next = buildTable(dims, rows.map((r, i) => ({ ...r, count: r.count + (bumps[i % bumps.length] ?? 0) })));
      const s = suppress(next, { previous });
      for (const key of previous) expect(s.status[indexOf(next, key)!]).not.toBe(CELL_STATUS.published);
      const hidden = hiddenOf(s.status);
      for (const cell of hidden) expect(recoverable(next, hidden, cell)).toBe(false);
    }), { numRuns: 150 });
  });

  it('hides the same cells in CSV as in the published cells', () => {
    fc.assert(fc.property(tableArb, ({ dims, rows }) => {
      const t = buildTable(dims, rows);
      const s = suppress(t);
      const csvHidden = toCsv(t, s).trim().split('\n').slice(1).map((l, i) => (l.split(',').at(-2) === '' ? i : -1)).filter((i) => i >= 0);
      const cellsHidden = [...publishedCells(t, s)].map((c, i) => (c.value === null ? i : -1)).filter((i) => i >= 0);
      expect(csvHidden).toEqual(cellsHidden);
    }), { numRuns: 100 });
  });
});
