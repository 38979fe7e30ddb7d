import { CELL_STATUS, DEFAULT_K, suppress } from './suppression.rules.js';
import { buildTable, TOTAL } from './table.rules.js';

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
export function protectLine(
  values: readonly number[], options: { k?: number; totalPublished: boolean; carried?: ReadonlyArray<boolean>; totalCarried?: boolean },
): { cells: Array<number | null>; total: number | null } {
  const k = options.k ?? DEFAULT_K;
  const sum = values.reduce((s, v) => s + v, 0);
  const carried = (i: number) => options.carried?.[i] === true;
  if (!options.totalPublished || values.length === 0) {
    return { cells: values.map((v, i) => (carried(i) || (v > 0 && v < k) ? null : v)), total: options.totalCarried || (sum > 0 && sum < k) ? null : sum };
  }
  // Keys that sort as the values do not (the table sorts categories): the position, zero-padded.
  const width = String(values.length).length;
  const key = (i: number) => String(i).padStart(width, '0');
  const table = buildTable(['cell'], values.map((count, i) => ({ key: [key(i)], count })));
  const previous = [...values.keys()].filter(carried).map((i) => [key(i)]);
  if (options.totalCarried) previous.push([TOTAL]);
  const s = suppress(table, { k, previous });
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
  /** What earlier releases of each published table hid (none kept until a store is provided). */
  releases: ReleaseMemory;
  provideReleases(store: ReleaseMemory): void;
}

/**
 * The cells earlier releases of a published table hid, by the table's name (what it shows, for whom, with
 * which filter): a later release hides them again, so that two releases cannot be differenced. The module
 * that owns the store provides it (sharing: `sharing_releases`); `keep` replaces the table's kept cells, so
 * the caller passes the union of the previous ones and its own.
 */
export interface ReleaseMemory {
  previous(table: string): Promise<string[][]>;
  keep(table: string, hidden: ReadonlyArray<readonly string[]>): Promise<void>;
}

/** A release's hidden cells, with those earlier releases hid: `has` answers for the previous ones, `union` is what to keep. */
export function releaseSet(previous: ReadonlyArray<readonly string[]>) {
  const before = new Set(previous.map((k) => JSON.stringify(k)));
  const now = new Map(previous.map((k) => [JSON.stringify(k), [...k]]));
  return {
    has: (key: readonly string[]) => before.has(JSON.stringify(key)),
    /** The earlier releases' hidden keys that start with `name`, without it (a table's keys within a larger release). */
    under: (name: string) => previous.filter((k) => k[0] === name).map((k) => k.slice(1)),
    add: (key: readonly string[]) => { now.set(JSON.stringify(key), [...key]); },
    /** Whether this release hid a cell no earlier one did (only then is there something new to keep). */
    grew: () => now.size > before.size,
    union: () => [...now.values()],
  };
}
export type ReleaseSet = ReturnType<typeof releaseSet>;

export function createDisclosureSetting(): DisclosureSetting {
  let source: (() => Promise<number>) | null = null;
  let store: ReleaseMemory | null = null;
  return {
    k: async () => (source ? source() : DEFAULT_K),
    provide: (s) => { source = s; },
    releases: {
      previous: async (table) => (store ? store.previous(table) : []),
      keep: async (table, hidden) => { await store?.keep(table, hidden); },
    },
    provideReleases: (s) => { store = s; },
  };
}
