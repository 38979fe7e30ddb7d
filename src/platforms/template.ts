import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Ctx } from '../access/actor.js';
import { ImportError, ValidationError, type ErrorDetail } from '../core/errors.js';
import { columnIndexes, displayTag, type Dataset } from '../hxl/dataset.js';
import { openHxl } from '../hxl/open.js';
import { HxlError, requirePattern } from '../hxl/tags.js';
import type { HxlField } from '../hxl/table.js';
import { listAsDataset } from '../hxl/table.js';
import { basename } from 'node:path';
import { monthsBetween, POP_GROUPS, REPORT_AGES, REPORT_SEXES, type PopGroup } from './counting.rules.js';
import type { PlatformService, ReportCell } from './platform.service.js';

/**
 * The partner reporting template, in HXL: one row per activity, month and population group; reached and
 * new people by sex (+f, +m) and age (+children 0–17, +adults 18–59, +elderly 60+). For an indicator
 * counted in services, the reached cells hold services, turned into people by the partner's formula.
 * The same columns are read back from CSV or XLSX: filling the template in any tool and uploading it works.
 */
const AGE_ATTR: Record<(typeof REPORT_AGES)[number], string> = { '0-17': 'children', '18-59': 'adults', '60+': 'elderly' };
const SEX_ATTR: Record<(typeof REPORT_SEXES)[number], string> = { female: 'f', male: 'm' };
const CELLS = REPORT_SEXES.flatMap((sex) => REPORT_AGES.map((age) => ({ sex, age })));
const label = (c: { sex: string; age: string }) => `${c.sex === 'female' ? 'Female' : 'Male'} ${c.age}`;

export const TEMPLATE_KEYS = {
  activity: '#activity+code', partner: '#org+code', sector: '#sector+code', indicator: '#indicator+code', area: '#adm1+code',
  month: '#date+month', group: '#group+code',
} as const;
export const reachedTag = (c: { sex: string; age: string }) => `#reached+${SEX_ATTR[c.sex as 'female']}+${AGE_ATTR[c.age as '0-17']}`;
export const newTag = (c: { sex: string; age: string }) => `#reached+x_new+${SEX_ATTR[c.sex as 'female']}+${AGE_ATTR[c.age as '0-17']}`;

interface TemplateRow {
  activity: string; partner: string; sector: string; indicator: string; area: string; month: string; group: string; description: string;
}

const FIELDS: ReadonlyArray<HxlField<TemplateRow>> = [
  ['Activity id', TEMPLATE_KEYS.activity, (r) => r.activity], ['Partner', TEMPLATE_KEYS.partner, (r) => r.partner],
  ['Sector', TEMPLATE_KEYS.sector, (r) => r.sector], ['Indicator', TEMPLATE_KEYS.indicator, (r) => r.indicator],
  ['Admin area (P-code)', TEMPLATE_KEYS.area, (r) => r.area], ['Month (YYYY-MM)', TEMPLATE_KEYS.month, (r) => r.month],
  ['Population group', TEMPLATE_KEYS.group, (r) => r.group],
  ...CELLS.map((c): HxlField<TemplateRow> => [`Reached ${label(c)}`, reachedTag(c), () => '']),
  ...CELLS.map((c): HxlField<TemplateRow> => [`New ${label(c)}`, newTag(c), () => '']),
  ['Description (not read back)', '#description', (r) => r.description],
];

/** The template's rows: each of the actor's activities (a partner its own), for the month, per group it targets. */
export async function templateRows(platforms: PlatformService, ctx: Ctx, planId: string, month: string): Promise<TemplateRow[]> {
  const activities = await platforms.listActivities(ctx, planId);
  return activities.flatMap((a) => {
    const groups = Object.keys(a.targets).length ? (Object.keys(a.targets) as PopGroup[]) : ['in_destination'];
    return groups.map((group) => ({
      activity: a.id, partner: a.partner, sector: a.sector, indicator: a.indicator, area: a.pcode, month, group, description: a.description,
    }));
  });
}

export function templateDataset(rows: TemplateRow[]): Dataset {
  return listAsDataset(FIELDS, rows);
}

/** The template as a workbook: the rows on the first sheet, drop-down lists of the allowed values from a hidden sheet. */
export async function writeTemplateXlsx(rows: TemplateRow[], lists: { sectors: string[]; indicators: string[]; pcodes: string[]; months: string[] }, out: Writable): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tandem';
  const ws = wb.addWorksheet('Report');
  const listSheet = wb.addWorksheet('Lists');
  ws.addRow(FIELDS.map(([h]) => h));
  ws.addRow(FIELDS.map(([, t]) => t));
  for (const r of rows) ws.addRow(FIELDS.map(([, , get]) => get(r) ?? ''));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  FIELDS.forEach(([h], i) => { ws.getColumn(i + 1).width = Math.max(12, Math.min(40, h.length + 2)); });

  const columns: Array<[key: keyof typeof lists | 'groups', values: string[]]> = [
    ['sectors', lists.sectors], ['indicators', lists.indicators], ['pcodes', lists.pcodes], ['months', lists.months], ['groups', [...POP_GROUPS]],
  ];
  columns.forEach(([name, values], i) => {
    const col = String.fromCharCode(65 + i);
    listSheet.getCell(`${col}1`).value = name;
    values.forEach((v, j) => { listSheet.getCell(`${col}${j + 2}`).value = v; });
  });
  listSheet.state = 'hidden';
  const ref = (i: number, n: number) => `Lists!$${String.fromCharCode(65 + i)}$2:$${String.fromCharCode(65 + i)}$${Math.max(2, n + 1)}`;
  const dropDowns: Array<[fieldTag: string, listIndex: number, n: number]> = [
    [TEMPLATE_KEYS.sector, 0, lists.sectors.length], [TEMPLATE_KEYS.indicator, 1, lists.indicators.length],
    [TEMPLATE_KEYS.area, 2, lists.pcodes.length], [TEMPLATE_KEYS.month, 3, lists.months.length], [TEMPLATE_KEYS.group, 4, POP_GROUPS.length],
  ];
  const lastRow = Math.max(rows.length + 2, 2) + 200;
  for (const [tag, li, n] of dropDowns) {
    const c = FIELDS.findIndex(([, t]) => t === tag) + 1;
    for (let r = 3; r <= lastRow; r++) {
      ws.getCell(r, c).dataValidation = {
        type: 'list', allowBlank: true, formulae: [ref(li, n)], showErrorMessage: true, errorTitle: 'Not in the list', error: 'Choose a value from the list',
      };
    }
  }
  for (let c = 8; c <= 7 + CELLS.length * 2; c++) {
    for (let r = 3; r <= lastRow; r++) {
      ws.getCell(r, c).dataValidation = { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, error: 'A whole number, 0 or more' };
    }
  }
  await wb.xlsx.write(out);
}

export function templateLists(platform: Awaited<ReturnType<PlatformService['getPlatform']>>, indicators: Array<{ code: string }>, pcodes: string[], plan: { startMonth: string; endMonth: string }) {
  return {
    sectors: platform.sectors.map((s) => s.code), indicators: indicators.map((i) => i.code), pcodes, months: monthsBetween(plan.startMonth, plan.endMonth),
  };
}

/**
 * Reads a filled template (CSV or XLSX, anything with its hashtags) and saves every report in it in one
 * transaction: all or nothing, errors by file, row and column. Uploading the same file twice changes nothing.
 */
export async function uploadReports(platforms: PlatformService, ctx: Ctx, planId: string, path: string, opts: { submit: boolean; file?: string }) {
  const file = opts.file ?? basename(path);
  let ds: Dataset;
  try {
    ds = await openHxl(path);
  } catch (e) {
    if (e instanceof HxlError) throw new ImportError(e.message, [{ file, message: e.message.replace(`${file}: `, '') }]);
    throw e;
  }
  const col = (tag: string) => columnIndexes(ds.columns, requirePattern(tag))[0] ?? -1;
  const at = { activity: col(TEMPLATE_KEYS.activity), month: col(TEMPLATE_KEYS.month), group: col(TEMPLATE_KEYS.group) };
  const reached = CELLS.map((c) => col(`${reachedTag(c)}-x_new`));
  const fresh = CELLS.map((c) => col(newTag(c)));
  const structural: ErrorDetail[] = [];
  for (const [k, i] of Object.entries(at)) if (i < 0) structural.push({ file, row: 2, column: TEMPLATE_KEYS[k as keyof typeof at], message: `no ${TEMPLATE_KEYS[k as keyof typeof at]} column` });
  if (reached.every((i) => i < 0)) structural.push({ file, row: 2, column: '#reached', message: 'no #reached columns (by sex and age, as in the template)' });
  if (structural.length) throw new ImportError(`${file}: not a reporting template`, structural);

  const plan = await platforms.planById(planId);
  const visible = new Map((await platforms.listActivities(ctx, plan.id)).map((a) => [a.id, a]));
  const errors: ErrorDetail[] = [];
  const byReport = new Map<string, { activityId: string; month: string; cells: ReportCell[]; where: Array<{ row: number; col: number[] }> }>();
  let row = (ds.firstRow ?? 3) - 1;
  let rowsRead = 0;
  for await (const r of ds.rows) {
    row++;
    const cell = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
    const numbers = [...reached, ...fresh].map(cell);
    if (!cell(at.activity) && numbers.every((v) => v === '')) continue;
    rowsRead++;
    const activityId = cell(at.activity);
    const month = cell(at.month);
    const group = cell(at.group);
    if (!visible.has(activityId)) { errors.push({ file, row, column: TEMPLATE_KEYS.activity, message: `"${activityId}" is not one of your activities in this plan` }); continue; }
    if (!(POP_GROUPS as readonly string[]).includes(group)) { errors.push({ file, row, column: TEMPLATE_KEYS.group, message: `"${group}" is not a population group (${POP_GROUPS.join(', ')})` }); continue; }
    const key = `${activityId}|${month}`;
    const entry = byReport.get(key) ?? { activityId, month, cells: [], where: [] };
    CELLS.forEach((c, k) => {
      const parse = (i: number) => {
        const v = cell(i);
        if (v === '') return 0;
        const n = Number(v.replace(/,(?=\d{3}\b)/g, ''));
        if (!Number.isInteger(n) || n < 0) { errors.push({ file, row, column: displayTag(ds.columns[i]!), message: `"${v}" is not a whole number, 0 or more` }); return 0; }
        return n;
      };
      const reachedValue = parse(reached[k]!);
      const newValue = parse(fresh[k]!);
      if (reached[k]! < 0 && fresh[k]! < 0) return;
      const unit = visible.get(activityId)!.unit;
      entry.cells.push({ group: group as PopGroup, sex: c.sex, age: c.age, reached: reachedValue, newReached: newValue, services: unit === 'services' ? reachedValue : undefined });
      entry.where.push({ row, col: [reached[k]!, fresh[k]!] });
    });
    byReport.set(key, entry);
  }
  if (errors.length) throw new ImportError(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was saved`, errors.slice(0, 100), errors.length);
  const items = [];
  for (const e of byReport.values()) {
    const activity = (await platforms.activityForReport(e.activityId))!;
    const tagFor = (i: number, field: string) => {
      const w = e.where[i] ?? e.where[0]!;
      const colIdx = field === 'newReached' ? w.col[1]! : field === 'month' ? at.month : field === 'group' ? at.group : w.col[0]!;
      return { file, row: w.row, column: colIdx >= 0 ? displayTag(ds.columns[colIdx]!) : undefined };
    };
    items.push({ activity, month: e.month, cells: e.cells, at: tagFor });
  }
  try {
    const changed = await platforms.writeReports(ctx, items, opts.submit);
    return { file, rowsRead, reports: byReport.size, changed, unchanged: byReport.size - changed };
  } catch (e) {
    if (e instanceof ValidationError) throw new ImportError(`${file}: ${e.details.length} error${e.details.length === 1 ? '' : 's'}; nothing was saved`, e.details);
    throw e;
  }
}
