import type { ErrorDetail } from '../core/errors.js';
import { csvField } from '../hxl/index.js';
import type { ItemData, ItemSpec, LocalText } from './publications.schemas.js';

/**
 * The pure part of public reports: what makes an item's specification whole, the public name of a report,
 * and how an item's frozen data is laid out as a table, a chart and a map. No I/O.
 */

/** How many figures one figure item may hold: a query matching more must be narrowed. */
export const MAX_FIGURE_ROWS = 2000;
/** How many bars a chart of figures draws (the table holds every figure). */
export const MAX_BARS = 40;

/** The problems of an item's specification that its schema cannot say: the block its kind needs, and a map only of a dashboard. */
export function itemProblems(item: ItemSpec, field: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (item.kind === 'figures' && !item.figures) out.push({ field: `${field}.figures`, message: 'required for a figure item (the filter: year, type, origin, host, source)' });
  if (item.kind === 'dashboard' && !item.dashboard) out.push({ field: `${field}.dashboard`, message: 'required for a dashboard item (plan, and until, sector or area)' });
  if (item.kind === 'figures' && item.dashboard) out.push({ field: `${field}.dashboard`, message: 'a figure item has no dashboard' });
  if (item.kind === 'dashboard' && item.figures) out.push({ field: `${field}.figures`, message: 'a dashboard item has no figure filter' });
  if (item.kind === 'figures' && item.view === 'map') out.push({ field: `${field}.view`, message: 'a map shows a plan\'s areas: choose table or chart for figures' });
  return out;
}

/** A report's public name from its English title: lowercase ASCII words joined by hyphens, never empty. */
export function slugOf(title: string): string {
  const s = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return s || 'report';
}

/** The first name not taken among `base`, `base-2`, `base-3`, … */
export function freeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** A text kept with only the languages written (English always). */
export function cleanText(t: LocalText): LocalText {
  const out: LocalText = { en: t.en.trim() };
  for (const l of ['fr', 'es', 'ar', 'pt'] as const) {
    const v = t[l]?.trim();
    if (v) out[l] = v;
  }
  return out;
}

/** A dashboard as a long table, as the dashboard service gives it to the public. */
export interface DashboardRowIn { measure: string; dimension: string; key: string; name: string; value: number | null }

export const DASHBOARD_COLUMNS = [
  { header: 'Measure', tag: '#indicator+name' }, { header: 'Dimension', tag: '#meta+dimension' }, { header: 'Key', tag: '#meta+key' },
  { header: 'Name', tag: '#meta+key+name' }, { header: 'Value', tag: '#value' },
];

/**
 * A dashboard item's data from the public's rows: the table is every row; the chart, people reached against
 * targets by sector; the map, people reached by area. Chart and map are read from the same rows as the
 * table, so a value hidden in one is hidden in all.
 */
export function dashboardData(rows: readonly DashboardRowIn[], ctx: { source: ItemData['source']; iso3: string | null; k: number }): ItemData {
  const reached = rows.filter((r) => r.measure === 'people reached');
  const bySector = reached.filter((r) => r.dimension === 'sector');
  const target = new Map(rows.filter((r) => r.measure === 'target' && r.dimension === 'sector').map((r) => [r.key, r.value ?? 0]));
  const areas = reached.filter((r) => r.dimension === 'area');
  return {
    source: ctx.source,
    columns: DASHBOARD_COLUMNS,
    rows: rows.map((r) => [r.measure, r.dimension, r.key, r.name, r.value]),
    chart: { labels: bySector.map((r) => r.name), values: bySector.map((r) => r.value), targets: bySector.map((r) => target.get(r.key) ?? 0) },
    map: { iso3: ctx.iso3, values: Object.fromEntries(areas.map((r) => [r.key, r.value])), names: Object.fromEntries(areas.map((r) => [r.key, r.name])) },
    disclosure: { k: ctx.k, hidden: reached.filter((r) => r.value === null).length },
  };
}

/** A dashboard row's identity across releases: what it counts, along which dimension, for which key. */
export const rowKey = (r: Pick<DashboardRowIn, 'measure' | 'dimension' | 'key'>) => `${r.measure}|${r.dimension}|${r.key}`;

/** The same dashboard query (plan, month, sector, area), whatever the view it is shown as. */
export const sameQuery = (a: ItemSpec, b: ItemSpec) =>
  a.kind === 'dashboard' && b.kind === 'dashboard' && JSON.stringify(queryOf(a)) === JSON.stringify(queryOf(b));
const queryOf = (s: ItemSpec) => [s.dashboard?.plan, s.dashboard?.until ?? null, s.dashboard?.sector ?? null, s.dashboard?.area ?? null];

/**
 * The values an earlier release of the same table hid stay hidden (no differencing between releases): a
 * secondary cell shown in version 2 would let a reader of version 1 recover the small cell it protected.
 * Hiding more never makes a hidden value recoverable.
 */
export function keepHidden(rows: readonly DashboardRowIn[], hiddenBefore: ReadonlySet<string>): DashboardRowIn[] {
  return rows.map((r) => (r.value !== null && hiddenBefore.has(rowKey(r)) ? { ...r, value: null } : r));
}

/** The keys of the rows a published dashboard table hid. */
export function hiddenKeys(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string[] {
  return rows.filter((r) => r[4] === null).map((r) => rowKey({ measure: String(r[0]), dimension: String(r[1]), key: String(r[2]) }));
}

/** A figure as the public figures API gives it (the fields a report shows). */
export interface FigureIn {
  refDate: string; origin: string | null; host: string; area: string | null; type: string; sex: string; value: number | null; source: { organisation: string; dataset: string }; method: string;
}

export const FIGURE_COLUMNS = [
  { header: 'Date', tag: '#date+reported' }, { header: 'Origin', tag: '#country+code+origin' }, { header: 'Host', tag: '#country+code' },
  { header: 'Area', tag: '#adm1+code' }, { header: 'Population type', tag: '#indicator+code' }, { header: 'Sex', tag: '#population+sex' },
  { header: 'Value', tag: '#affected' }, { header: 'Source', tag: '#meta+source' }, { header: 'Dataset', tag: '#meta+dataset' }, { header: 'Method', tag: '#meta+method' },
];

/** A figure item's data: every figure in the table; the chart, one bar per figure (the first MAX_BARS), labelled by what tells them apart. */
export function figureData(figures: readonly FigureIn[], source: ItemData['source']): ItemData {
  const label = (f: FigureIn) => [f.host, f.origin ? `← ${f.origin}` : null, f.type, f.area, f.sex !== 'total' ? f.sex : null, f.refDate.slice(0, 4)].filter(Boolean).join(' ');
  const shown = figures.slice(0, MAX_BARS);
  return {
    source,
    columns: FIGURE_COLUMNS,
    rows: figures.map((f) => [f.refDate, f.origin ?? '', f.host, f.area ?? '', f.type, f.sex, f.value, f.source.organisation, f.source.dataset, f.method]),
    chart: { labels: shown.map(label), values: shown.map((f) => f.value), targets: [] },
    map: null,
    disclosure: null,
  };
}

/** What a figure filter reads, in words, and its address in the public API. */
export function figureSource(f: NonNullable<ItemSpec['figures']>): ItemData['source'] {
  const parts = (['year', 'type', 'origin', 'host', 'source'] as const).flatMap((k) => (f[k] === undefined ? [] : [[k, String(f[k])] as const]));
  return {
    label: parts.length ? `Population figures: ${parts.map(([k, v]) => `${k} ${v}`).join(', ')}` : 'Population figures: all',
    url: `/api/v1/figures${parts.length ? `?${new URLSearchParams(parts.map(([k, v]) => [k, v]))}` : ''}`,
  };
}

/** An item's table as plain CSV (a header row, then the rows), or as HXL CSV (the hashtag row under the headers). */
export function tableCsv(d: Pick<ItemData, 'columns' | 'rows'>, hxl: boolean): string {
  const line = (cells: ReadonlyArray<string | number | null>) => cells.map(csvField).join(',') + '\r\n';
  return line(d.columns.map((c) => c.header)) + (hxl ? line(d.columns.map((c) => c.tag)) : '') + d.rows.map(line).join('');
}

/** A worksheet's name for item `n` (1-based): unique by its number, at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(n: number, title: string): string {
  return `${n} ${title.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim()}`.slice(0, 31).trim();
}
