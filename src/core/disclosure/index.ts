import { CELL_STATUS, DEFAULT_K, suppress } from './suppression.rules.js';
import { buildTable } from './table.rules.js';

/**
 * Disclosure control for published aggregates (R6), pure and shared: the sharing module's published tables,
 * the public dashboards, the referral aggregates and flow counts all suppress by the same rules, with the
 * threshold k the policy in force sets.
 */
export { buildTable, indexOf, keyOf, TOTAL, TableError, type CountRow, type CountTable } from './table.rules.js';
export {
  CELL_STATUS, DEFAULT_EXACT_LIMIT, DEFAULT_K, publishedCells, suppress, suppressedKeys, toCsv,
  type CellStatusName, type PublishedCell, type Suppression, type SuppressionOptions,
} from './suppression.rules.js';
export { determinedCells, singlySuppressedLines, suppressedSystem } from './recovery.rules.js';

/**
 * One breakdown published as a line of counts (cells of one dimension, in any order), suppressed cells as
 * `null`. When its total is published too (`totalPublished`), the line gets secondary suppression so that no
 * hidden cell is the total less the others, and the total itself is hidden below k (`total`); otherwise only
 * the cells below k are hidden. Which cells are hidden depends on the values, never on the order given.
 */
export function protectLine(values: readonly number[], options: { k?: number; totalPublished: boolean }): { cells: Array<number | null>; total: number | null } {
  const k = options.k ?? DEFAULT_K;
  const sum = values.reduce((s, v) => s + v, 0);
  if (!options.totalPublished || values.length === 0) {
    return { cells: values.map((v) => (v > 0 && v < k ? null : v)), total: sum > 0 && sum < k ? null : sum };
  }
  // Keys that sort as the values do not (the table sorts categories): the position, zero-padded.
  const width = String(values.length).length;
  const key = (i: number) => String(i).padStart(width, '0');
  const table = buildTable(['cell'], values.map((count, i) => ({ key: [key(i)], count })));
  const s = suppress(table, { k });
  const shown = (i: number) => (s.status[i] === CELL_STATUS.published ? table.values[i]! : null);
  const positions = new Map(table.categories[0]!.map((c, i) => [c, i]));
  return { cells: values.map((_, i) => shown(positions.get(key(i))!)), total: shown(table.categories[0]!.length) };
}

/**
 * The threshold k in force, for every module that publishes counts. The module that keeps the versioned
 * policy provides it (coordination: `disclosureK`); modules that come before it in the list read it here,
 * at the time they publish, without depending on it. Until a source is provided, k is DEFAULT_K.
 */
export interface DisclosureSetting {
  k(): Promise<number>;
  provide(source: () => Promise<number>): void;
}

export function createDisclosureSetting(): DisclosureSetting {
  let source: (() => Promise<number>) | null = null;
  return {
    k: async () => (source ? source() : DEFAULT_K),
    provide: (s) => { source = s; },
  };
}
