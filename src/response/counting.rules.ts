/**
 * Counting people reached without double counting (issue "5W"), as pure rules:
 *
 * 1. A monthly total is never summed across months: a month's figures stand alone.
 * 2. An activity's consolidated figure is the sum of its "new" people (reached for the first time in the
 *    plan period) over the months so far.
 * 3. Within one sector, admin area and population group, activities may reach the same people: the
 *    consolidated figure is the highest activity figure, or the sum where the platform declares its
 *    activities disjoint (`counting: 'sum'`).
 * 4. A sector's figure is the sum over admin areas (and groups); the inter-sector figure is, per admin area
 *    and group, the highest sector figure, summed over areas and groups.
 * 5. People in transit are persons, like the other groups (as R4V counts them, issue 19); a platform may ask for
 *    them to be counted as times assisted instead, apart, and then never added to persons (`transit`).
 * 6. Only activities with the PiN flag count towards people reached.
 *
 * Population groups are disjoint (a person is in destination, in transit, pendular, a returnee or host
 * community), so summing over groups does not count anyone twice.
 */

export const POP_GROUPS = ['in_destination', 'in_transit', 'pendular', 'returnees', 'host_community'] as const;
export type PopGroup = (typeof POP_GROUPS)[number];

/** How a platform counts people in transit: as persons (the default, R4V's way), or as times assisted, apart. */
export const TRANSIT_COUNTINGS = ['persons', 'times-assisted'] as const;
export type TransitCounting = (typeof TRANSIT_COUNTINGS)[number];

/** Whether a group's figures are persons under the platform's transit counting. */
export const countsAsPersons = (group: PopGroup, transit: TransitCounting) => group !== 'in_transit' || transit === 'persons';

/** How activities within one sector, area and group combine: the highest, or their sum where declared disjoint. */
export type Counting = 'max' | 'sum';

/** One reported cell of one activity in one month (sex and age may already be summed). */
export interface ReportedRow {
  activityId: string;
  sectorId: string;
  area: string;
  group: PopGroup;
  month: string;
  reached: number;
  newReached: number;
  pin: boolean;
}

/** An activity's figure for one population group: consolidated people, a month's people, or a target. */
export interface ActivityFigure {
  activityId: string;
  sectorId: string;
  area: string;
  group: PopGroup;
  value: number;
}

export interface PeopleCount {
  /** Rule 3, per sector, area and group. */
  cells: Array<{ sectorId: string; area: string; group: PopGroup; value: number }>;
  /** Rule 4: each sector summed over areas and groups. */
  bySector: Record<string, number>;
  /** Inter-sector per area (summed over groups) and per group (summed over areas). */
  byArea: Record<string, number>;
  byGroup: Record<string, number>;
  interSector: number;
}

/** Rules 2 and 6 (and 5: transit left out where it is counted as times assisted): each PiN activity's new people per group up to `until`. */
export function consolidateActivities(rows: Iterable<ReportedRow>, until: string | undefined, transit: TransitCounting): ActivityFigure[] {
  const out = new Map<string, ActivityFigure>();
  for (const r of rows) {
    if (!r.pin || !countsAsPersons(r.group, transit) || (until !== undefined && r.month > until)) continue;
    const key = `${r.activityId}\u0000${r.group}`;
    const cur = out.get(key) ?? { activityId: r.activityId, sectorId: r.sectorId, area: r.area, group: r.group, value: 0 };
    cur.value += r.newReached;
    out.set(key, cur);
  }
  return [...out.values()];
}

/** Rule 1: one month's people per PiN activity and group (its monthly totals, never added to another month's). */
export function monthActivities(rows: Iterable<ReportedRow>, month: string, transit: TransitCounting): ActivityFigure[] {
  const out = new Map<string, ActivityFigure>();
  for (const r of rows) {
    if (!r.pin || !countsAsPersons(r.group, transit) || r.month !== month) continue;
    const key = `${r.activityId}\u0000${r.group}`;
    const cur = out.get(key) ?? { activityId: r.activityId, sectorId: r.sectorId, area: r.area, group: r.group, value: 0 };
    cur.value += r.reached;
    out.set(key, cur);
  }
  return [...out.values()];
}

/** Rule 5 where the platform asks for it: times people in transit were assisted (PiN activities), up to `until`; never persons. */
export function timesAssistedInTransit(rows: Iterable<ReportedRow>, until: string | undefined, transit: TransitCounting): number {
  if (transit === 'persons') return 0;
  let n = 0;
  for (const r of rows) if (r.pin && r.group === 'in_transit' && (until === undefined || r.month <= until)) n += r.reached;
  return n;
}

/** Rules 3 and 4 over activity figures (consolidated, monthly or targets alike); transit as the platform counts it (rule 5). */
export function countPeople(figures: Iterable<ActivityFigure>, counting: Counting, transit: TransitCounting): PeopleCount {
  const cells = new Map<string, { sectorId: string; area: string; group: PopGroup; value: number }>();
  for (const f of figures) {
    if (!countsAsPersons(f.group, transit)) continue;
    const key = `${f.sectorId}\u0000${f.area}\u0000${f.group}`;
    const cur = cells.get(key);
    if (!cur) cells.set(key, { sectorId: f.sectorId, area: f.area, group: f.group, value: f.value });
    else cur.value = counting === 'sum' ? cur.value + f.value : Math.max(cur.value, f.value);
  }
  const bySector: Record<string, number> = {};
  const interCells = new Map<string, { area: string; group: string; value: number }>();
  for (const c of cells.values()) {
    bySector[c.sectorId] = (bySector[c.sectorId] ?? 0) + c.value;
    const key = `${c.area}\u0000${c.group}`;
    const cur = interCells.get(key);
    if (!cur) interCells.set(key, { area: c.area, group: c.group, value: c.value });
    else cur.value = Math.max(cur.value, c.value);
  }
  const byArea: Record<string, number> = {};
  const byGroup: Record<string, number> = {};
  let interSector = 0;
  for (const c of interCells.values()) {
    byArea[c.area] = (byArea[c.area] ?? 0) + c.value;
    byGroup[c.group] = (byGroup[c.group] ?? 0) + c.value;
    interSector += c.value;
  }
  const sorted = [...cells.values()].sort((a, b) => a.sectorId.localeCompare(b.sectorId) || a.area.localeCompare(b.area) || a.group.localeCompare(b.group));
  return { cells: sorted, bySector: sortKeys(bySector), byArea: sortKeys(byArea), byGroup: sortKeys(byGroup), interSector };
}

function sortKeys(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}

/** Problems with one reported cell, by field: what an upload or a form refuses. */
export function checkReportedCell(c: { reached: number; newReached: number; services?: number | null }): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  for (const [field, v] of [['reached', c.reached], ['newReached', c.newReached]] as const) {
    if (!Number.isInteger(v) || v < 0) problems.push({ field, message: 'must be a whole number, 0 or more' });
  }
  if (problems.length === 0 && c.newReached > c.reached) {
    problems.push({ field: 'newReached', message: 'new people cannot exceed the people reached that month' });
  }
  if (c.services !== undefined && c.services !== null && (!Number.isInteger(c.services) || c.services < 0)) {
    problems.push({ field: 'services', message: 'must be a whole number, 0 or more' });
  }
  return problems;
}

/** A month as YYYY-MM, and the months of a plan period (at most 24). */
export const isMonth = (m: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m);
export function monthsBetween(start: string, end: string): string[] {
  const out: string[] = [];
  let [y, m] = start.split('-').map(Number) as [number, number];
  const [ey, em] = end.split('-').map(Number) as [number, number];
  while (y < ey || (y === ey && m <= em)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}
