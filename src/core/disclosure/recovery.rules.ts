import { forEachLineBase } from './table.rules.js';

/**
 * Can a suppressed cell be recovered from what a table publishes? Two checks, both on the pattern of
 * suppressed cells only (whether a cell is determined by linear equations does not depend on the values).
 * Pure: no I/O.
 *
 * The published equations: along every line of the table (all positions of one dimension, the others
 * fixed, totals included), the interior cells sum to the line's total cell. Published cells are known
 * numbers; suppressed cells are the unknowns.
 */

interface Shape { shape: readonly number[]; strides: readonly number[] }

/** Calls `fn(j, base)` for every line of the table, along every dimension. */
export function forEachLine(t: Shape, fn: (j: number, base: number) => void): void {
  for (let j = 0; j < t.shape.length; j++) forEachLineBase(t.shape, t.strides, j, (base) => fn(j, base));
}

/**
 * How many lines hold exactly one suppressed cell: each such cell is recovered by one subtraction. Zero is
 * necessary, not sufficient (a cell can still be determined through several lines); it scales to any size.
 */
export function singlySuppressedLines(t: Shape, suppressed: (idx: number) => boolean): number {
  let bad = 0;
  forEachLine(t, (j, base) => {
    const stride = t.strides[j]!;
    let n = 0;
    for (let p = 0; p < t.shape[j]!; p++) if (suppressed(base + p * stride)) n++;
    if (n === 1) bad++;
  });
  return bad;
}

const abs = (a: bigint) => (a < 0n ? -a : a);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a); b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The equations restricted to the suppressed cells (the published ones move to the constant side): one row
 * per line that holds a suppressed cell, +1 for an interior cell and −1 for the line's total.
 */
export function suppressedSystem(t: Shape, suppressed: readonly number[]): { rows: bigint[][]; columns: number } {
  const column = new Map(suppressed.map((idx, c) => [idx, c]));
  const rows: bigint[][] = [];
  const lines = new Set<string>();
  for (const idx of suppressed) {
    for (let j = 0; j < t.shape.length; j++) {
      const stride = t.strides[j]!;
      const n = t.shape[j]!;
      const base = idx - (Math.floor(idx / stride) % n) * stride;
      if (lines.has(`${j}:${base}`)) continue;
      lines.add(`${j}:${base}`);
      const row = new Array<bigint>(suppressed.length).fill(0n);
      for (let p = 0; p < n; p++) {
        const c = column.get(base + p * stride);
        if (c !== undefined) row[c] = p === n - 1 ? -1n : 1n;
      }
      rows.push(row);
    }
  }
  return { rows, columns: suppressed.length };
}

/**
 * Reduced row echelon form over the rationals, kept in integers (each row divided by the gcd of its
 * entries, so nothing overflows or rounds): exact. Returns the pivot column of each remaining row.
 */
export function reduce(rows: bigint[][], columns: number): { rows: bigint[][]; pivots: number[] } {
  const m = rows.map((r) => [...r]);
  const pivots: number[] = [];
  let top = 0;
  for (let c = 0; c < columns && top < m.length; c++) {
    const p = m.findIndex((r, i) => i >= top && r[c] !== 0n);
    if (p < 0) continue;
    [m[top], m[p]] = [m[p]!, m[top]!];
    const pivot = m[top]!;
    for (let i = 0; i < m.length; i++) {
      const r = m[i]!;
      const b = r[c]!;
      if (i === top || b === 0n) continue;
      const a = pivot[c]!;
      let g = 0n;
      for (let x = 0; x < columns; x++) {
        r[x] = a * r[x]! - b * pivot[x]!;
        g = gcd(g, r[x]!);
      }
      if (g > 1n) for (let x = 0; x < columns; x++) r[x] = r[x]! / g;
    }
    pivots.push(c);
    top++;
  }
  return { rows: m.slice(0, top), pivots };
}

/**
 * The suppressed cells whose value the published equations determine, exactly: a cell is determined when
 * its unit vector lies in the row space of the system, that is when it is a pivot of the reduced system
 * and its row names no free unknown. Cost grows with the cube of the number of suppressed cells: for
 * small tables (tests, and the repair step of `suppress` up to its size limit).
 */
export function determinedCells(t: Shape, suppressed: readonly number[]): number[] {
  if (suppressed.length === 0) return [];
  const { rows, columns } = suppressedSystem(t, suppressed);
  const { rows: reduced, pivots } = reduce(rows, columns);
  const isPivot = new Uint8Array(columns);
  for (const p of pivots) isPivot[p] = 1;
  const out: number[] = [];
  reduced.forEach((row, i) => {
    const p = pivots[i]!;
    let free = false;
    for (let x = 0; x < columns && !free; x++) if (x !== p && row[x] !== 0n && !isPivot[x]) free = true;
    if (!free) out.push(suppressed[p]!);
  });
  return out.sort((a, b) => a - b);
}
