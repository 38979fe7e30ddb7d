/**
 * A table of counts with its margins, for disclosure control: every dimension's categories (sorted, so the
 * table does not depend on the order its rows arrived in) plus one `TOTAL` position, and one flat array
 * holding every interior cell and every margin (row, column, layer, … and the grand total).
 * Pure: no I/O.
 */

/** The key code of a margin position in a dimension ("all categories of it"). */
export const TOTAL = '_total';

export interface CountRow {
  /** One category per dimension, in the table's dimension order. */
  key: readonly string[];
  count: number;
}

export interface CountTable {
  dimensions: readonly string[];
  /** Each dimension's categories, sorted by code; position `categories[j].length` is the dimension's total. */
  categories: ReadonlyArray<readonly string[]>;
  /** Each dimension's size with its total (categories + 1). */
  shape: readonly number[];
  /** Row-major strides over `shape` (the last dimension varies fastest). */
  strides: readonly number[];
  /** Every cell, interior and margin, at its flat index. */
  values: Float64Array;
}

/** Thrown for a table that cannot be built (a key of the wrong length, a negative or fractional count…). */
export class TableError extends Error {}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds the table with all its margins. Rows with the same key add up (a table of counts is a sum);
 * combinations no row names are zero cells.
 */
export function buildTable(dimensions: readonly string[], rows: readonly CountRow[]): CountTable {
  const d = dimensions.length;
  if (d === 0) throw new TableError('a table has at least one dimension');
  if (new Set(dimensions).size !== d) throw new TableError('dimension names must differ');
  const seen = dimensions.map(() => new Set<string>());
  for (const [i, row] of rows.entries()) {
    if (row.key.length !== d) throw new TableError(`row ${i}: its key has ${row.key.length} parts, the table ${d} dimensions`);
    if (!Number.isSafeInteger(row.count) || row.count < 0) throw new TableError(`row ${i}: a count is a whole number, zero or more`);
    row.key.forEach((code, j) => {
      if (code === TOTAL) throw new TableError(`row ${i}: "${TOTAL}" names a margin, not a category`);
      seen[j]!.add(code);
    });
  }
  const categories = seen.map((s) => [...s].sort(byCode));
  const shape = categories.map((c) => c.length + 1);
  const strides = stridesOf(shape);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(size);
  const position = categories.map((cats) => new Map(cats.map((c, i) => [c, i])));
  for (const row of rows) {
    let idx = 0;
    for (let j = 0; j < d; j++) idx += position[j]!.get(row.key[j]!)! * strides[j]!;
    values[idx]! += row.count;
  }
  addMargins(shape, strides, values);
  return { dimensions: [...dimensions], categories, shape, strides, values };
}

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let j = shape.length - 1; j >= 0; j--) {
    strides[j] = s;
    s *= shape[j]!;
  }
  return strides;
}

/**
 * Sums along one dimension after another into its total position: after dimension j, every cell whose
 * position in j is the total holds the sum over j, including sums over the earlier dimensions.
 */
function addMargins(shape: readonly number[], strides: readonly number[], values: Float64Array): void {
  for (let j = 0; j < shape.length; j++) {
    const n = shape[j]! - 1;
    const stride = strides[j]!;
    forEachLineBase(shape, strides, j, (base) => {
      let sum = 0;
      for (let t = 0; t < n; t++) sum += values[base + t * stride]!;
      values[base + n * stride] = sum;
    });
  }
}

/** Calls `fn` with the first cell of every line along dimension j (each combination of the other dimensions' positions, totals included). */
export function forEachLineBase(shape: readonly number[], strides: readonly number[], j: number, fn: (base: number) => void): void {
  const size = shape.reduce((a, b) => a * b, 1);
  const stride = strides[j]!;
  const block = stride * shape[j]!;
  for (let outer = 0; outer < size; outer += block) {
    for (let inner = 0; inner < stride; inner++) fn(outer + inner);
  }
}

/** The position of a flat index in each dimension. */
export function positionOf(table: Pick<CountTable, 'shape' | 'strides'>, idx: number): number[] {
  return table.strides.map((s, j) => Math.floor(idx / s) % table.shape[j]!);
}

/** A cell's key: a category code per dimension, `TOTAL` for a margin position. */
export function keyOf(table: CountTable, idx: number): string[] {
  return positionOf(table, idx).map((p, j) => table.categories[j]![p] ?? TOTAL);
}

/** The flat index of a key, or undefined when a code is not a category of this table. */
export function indexOf(table: CountTable, key: readonly string[]): number | undefined {
  if (key.length !== table.dimensions.length) return undefined;
  let idx = 0;
  for (let j = 0; j < key.length; j++) {
    const cats = table.categories[j]!;
    const p = key[j] === TOTAL ? cats.length : cats.indexOf(key[j]!);
    if (p < 0) return undefined;
    idx += p * table.strides[j]!;
  }
  return idx;
}

/** Is the cell a margin (total in at least one dimension)? */
export function isMargin(table: Pick<CountTable, 'shape' | 'strides'>, idx: number): boolean {
  return positionOf(table, idx).some((p, j) => p === table.shape[j]! - 1);
}
