import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { listAsDataset, type Dataset, type HxlField } from '../hxl/index.js';
import { POP_GROUPS, type PopGroup } from './counting.rules.js';
import { cellsOf, type AgeBand, type Disaggregation, type Sex } from './counting.rules.bands.js';

/**
 * The partner reporting template, in HXL: one row per activity, month and population group; reached and
 * new people by the platform's sexes (+f, +m, +x_other) and age bands (+children 0–17, +adults 18–59,
 * +elderly 60+, +adults+elderly 18+). For an indicator counted in services, the reached cells hold
 * services, turned into people by the partner's formula. The same columns are read back from CSV or XLSX:
 * filling the template in any tool and uploading it works.
 */
const AGE_ATTR: Record<AgeBand, string> = { '0-17': 'children', '18-59': 'adults', '60+': 'elderly', '18+': 'adults+elderly' };
const SEX_ATTR: Record<Sex, string> = { female: 'f', male: 'm', other: 'x_other' };
const SEX_LABEL: Record<Sex, string> = { female: 'Female', male: 'Male', other: 'Other' };
/** A template's cells: the platform's sexes by its age bands. */
export type TemplateCell = { sex: Sex; age: AgeBand };
export const templateCells = (d: Disaggregation): TemplateCell[] => cellsOf(d);
const label = (c: TemplateCell) => `${SEX_LABEL[c.sex]} ${c.age}`;

export const TEMPLATE_KEYS = {
  activity: '#activity+code', partner: '#org+code', sector: '#sector+code', indicator: '#indicator+code', area: '#adm1+code',
  month: '#date+month', group: '#group+code',
} as const;
export const reachedTag = (c: TemplateCell) => `#reached+${SEX_ATTR[c.sex]}+${AGE_ATTR[c.age]}`;
export const newTag = (c: TemplateCell) => `#reached+x_new+${SEX_ATTR[c.sex]}+${AGE_ATTR[c.age]}`;

export interface TemplateRow {
  activity: string; partner: string; sector: string; indicator: string; area: string; month: string; group: PopGroup; description: string;
  /** The names of the codes above, as the partner reads them (written, never read back). */
  names: { partner: string; sector: string; indicator: string; area: string };
}

/** The template's columns for a platform's cells. */
const fieldsOf = (cells: readonly TemplateCell[]): ReadonlyArray<HxlField<TemplateRow>> => [
  ['Activity id', TEMPLATE_KEYS.activity, (r) => r.activity], ['Partner', TEMPLATE_KEYS.partner, (r) => r.partner],
  ['Sector', TEMPLATE_KEYS.sector, (r) => r.sector], ['Indicator', TEMPLATE_KEYS.indicator, (r) => r.indicator],
  ['Admin area (P-code)', TEMPLATE_KEYS.area, (r) => r.area], ['Month (YYYY-MM)', TEMPLATE_KEYS.month, (r) => r.month],
  ['Population group', TEMPLATE_KEYS.group, (r) => r.group],
  ...cells.map((c): HxlField<TemplateRow> => [`Reached ${label(c)}`, reachedTag(c), () => '']),
  ...cells.map((c): HxlField<TemplateRow> => [`New ${label(c)}`, newTag(c), () => '']),
  ['Description (not read back)', '#description', (r) => r.description],
  // Names beside the codes, after every column that is read back (so the cells keep their places).
  ['Partner name (not read back)', '#org+name', (r) => r.names.partner], ['Sector name (not read back)', '#sector+name', (r) => r.names.sector],
  ['Indicator name (not read back)', '#indicator+name', (r) => r.names.indicator], ['Admin area name (not read back)', '#adm1+name', (r) => r.names.area],
];

export function templateDataset(rows: TemplateRow[], cells: readonly TemplateCell[]): Dataset {
  return listAsDataset(fieldsOf(cells), rows);
}

export interface TemplateLists { sectors: string[]; indicators: string[]; pcodes: string[]; months: string[] }

/** The template as a workbook: the rows on the first sheet, drop-down lists of the allowed values from a hidden sheet. */
export async function writeTemplateXlsx(rows: TemplateRow[], cells: readonly TemplateCell[], lists: TemplateLists, out: Writable): Promise<void> {
  const FIELDS = fieldsOf(cells);
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
  for (let c = 8; c <= 7 + cells.length * 2; c++) {
    for (let r = 3; r <= lastRow; r++) {
      ws.getCell(r, c).dataValidation = { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, error: 'A whole number, 0 or more' };
    }
  }
  await wb.xlsx.write(out);
}

