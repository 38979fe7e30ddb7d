import type { ErrorDetail } from '../core/errors.js';
import type { MappedColumn, TagSpec } from '../hxl/index.js';
import { normalise } from '../hxl/index.js';

/**
 * Flows, not stocks: what a count of people passing a flow-monitoring point means, and how a mapped row
 * becomes counts. Pure: no I/O.
 */
export const POINT_KINDS = ['border_crossing', 'transit', 'bus_station', 'airport', 'seaport', 'reception_centre', 'route', 'other'] as const;
export type PointKind = (typeof POINT_KINDS)[number];
export const GRAINS = ['day', 'week', 'month'] as const;
export type Grain = (typeof GRAINS)[number];
export const DIRECTIONS = ['entry', 'exit', 'transit', 'unknown'] as const;
export type Direction = (typeof DIRECTIONS)[number];
/** What was counted: people crossing, or the authorities' apprehensions, expulsions, refusals and detections, or the dead and missing. */
export const MEASURES = ['crossings', 'apprehensions', 'expulsions', 'inadmissibles', 'detections', 'dead_missing'] as const;
export type Measure = (typeof MEASURES)[number];
export const SEXES = ['f', 'm', 'total'] as const;
export const AGES = ['children', 'adults', 'elderly', 'total'] as const;

/** Every derived figure says it is a flow: a count of passages in a period, never people present. */
export const FLOW_LABEL = 'Flow: people counted passing monitoring points in the period (not a population stock; a person passing two points is counted twice)';

const words = (entries: Record<string, readonly string[]>) => new Map(Object.entries(entries).flatMap(([k, ws]) => ws.map((w) => [w, k])));
const KIND_WORDS = words({
  border_crossing: ['border crossing', 'border', 'border point', 'bcp', 'border_crossing', 'punto fronterizo', 'frontera', 'paso fronterizo'],
  transit: ['transit', 'transit point', 'tránsito', 'transito'],
  bus_station: ['bus station', 'bus_station', 'bus terminal', 'terminal de buses', 'terminal'],
  airport: ['airport', 'aeropuerto'],
  seaport: ['seaport', 'port', 'puerto'],
  reception_centre: ['reception centre', 'reception center', 'reception_centre', 'centro de recepción', 'erm'],
  route: ['route', 'ruta'],
  other: ['other', 'otro'],
});
const DIRECTION_WORDS = words({
  entry: ['entry', 'entries', 'in', 'incoming', 'arrival', 'arrivals', 'entrada', 'entradas', 'ingreso', 'ingresos'],
  exit: ['exit', 'exits', 'out', 'outgoing', 'departure', 'departures', 'salida', 'salidas'],
  transit: ['transit', 'tránsito', 'transito'],
  unknown: ['unknown', 'desconocido'],
});
const MEASURE_WORDS = words({
  crossings: ['crossings', 'crossing', 'movements', 'irregular crossings'],
  apprehensions: ['apprehensions', 'apprehended', 'encounters'],
  expulsions: ['expulsions', 'expelled'],
  inadmissibles: ['inadmissibles', 'inadmissible'],
  detections: ['detections', 'detected', 'illegal border crossings'],
  dead_missing: ['dead', 'missing', 'dead and missing', 'dead_missing', 'deaths'],
});
const SEX_WORDS = words({ f: ['f', 'female', 'females', 'women', 'woman', 'girls', 'mujeres', 'femenino'], m: ['m', 'male', 'males', 'men', 'man', 'boys', 'hombres', 'masculino'], total: ['total', 'all'] });
const AGE_WORDS = words({
  children: ['children', 'child', 'minors', 'minor', 'boys', 'girls', 'niños', 'ninos', 'niñas', 'uac', 'uc / single minors', 'accompanied minors', 'infants'],
  adults: ['adults', 'adult', 'men', 'women', 'single adults', 'adultos'],
  elderly: ['elderly', 'older persons', '60+'],
  total: ['total', 'all', 'fmua', 'family units'],
});

/** One count as a row gives it, before it is stored. */
export interface FlowDraft {
  point: { code: string; name: string; country: string; kind: PointKind; lat: number | null; lon: number | null };
  grain: Grain;
  periodStart: string;
  direction: Direction;
  measure: Measure;
  sex: (typeof SEXES)[number];
  age: (typeof AGES)[number];
  nationality: string;
  origin: string;
  destination: string;
  transport: string;
  value: number;
  row: number;
}

/** The Monday of the ISO week a day falls in. */
export function weekStart(day: string): string {
  const t = new Date(`${day}T00:00:00Z`);
  const dow = (t.getUTCDay() + 6) % 7;
  return new Date(t.getTime() - dow * 86_400_000).toISOString().slice(0, 10);
}

/** The first day of the period a day falls in. */
export function periodOf(day: string, grain: Grain): string {
  return grain === 'month' ? `${day.slice(0, 7)}-01` : grain === 'week' ? weekStart(day) : day;
}

/** The natural key of a count: the same point, period and dimensions is the same count. */
export function countKey(pointId: string, d: Omit<FlowDraft, 'point' | 'value' | 'row'>): string {
  return [pointId, d.grain, d.periodStart, d.direction, d.measure, d.sex, d.age, d.nationality, d.origin, d.destination, d.transport].join('|');
}

/** A range of buckets, either end open. */
export type Window = [from: string | undefined, to: string | undefined];

/**
 * A window of months (YYYY-MM, either end open) as the whole years inside it and the months either side:
 * 2023-07 to 2025-12 is the months 2023-07 to 2023-12 and the years 2024 to 2025. Null when an end is not a
 * month (a day): the window is then read by months alone.
 */
export function yearsOfWindow(from?: string, to?: string): { years: Window | null; months: Window[] } | null {
  const month = /^(\d{4})-(\d{2})$/;
  const f = from === undefined ? null : month.exec(from);
  const t = to === undefined ? null : month.exec(to);
  if ((from !== undefined && !f) || (to !== undefined && !t)) return null;
  const first = f ? Number(f[1]) + (f[2] === '01' ? 0 : 1) : -Infinity;
  const last = t ? Number(t[1]) - (t[2] === '12' ? 0 : 1) : Infinity;
  if (first > last) return { years: null, months: [[from, to]] };
  const year = (y: number) => String(y).padStart(4, '0');
  const months: Window[] = [];
  if (f && f[2] !== '01') months.push([from, `${f[1]}-12`]);
  if (t && t[2] !== '12') months.push([`${t[1]}-01`, to]);
  return { years: [Number.isFinite(first) ? year(first) : undefined, Number.isFinite(last) ? year(last) : undefined], months };
}

/** The corridor a count belongs to: origin (or, when the origin is not known, nationality) → the point's country → destination. */
export function corridorOf(c: { origin: string; nationality: string; transit: string; destination: string }): { origin: string; transit: string; destination: string } {
  return { origin: c.origin || c.nationality || '', transit: c.transit, destination: c.destination };
}

type Role =
  | 'date' | 'point_name' | 'point_code' | 'point_kind' | 'point_country' | 'lat' | 'lon' | 'origin' | 'destination' | 'nationality'
  | 'direction' | 'measure' | 'transport' | 'sex' | 'age' | 'demographic' | 'count';

interface CountAttrs { direction?: Direction; measure?: Measure; sex?: FlowDraft['sex']; age?: FlowDraft['age'] }

const has = (t: TagSpec, a: string) => t.attributes.includes(a);
const COUNT_ATTRS: Record<string, CountAttrs> = {
  f: { sex: 'f' }, female: { sex: 'f' }, m: { sex: 'm' }, male: { sex: 'm' }, children: { age: 'children' }, minors: { age: 'children' },
  infants: { age: 'children' }, adults: { age: 'adults' }, elderly: { age: 'elderly' }, in: { direction: 'entry' }, entry: { direction: 'entry' },
  entries: { direction: 'entry' }, arrivals: { direction: 'entry' }, out: { direction: 'exit' }, exit: { direction: 'exit' }, exits: { direction: 'exit' },
  departures: { direction: 'exit' }, transit: { direction: 'transit' }, dead: { measure: 'dead_missing' }, missing: { measure: 'dead_missing' },
  apprehended: { measure: 'apprehensions' }, expelled: { measure: 'expulsions' }, inadmissible: { measure: 'inadmissibles' }, detected: { measure: 'detections' },
  total: {}, ind: {}, num: {},
};

/** What a mapped column means for flows; an error naming the column when its hashtag is not one flows read. */
export function roleOf(c: MappedColumn): { role: Role; attrs?: CountAttrs } | { error: string } {
  const t = c.tag;
  const loc = (a: string) => t.tag === 'loc' && has(t, a);
  if (t.tag === 'date') return has(t, 'end') ? { error: `${t.tag}+end: periods are given by their start and the mapping's period` } : { role: 'date' };
  if (loc('code') || loc('pcode')) return { role: 'point_code' };
  if (loc('type')) return { role: 'point_kind' };
  if (t.tag === 'loc') return { role: 'point_name' };
  if (t.tag === 'geo') return has(t, 'lat') ? { role: 'lat' } : has(t, 'lon') ? { role: 'lon' } : { error: '#geo needs +lat or +lon' };
  if (t.tag === 'country') {
    return has(t, 'origin') ? { role: 'origin' } : has(t, 'destination') ? { role: 'destination' } : has(t, 'nationality') ? { role: 'nationality' } : { role: 'point_country' };
  }
  if (t.tag === 'indicator') {
    for (const r of ['direction', 'measure', 'transport', 'sex', 'age', 'demographic'] as const) if (has(t, r)) return { role: r };
    return { error: '#indicator needs +direction, +measure, +transport, +sex, +age or +demographic' };
  }
  if (t.tag === 'affected') {
    const attrs: CountAttrs = {};
    for (const a of t.attributes) {
      const known = COUNT_ATTRS[a];
      if (!known) return { error: `#affected+${a}: the flows import reads +f, +m, +children, +adults, +elderly, +in/+entry, +out/+exit, +transit, +dead, +missing, +apprehended, +expelled, +inadmissible, +detected` };
      Object.assign(attrs, known);
    }
    return { role: 'count', attrs };
  }
  return { error: `#${t.tag} is not read by the flows import` };
}

export interface RowContext {
  file: string;
  grain: Grain;
  /** The ISO3 code of a known country, from its code or its name (English, Spanish, French, Portuguese); null when unknown. */
  countryCode(text: string): string | null;
}

/** A column's role, resolved once for the whole file. */
export interface Plan {
  columns: Array<{ index: number; column: string; role: Role; attrs?: CountAttrs }>;
}

/** The plan of a mapped table for flows, or every column at fault. */
export function planFlows(columns: readonly MappedColumn[]): { plan: Plan; errors: string[] } {
  const errors: string[] = [];
  const plan: Plan = { columns: [] };
  columns.forEach((c, index) => {
    const r = roleOf(c);
    const column = c.source === null ? c.header : `${c.letter} (${c.header})`;
    if ('error' in r) errors.push(`column ${column}: ${r.error}`);
    else plan.columns.push({ index, column, role: r.role, attrs: r.attrs });
  });
  const roles = new Set(plan.columns.map((c) => c.role));
  for (const need of ['date', 'count'] as const) if (!roles.has(need)) errors.push(`no column is mapped to ${need === 'date' ? '#date' : '#affected (a count)'}`);
  // Points recorded beforehand carry their country: a file that names them by code needs no country column.
  if (!roles.has('point_country') && !roles.has('point_code')) errors.push('no column is mapped to #country+code (the point\'s country), nor #loc+code naming points already recorded');
  if (!roles.has('point_name') && !roles.has('point_code')) errors.push('no column is mapped to #loc+name or #loc+code (the monitoring point)');
  return { plan, errors };
}

const slug = (s: string) => normalise(s).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The counts of one mapped row (one per count column with a value), and its problems naming file, row and column. */
export function flowsOfRow(plan: Plan, values: readonly string[], row: number, ctx: RowContext): { drafts: FlowDraft[]; errors: ErrorDetail[]; several: boolean } {
  const errors: ErrorDetail[] = [];
  let several = false;
  const get = (role: Role) => plan.columns.find((c) => c.role === role);
  const val = (role: Role) => { const c = get(role); return c ? (values[c.index] ?? '').trim() : ''; };
  const bad = (role: Role, message: string) => errors.push({ file: ctx.file, row, column: get(role)?.column ?? role, message });
  const word = <T extends string>(role: Role, map: Map<string, string>, fallback: T, what: string): T => {
    const v = val(role);
    if (v === '') return fallback;
    const found = map.get(normalise(v));
    if (found === undefined) { bad(role, `"${v}" is not a ${what} (one of ${[...new Set(map.values())].join(', ')})`); return fallback; }
    return found as T;
  };
  const country = (role: Role, required: boolean) => {
    const v = val(role);
    if (v === '' || /^(unk|xxx|unknown)$/i.test(v)) { if (required) bad(role, 'the country is missing'); return ''; }
    // An incident of people of several nationalities ("ERI,ETH,SDN"): counted under no single one, and said.
    const parts = v.split(/\s*[,;]\s*/).filter(Boolean);
    if (!required && parts.length > 1) {
      const unknown = parts.filter((p) => !/^(unk|xxx)$/i.test(p) && !ctx.countryCode(p));
      if (unknown.length) { bad(role, `"${unknown[0]}" is not a known country (an ISO3 code or its name)`); return ''; }
      several = true;
      return '';
    }
    const code = ctx.countryCode(v);
    if (!code) bad(role, `"${v}" is not a known country (an ISO3 code or its name)`);
    return code ?? '';
  };
  const coordinate = (role: Role, limit: number) => {
    const v = val(role);
    if (v === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n) || Math.abs(n) > limit) { bad(role, `"${v}" is not a ${role === 'lat' ? 'latitude' : 'longitude'}`); return null; }
    return n;
  };

  const day = val('date');
  if (!day) bad('date', 'the date is missing');
  const name = val('point_name');
  const pointCountry = get('point_country') ? country('point_country', true) : '';
  const code = val('point_code') || (name && pointCountry ? `${slug(name)}@${pointCountry}` : '');
  if (!code) bad(get('point_code') ? 'point_code' : 'point_name', 'the monitoring point is missing');
  const point = {
    code, name: name || code, country: pointCountry, kind: word<PointKind>('point_kind', KIND_WORDS, 'other', 'kind of point'),
    lat: coordinate('lat', 90), lon: coordinate('lon', 180),
  };
  const demographic = val('demographic');
  const demo = demographic ? { sex: SEX_WORDS.get(normalise(demographic)), age: AGE_WORDS.get(normalise(demographic)) } : null;
  if (demo && demo.sex === undefined && demo.age === undefined) bad('demographic', `"${demographic}" is not a group of people this import knows (women, men, girls, boys, children, adults, …): recode it in the mapping ("values")`);
  const base = {
    grain: ctx.grain, periodStart: day ? periodOf(day, ctx.grain) : '',
    direction: word<Direction>('direction', DIRECTION_WORDS, 'unknown', 'direction'),
    measure: word<Measure>('measure', MEASURE_WORDS, 'crossings', 'measure'),
    sex: word<FlowDraft['sex']>('sex', SEX_WORDS, (demo?.sex as FlowDraft['sex'] | undefined) ?? 'total', 'sex'),
    age: word<FlowDraft['age']>('age', AGE_WORDS, (demo?.age as FlowDraft['age'] | undefined) ?? 'total', 'age group'),
    nationality: country('nationality', false), origin: country('origin', false), destination: country('destination', false),
    transport: normalise(val('transport')).slice(0, 40),
  };
  const drafts: FlowDraft[] = [];
  for (const c of plan.columns) {
    if (c.role !== 'count') continue;
    const v = (values[c.index] ?? '').trim();
    if (v === '') continue;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) { errors.push({ file: ctx.file, row, column: c.column, message: `"${v}" is not a count of people` }); continue; }
    drafts.push({ ...base, ...c.attrs, point, value: n, row });
  }
  return { drafts: errors.length ? [] : drafts, errors, several };
}
