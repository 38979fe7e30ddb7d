/**
 * Disaggregation declared per platform (issue 19, item 4): the sexes and age bands a platform's reports use,
 * chosen from one vocabulary. Tandem's bands (female and male; 0–17, 18–59, 60+) and R4V's (women, men and
 * other, under and over 18) are two declarations over the same codes: R4V's "women" and "men" are the sexes
 * female and male (its scripts call those under 18 girls and boys), so changing between them re-labels sex and
 * merges or refuses age bands. Pure rules, no I/O.
 */

export const SEXES = ['female', 'male', 'other'] as const;
export type Sex = (typeof SEXES)[number];

/** Age bands, each a range of whole years (`to` null: and over). */
export const AGE_BANDS = ['0-17', '18-59', '60+', '18+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_RANGES: Readonly<Record<AgeBand, { from: number; to: number | null }>> = {
  '0-17': { from: 0, to: 17 }, '18-59': { from: 18, to: 59 }, '60+': { from: 60, to: null }, '18+': { from: 18, to: null },
};

/** A platform's declaration: the sexes and the age bands every report cell is split by. */
export interface Disaggregation { sexes: readonly Sex[]; ages: readonly AgeBand[] }

/** The declarations a platform picks from; the first is what a platform that declared nothing uses. */
export const DISAGGREGATIONS = {
  tandem: { sexes: ['female', 'male'], ages: ['0-17', '18-59', '60+'] },
  r4v: { sexes: ['female', 'male', 'other'], ages: ['0-17', '18+'] },
} as const satisfies Record<string, Disaggregation>;
export const DEFAULT_DISAGGREGATION: Disaggregation = DISAGGREGATIONS.tandem;

/** Every cell of a declaration, sex by sex, in the declared order (a form's and a template's order). */
export const cellsOf = (d: Disaggregation) => d.sexes.flatMap((sex) => d.ages.map((age) => ({ sex, age })));

/**
 * Problems with a declaration, by field: at least one sex, none twice, and age bands that cover every age
 * exactly once (from 0, no gap, no overlap, the last open-ended) so that the cells of a group add up to it.
 */
export function checkDisaggregation(d: Disaggregation): Array<{ field: 'sexes' | 'ages'; message: string }> {
  const problems: Array<{ field: 'sexes' | 'ages'; message: string }> = [];
  if (d.sexes.length === 0) problems.push({ field: 'sexes', message: 'declare at least one sex' });
  if (new Set(d.sexes).size !== d.sexes.length) problems.push({ field: 'sexes', message: 'a sex is given twice' });
  const bands = [...d.ages].sort((a, b) => AGE_RANGES[a].from - AGE_RANGES[b].from);
  let next = 0;
  for (const b of bands) {
    const r = AGE_RANGES[b];
    if (next === -1 || r.from !== next) {
      problems.push({ field: 'ages', message: `the age bands must cover every age once, from 0 with no gap or overlap: "${b}" does not follow on` });
      return problems;
    }
    next = r.to === null ? -1 : r.to + 1;
  }
  if (next !== -1) problems.push({ field: 'ages', message: bands.length ? 'the last age band must be open-ended (60+ or 18+)' : 'declare at least one age band' });
  return problems;
}

/** Where a stored cell's sex and age go under another declaration: the same sex, the age band that holds its band (undefined: nowhere). */
export function bandMapping(to: Disaggregation) {
  const holds = (outer: AgeBand, inner: AgeBand) => {
    const [o, i] = [AGE_RANGES[outer], AGE_RANGES[inner]];
    return o.from <= i.from && (o.to === null || (i.to !== null && i.to <= o.to));
  };
  return {
    sex: (s: string): Sex | undefined => to.sexes.find((x) => x === s),
    age: (a: string): AgeBand | undefined => (AGE_BANDS.includes(a as AgeBand) ? to.ages.find((x) => holds(x, a as AgeBand)) : undefined),
  };
}

/** One stored cell, as the conversion reads and writes it. */
export interface BandCell { pop_group: string; sex: string; age: string; reached: number; new_reached: number; services: number | null; converted: number }

/**
 * Converts one report's cells to another declaration: each cell moves to its sex and the band that holds its
 * age, and cells that meet are added (services too; converted if any was). Totals per group never change.
 * Throws on a cell that fits no band: the caller checks `unconvertible` first.
 */
export function convertCells(cells: readonly BandCell[], to: Disaggregation): BandCell[] {
  const map = bandMapping(to);
  const out = new Map<string, BandCell>();
  for (const c of cells) {
    const sex = map.sex(c.sex);
    const age = map.age(c.age);
    if (!sex || !age) throw new Error(`no band for ${c.sex} ${c.age}`);
    const key = `${c.pop_group}|${sex}|${age}`;
    const cur = out.get(key);
    if (!cur) out.set(key, { ...c, sex, age });
    else {
      cur.reached += c.reached;
      cur.new_reached += c.new_reached;
      cur.services = cur.services === null && c.services === null ? null : (cur.services ?? 0) + (c.services ?? 0);
      cur.converted = Math.max(cur.converted, c.converted);
    }
  }
  return [...out.values()];
}

/** The stored sexes and bands that a declaration cannot hold (finer bands from coarser data, a sex it drops). */
export function unconvertible(stored: ReadonlyArray<{ sex: string; age: string }>, to: Disaggregation): string[] {
  const map = bandMapping(to);
  const out = new Set<string>();
  for (const c of stored) {
    if (!map.sex(c.sex)) out.add(`sex "${c.sex}"`);
    if (!map.age(c.age)) out.add(`age band "${c.age}"`);
  }
  return [...out].sort();
}
