/**
 * Disclosure control on figures below country level (issue 16, R6): a count of people in one admin area can
 * single out the people in it, so what is published hides every non-zero count below k (primary) and enough
 * others (secondary) that no hidden count is a published total less published counts.
 *
 * The figures of one table share everything but their area and sex: host, origin, population type, date,
 * source and dataset. Their published equations are lines: the areas under one parent (an admin 1, or the
 * country) for one sex, whose total is the parent's figure of that sex; and the sexes of one area, whose total
 * is the area's figure for both sexes. A line whose total is published must never hold exactly one hidden
 * count: secondary suppression hides the smallest other non-zero count of the line (or, when none is left, a
 * sub-national total, or a zero), and runs again until no line needs it. Country figures are always published.
 * This is the "lines" guarantee of the disclosure kit (`src/core/disclosure`): no single line recovers a
 * hidden count; recovery by combining several lines is not excluded.
 */

export interface AreaFigure {
  id: string;
  /** Everything the figures of one table share: host, origin, type, date, source, dataset. */
  table: string;
  /** The admin area's P-code, or null for the country figure. */
  area: string | null;
  /** The area one level up (null: the country). */
  parent: string | null;
  /** `total` (both sexes), `female`, `male`. */
  sex: string;
  value: number;
}

/** The figure for both sexes together (`SEXES` in figure.model.ts). */
const ALL = 'total';

/** The ids of the sub-national figures to hide. The answer depends on the values only, never on the order given. */
export function hiddenSmallAreas(figures: readonly AreaFigure[], k: number): Set<string> {
  const hidden = new Set<string>();
  const byTable = new Map<string, AreaFigure[]>();
  for (const f of figures) {
    const list = byTable.get(f.table);
    if (list) list.push(f); else byTable.set(f.table, [f]);
  }
  for (const list of byTable.values()) for (const id of hideInTable(list, k)) hidden.add(id);
  return hidden;
}

interface Line { cells: AreaFigure[]; total: AreaFigure | undefined }

function hideInTable(figures: AreaFigure[], k: number): Set<string> {
  const hidden = new Set<string>();
  const at = new Map<string, AreaFigure>();
  for (const f of figures) at.set(`${f.area ?? ''}|${f.sex}`, f);
  const lines: Line[] = [];
  const children = new Map<string, AreaFigure[]>();
  const sexes = new Map<string, AreaFigure[]>();
  for (const f of figures) {
    if (f.area === null) continue;
    if (f.value > 0 && f.value < k) hidden.add(f.id);
    const key = `${f.parent ?? ''}|${f.sex}`;
    (children.get(key) ?? children.set(key, []).get(key)!).push(f);
    if (f.sex !== ALL) (sexes.get(f.area) ?? sexes.set(f.area, []).get(f.area)!).push(f);
  }
  for (const [key, cells] of children) lines.push({ cells, total: at.get(key) });
  for (const [area, cells] of sexes) lines.push({ cells, total: at.get(`${area}|${ALL}`) });
  // Cells in a canonical order (value, then id): the choice of a secondary cell never depends on the input's order.
  const canonical = (a: AreaFigure, b: AreaFigure) => a.value - b.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const line of lines) line.cells.sort(canonical);
  lines.sort((a, b) => canonical(a.cells[0]!, b.cells[0]!));

  for (let changed = true; changed;) {
    changed = false;
    for (const { cells, total } of lines) {
      const totalPublished = total !== undefined && (total.area === null || !hidden.has(total.id));
      if (!totalPublished || cells.filter((c) => hidden.has(c.id)).length !== 1) continue;
      const next = cells.find((c) => !hidden.has(c.id) && c.value > 0)
        ?? (total.area !== null ? total : cells.find((c) => !hidden.has(c.id)));
      if (!next) continue;
      hidden.add(next.id);
      changed = true;
    }
  }
  return hidden;
}
