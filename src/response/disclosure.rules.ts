import { buildTable, CELL_STATUS, indexOf, protectLine, releaseSet, suppress, suppressedKeys, TOTAL, type ReleaseSet } from '../core/disclosure/index.js';

/**
 * Disclosure control of a plan's people-reached figures for everyone who is not a co-lead of its platform
 * (R6: aggregates are published with disclosure control). Pure: no I/O.
 *
 * - The sector × area × group cells and the sector figures (their sector margins) are one table of counts:
 *   the kit suppresses cells below k and enough others that none can be recovered from the margins.
 * - The area and group figures and the inter-sector figure come from the inter-sector table (the highest
 *   sector per area and group), whose cells are not published: each is a line whose total is published.
 * - Each month's figure, times assisted in transit and the sex and age breakdown: below k hidden, and the
 *   breakdowns as lines.
 * A hidden value is `null`. Targets, funding and requirements are plans, not people, and stay as they are.
 * With a release (what earlier releases of the same dashboard hid), every value hidden before stays hidden,
 * and what this release hides is added to it: two releases cannot be differenced.
 */

type Counts = Record<string, number>;
export type Shown = Record<string, number | null>;

export interface PeopleFigures {
  peopleReached: { interSector: number; bySector: Counts; byArea: Counts; byGroup: Counts; cells: Array<{ sector: string; area: string; group: string; value: number }> };
  timesAssistedInTransit: number;
  byMonth: Array<{ month: string; people: number; bySector: Counts; timesAssistedInTransit: number }>;
  bySexAndAge: Array<{ sex: string; age: string; newReached: number }>;
}

/** The figures as published; cells keep their other fields (`Cell`: the dashboard's typed cells). */
export interface Disclosed<
  Cell extends { value: number } = PeopleFigures['peopleReached']['cells'][number], SexAge extends { newReached: number } = PeopleFigures['bySexAndAge'][number],
> {
  peopleReached: { interSector: number | null; bySector: Shown; byArea: Shown; byGroup: Shown; cells: Array<Omit<Cell, 'value'> & { value: number | null }> };
  timesAssistedInTransit: number | null;
  byMonth: Array<{ month: string; people: number | null; bySector: Shown; timesAssistedInTransit: number | null }>;
  bySexAndAge: Array<Omit<SexAge, 'newReached'> & { newReached: number | null }>;
  /** k, how many values are hidden, and whether disclosure control was applied (not for the platform's co-leads). */
  disclosure: { k: number; hidden: number; applied: boolean };
}

/** Hides a single count below k (a figure published on its own: no total to recover it from), or hidden before. */
function alone(v: number, k: number, release: ReleaseSet, key: readonly string[]): number | null {
  const hidden = release.has(key) || (v > 0 && v < k);
  if (hidden) release.add(key);
  return hidden ? null : v;
}

/** A breakdown published beside its total: the kit's line protection, keys kept, cells hidden before hidden again. */
function line(r: Counts, k: number, release: ReleaseSet, name: readonly string[]): Shown {
  const keys = Object.keys(r);
  const { cells } = protectLine(keys.map((key) => r[key]!), { k, totalPublished: true, carried: keys.map((key) => release.has([...name, key])) });
  keys.forEach((key, i) => { if (cells[i] === null) release.add([...name, key]); });
  return Object.fromEntries(keys.map((key, i) => [key, cells[i]!]));
}

type DisclosedOf<D extends PeopleFigures> = Disclosed<D['peopleReached']['cells'][number], D['bySexAndAge'][number]>;

/** The figures as they are published to a reader who is not a co-lead, with how many values were hidden. */
export function disclose<D extends PeopleFigures>(d: D, k: number, release: ReleaseSet = releaseSet([])): Omit<D, keyof Disclosed> & DisclosedOf<D> {
  const pr = d.peopleReached;
  let cells: DisclosedOf<D>['peopleReached']['cells'] = [];
  let bySector: Shown = {};
  if (pr.cells.length > 0) {
    const table = buildTable(['sector', 'area', 'group'], pr.cells.map((c) => ({ key: [c.sector, c.area, c.group], count: c.value })));
    const s = suppress(table, { k, previous: release.under('cell') });
    for (const key of suppressedKeys(table, s)) release.add(['cell', ...key]);
    const shown = (key: string[], v: number) => (s.status[indexOf(table, key)!] === CELL_STATUS.published ? v : null);
    cells = (pr.cells as Array<D['peopleReached']['cells'][number]>).map((c) => ({ ...c, value: shown([c.sector, c.area, c.group], c.value) }));
    bySector = Object.fromEntries(Object.entries(pr.bySector).map(([sector, v]) => [
      sector, table.categories[0]!.includes(sector) ? shown([sector, TOTAL, TOTAL], v) : alone(v, k, release, ['sector', sector]),
    ]));
  }
  const out = {
    ...d,
    peopleReached: {
      interSector: alone(pr.interSector, k, release, ['inter-sector']), bySector, byArea: line(pr.byArea, k, release, ['area']), byGroup: line(pr.byGroup, k, release, ['group']), cells,
    },
    timesAssistedInTransit: alone(d.timesAssistedInTransit, k, release, ['transit']),
    byMonth: d.byMonth.map((m) => ({
      ...m, people: alone(m.people, k, release, ['month', m.month]), bySector: line(m.bySector, k, release, ['month-sector', m.month]),
      timesAssistedInTransit: alone(m.timesAssistedInTransit, k, release, ['month-transit', m.month]),
    })),
    bySexAndAge: ((): DisclosedOf<D>['bySexAndAge'] => {
      const rows = d.bySexAndAge as Array<D['bySexAndAge'][number]>;
      const key = (r: { sex: string; age: string }) => ['sex-age', r.sex, r.age];
      const { cells: shown } = protectLine(rows.map((r) => r.newReached), { k, totalPublished: true, carried: rows.map((r) => release.has(key(r))) });
      rows.forEach((r, i) => { if (shown[i] === null) release.add(key(r)); });
      return rows.map((r, i) => ({ ...r, newReached: shown[i]! }));
    })(),
  };
  return { ...out, disclosure: { k, hidden: countHidden(out), applied: true } };
}

function countHidden(d: Omit<Disclosed, 'disclosure'>): number {
  const nulls = (xs: Iterable<number | null>) => { let n = 0; for (const x of xs) if (x === null) n++; return n; };
  const p = d.peopleReached;
  return nulls([p.interSector, d.timesAssistedInTransit]) + nulls(Object.values(p.bySector)) + nulls(Object.values(p.byArea)) + nulls(Object.values(p.byGroup))
    + nulls(p.cells.map((c) => c.value)) + d.byMonth.reduce((n, m) => n + nulls([m.people, m.timesAssistedInTransit, ...Object.values(m.bySector)]), 0)
    + nulls(d.bySexAndAge.map((r) => r.newReached));
}

/** One month's figures as published to a reader who is not a co-lead. */
export function discloseMonth<M extends { people: number; bySector: Counts; byArea: Counts; byGroup: Counts; timesAssistedInTransit: number }>(
  m: M, k: number, release: ReleaseSet = releaseSet([]),
) {
  const shown = {
    people: alone(m.people, k, release, ['people']), bySector: line(m.bySector, k, release, ['sector']), byArea: line(m.byArea, k, release, ['area']),
    byGroup: line(m.byGroup, k, release, ['group']), timesAssistedInTransit: alone(m.timesAssistedInTransit, k, release, ['transit']),
  };
  const hidden = [shown.people, shown.timesAssistedInTransit, ...Object.values(shown.bySector), ...Object.values(shown.byArea), ...Object.values(shown.byGroup)].filter((v) => v === null).length;
  return { ...m, ...shown, disclosure: { k, hidden, applied: true } };
}

/** R4V's two headline figures and their countries, as the dashboard carries them. */
interface R4vHeadline {
  model: { people: number | null };
  conservative: { people: number | null };
  byCountry: Array<{ country: string; people: number | null; conservative: number | null }>;
}

/**
 * R4V's figures as published to a reader who is not a co-lead: for each model, the countries are a line
 * whose total is the headline figure (regional = sum of countries), protected as the other lines are, with
 * what earlier releases hid kept hidden. Returns the figures and how many values it hid.
 */
export function discloseR4v<R extends R4vHeadline>(r: R, k: number, release: ReleaseSet = releaseSet([])): { figures: R; hidden: number } {
  let hidden = 0;
  const protect = (name: string, values: Array<number | null>, total: number | null) => {
    const { cells, total: shownTotal } = protectLine(values.map((v) => v ?? 0), {
      k, totalPublished: true, carried: r.byCountry.map((c) => release.has([name, c.country])), totalCarried: release.has([name]),
    });
    r.byCountry.forEach((c, i) => { if (cells[i] === null) release.add([name, c.country]); });
    const outTotal = total === null || shownTotal === null ? null : total;
    if (outTotal === null) release.add([name]);
    hidden += cells.filter((v) => v === null).length + (outTotal === null ? 1 : 0);
    return { cells, total: outTotal };
  };
  const model = protect('r4v-model', r.byCountry.map((c) => c.people), r.model.people);
  const conservative = protect('r4v-conservative', r.byCountry.map((c) => c.conservative), r.conservative.people);
  const figures = {
    ...r,
    model: { ...r.model, people: model.total },
    conservative: { ...r.conservative, people: conservative.total },
    byCountry: r.byCountry.map((c, i) => ({ ...c, people: model.cells[i]!, conservative: conservative.cells[i]! })),
  };
  return { figures, hidden };
}

