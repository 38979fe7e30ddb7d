import { determinedCells } from './recovery.rules.js';
import { indexOf, keyOf, TOTAL, type CountTable } from './table.rules.js';

/**
 * Cell suppression for published tables of counts (R6: aggregates are published with disclosure control).
 * Pure: no I/O.
 *
 * - Primary: a cell (interior or margin) with 0 < count < k. A zero is not sensitive: it discloses no
 *   respondent, and the threshold rule counts respondents ("fewer than a set number of respondents", OECD
 *   glossary; Washington State DOH suppresses "non-zero counts" below its threshold; both in
 *   reference/security-and-data-protection.md §4.1). Hiding zeros would also hide where nobody is, which is
 *   itself information users need; a zero can still be chosen as a complement when nothing else is left.
 * - Carried: every cell a previous release of the same table suppressed stays suppressed, so two releases
 *   cannot be differenced.
 * - Secondary: while some line (a row, a column, … along any dimension, margin lines included) holds exactly
 *   one suppressed cell, the line's smallest published non-zero cell is suppressed too (a zero only when the
 *   line has nothing else), ties broken by the cell's key. Lines are visited in key order, then as cells
 *   are added (first in, first out): the result depends only on the table and the previous pattern, never
 *   on the order the rows arrived in or on the output format.
 * - Exact repair (tables up to `exactLimit` cells): the suppressed system is solved exactly
 *   (recovery.rules.ts); for every cell it still determines, the smallest published non-zero cell on one of
 *   its lines is suppressed, and the secondary step runs again, until no cell is determined. Larger tables
 *   get the line guarantee only (no line with exactly one suppressed cell).
 */

export const DEFAULT_K = 5;
/** Above this many cells (margins included) the exact repair is skipped (its cost grows with the cube of the suppressed cells). */
export const DEFAULT_EXACT_LIMIT = 2_000;

export const CELL_STATUS = { published: 0, primary: 1, secondary: 2, carried: 3 } as const;
export type CellStatusName = keyof typeof CELL_STATUS;
const NAMES: readonly CellStatusName[] = ['published', 'primary', 'secondary', 'carried'];

export interface SuppressionOptions {
  /** Threshold: a non-zero count below k is suppressed (default 5). */
  k?: number;
  /** The cells an earlier release of this table suppressed, by key (`TOTAL` for a margin position); codes this table lacks are ignored. */
  previous?: ReadonlyArray<readonly string[]>;
  /** Largest table (cells with margins) that gets the exact repair; 0 turns it off. */
  exactLimit?: number;
}

export interface Suppression {
  k: number;
  /** Per flat index: CELL_STATUS. */
  status: Uint8Array;
  counts: { primary: number; secondary: number; carried: number };
  /** `exact`: no suppressed cell is determined by the published equations; `lines`: no line holds exactly one. */
  guarantee: 'exact' | 'lines';
}

/** Suppresses the table's sensitive cells and enough others that none can be recovered from its margins. */
export function suppress(table: CountTable, options: SuppressionOptions = {}): Suppression {
  const k = options.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k is a whole number, 1 or more');
  const { values, shape, strides } = table;
  const status = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) if (values[i]! > 0 && values[i]! < k) status[i] = CELL_STATUS.primary;
  for (const key of options.previous ?? []) {
    const idx = indexOf(table, key);
    if (idx !== undefined && status[idx] === CELL_STATUS.published) status[idx] = CELL_STATUS.carried;
  }

  const d = shape.length;
  const queued = shape.map(() => new Uint8Array(values.length));
  const queue: number[] = []; // pairs: dimension, line base
  const enqueueLinesOf = (idx: number) => {
    for (let j = 0; j < d; j++) {
      const base = idx - (Math.floor(idx / strides[j]!) % shape[j]!) * strides[j]!;
      if (!queued[j]![base]) { queued[j]![base] = 1; queue.push(j, base); }
    }
  };
  /** The better complement of two candidates: non-zero before zero, then the smaller count, then the smaller key. */
  const better = (a: number, b: number) => {
    const za = values[a] === 0, zb = values[b] === 0;
    if (za !== zb) return zb;
    return values[a]! !== values[b]! ? values[a]! < values[b]! : a < b;
  };
  const addSecondary = (idx: number) => { status[idx] = CELL_STATUS.secondary; enqueueLinesOf(idx); };
  const settle = () => {
    for (let head = 0; head < queue.length; head += 2) {
      const j = queue[head]!, base = queue[head + 1]!;
      queued[j]![base] = 0;
      const stride = strides[j]!;
      let hidden = 0, best = -1;
      for (let p = 0; p < shape[j]!; p++) {
        const idx = base + p * stride;
        if (status[idx]) hidden++;
        else if (best < 0 || better(idx, best)) best = idx;
      }
      if (hidden === 1 && best >= 0) addSecondary(best);
    }
    queue.length = 0;
  };

  for (let i = 0; i < values.length; i++) if (status[i]) enqueueLinesOf(i);
  settle();

  const limit = options.exactLimit ?? DEFAULT_EXACT_LIMIT;
  const exact = values.length <= limit;
  if (exact) {
    for (;;) {
      const hidden: number[] = [];
      for (let i = 0; i < status.length; i++) if (status[i]) hidden.push(i);
      const determined = determinedCells(table, hidden);
      if (determined.length === 0) break;
      for (const idx of determined) {
        const pick = complementFor(table, status, idx, better);
        if (pick >= 0 && !status[pick]) addSecondary(pick);
      }
      settle();
    }
  }
  const counts = { primary: 0, secondary: 0, carried: 0 };
  for (const s of status) if (s) counts[NAMES[s] as keyof typeof counts]++;
  return { k, status, counts, guarantee: exact ? 'exact' : 'lines' };
}

/** The published cell to hide beside a determined one: the best on its lines, else the best anywhere (never none while any is published). */
function complementFor(table: CountTable, status: Uint8Array, idx: number, better: (a: number, b: number) => boolean): number {
  const { shape, strides } = table;
  let best = -1;
  for (let j = 0; j < shape.length; j++) {
    const base = idx - (Math.floor(idx / strides[j]!) % shape[j]!) * strides[j]!;
    for (let p = 0; p < shape[j]!; p++) {
      const c = base + p * strides[j]!;
      if (!status[c] && (best < 0 || better(c, best))) best = c;
    }
  }
  if (best >= 0) return best;
  for (let c = 0; c < status.length; c++) if (!status[c] && (best < 0 || better(c, best))) best = c;
  return best;
}

/** The suppressed cells by key, to pass as `previous` to the next release of the same table. */
export function suppressedKeys(table: CountTable, s: Suppression): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < s.status.length; i++) if (s.status[i]) out.push(keyOf(table, i));
  return out;
}

export interface PublishedCell {
  key: string[];
  /** null when suppressed: never a zero in its place. */
  value: number | null;
  status: CellStatusName;
}

/** The published table, cell by cell in key order (margins included): what every format renders. */
export function* publishedCells(table: CountTable, s: Suppression | null): Generator<PublishedCell> {
  for (let i = 0; i < table.values.length; i++) {
    const st = s ? s.status[i]! : 0;
    yield { key: keyOf(table, i), value: st ? null : table.values[i]!, status: NAMES[st]! };
  }
}

/** A CSV field, quoted when it must be, with a leading formula character neutralised (CSV injection). */
function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The table as CSV: one line per cell with its count, `Total` for a margin position, and an empty count
 * with a `suppressed` flag for a hidden cell. `s` null: the unsuppressed publication.
 */
export function toCsv(table: CountTable, s: Suppression | null, totalLabel = 'Total'): string {
  const lines: string[] = [[...table.dimensions, 'count', 'suppressed'].map(csvField).join(',')];
  const labels = table.categories.map((cats) => [...cats.map(csvField), csvField(totalLabel)]);
  const { shape, strides, values } = table;
  for (let i = 0; i < values.length; i++) {
    let line = '';
    for (let j = 0; j < shape.length; j++) line += `${labels[j]![Math.floor(i / strides[j]!) % shape[j]!]!},`;
    const st = s ? s.status[i]! : 0;
    lines.push(st ? `${line},${NAMES[st]}` : `${line}${values[i]},`);
  }
  return `${lines.join('\n')}\n`;
}

export { TOTAL };
