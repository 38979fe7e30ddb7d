import type { Ctx } from '../core/actor.js';
import { ImportError, ValidationError, type ErrorDetail } from '../core/errors.js';
import { columnIndexes, displayTag, excelSerialDate, HxlError, listAsDataset, openHxl, requirePattern, type Dataset, type HxlField } from '../hxl/index.js';
import type { ReturnService } from './returns.service.js';

/**
 * The voluntariness register as a template: one row per person or household, by its registration reference
 * (never a name), filled in a spreadsheet (XLSX) or any HXL tool (CSV) and uploaded back. The hashtags are
 * what is read, whatever the headers say.
 */
export const REGISTER_TAGS = {
  reference: '#beneficiary+code', unit: '#beneficiary+type', people: '#beneficiary+num',
  free: '#status+free', informed: '#status+informed', express: '#status+express', declaredOn: '#date+declared',
} as const;
type Column = keyof typeof REGISTER_TAGS;

const FIELDS: ReadonlyArray<HxlField<Record<Column, string>>> = [
  ['Registration reference (never a name)', REGISTER_TAGS.reference, (r) => r.reference],
  ['Unit (person or household)', REGISTER_TAGS.unit, (r) => r.unit],
  ['People (1 for a person)', REGISTER_TAGS.people, (r) => r.people],
  ['Free (yes or no)', REGISTER_TAGS.free, (r) => r.free],
  ['Informed (yes or no)', REGISTER_TAGS.informed, (r) => r.informed],
  ['Express (yes or no)', REGISTER_TAGS.express, (r) => r.express],
  ['Declared on (YYYY-MM-DD)', REGISTER_TAGS.declaredOn, (r) => r.declaredOn],
];

/** The template's columns: the header a person reads and the hashtag that is read back. */
export const registerColumns = () => FIELDS.map(([header, tag]) => ({ header, tag }));

/** The empty template: its headers and hashtags, no rows (a register is filled, never pre-filled with people). */
export function registerTemplate(): Dataset {
  return listAsDataset(FIELDS, []);
}

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0', '']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const realDay = (s: string) => DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export interface RegisterUploadSummary { file: string; rowsRead: number; inserted: number; unchanged: number }

/**
 * Reads a filled register and adds its declarations through the service's one write (`declare`): all or
 * nothing, every problem named by file, row and column (its hashtag). A row already in the register with the
 * same answers is unchanged (the same file twice changes nothing); with different answers it is refused
 * (a declaration is withdrawn, not overwritten).
 */
export async function uploadRegister(returns: Pick<ReturnService, 'declare' | 'declarations'>, ctx: Ctx, operationId: string, path: string, file: string): Promise<RegisterUploadSummary> {
  let ds: Dataset;
  try {
    ds = await openHxl(path);
  } catch (e) {
    if (e instanceof HxlError) throw new ImportError(e.message, [{ file, message: e.message.replace(`${file}: `, '') }]);
    throw e;
  }
  const at = Object.fromEntries(Object.entries(REGISTER_TAGS).map(([k, tag]) => [k, columnIndexes(ds.columns, requirePattern(tag))[0] ?? -1])) as Record<Column, number>;
  const missing = (Object.keys(REGISTER_TAGS) as Column[]).filter((k) => at[k] < 0);
  if (missing.length) {
    throw new ImportError(`${file}: not a voluntariness register template`, missing.map((k) => ({ file, row: 2, column: REGISTER_TAGS[k], message: `no ${REGISTER_TAGS[k]} column` })));
  }
  const errors: ErrorDetail[] = [];
  const rows: Array<{ row: number; d: { unit: 'person' | 'household'; reference: string; people: number; free: boolean; informed: boolean; express: boolean; declaredOn: string } }> = [];
  let row = (ds.firstRow ?? 3) - 1;
  for await (const r of ds.rows) {
    row++;
    const cell = (k: Column) => (r[at[k]] ?? '').trim();
    if ((Object.keys(REGISTER_TAGS) as Column[]).every((k) => cell(k) === '')) continue;
    const problem = (k: Column, message: string) => errors.push({ file, row, column: displayTag(ds.columns[at[k]]!), message });
    const reference = cell('reference');
    if (!reference) problem('reference', 'the registration reference is missing');
    else if (reference.length > 100) problem('reference', 'longer than 100 characters');
    const unit = cell('unit').toLowerCase();
    if (unit !== 'person' && unit !== 'household') problem('unit', `"${cell('unit')}" is not "person" or "household"`);
    const people = Number(cell('people') || (unit === 'person' ? '1' : ''));
    if (!Number.isInteger(people) || people < 1 || people > 100) problem('people', `"${cell('people')}" is not a whole number from 1 to 100`);
    const yes = (k: 'free' | 'informed' | 'express') => {
      const v = cell(k).toLowerCase();
      if (!YES.has(v) && !NO.has(v)) problem(k, `"${cell(k)}" is not yes or no`);
      return YES.has(v);
    };
    const answers = { free: yes('free'), informed: yes('informed'), express: yes('express') };
    // A date cell of a workbook reads as its serial number (46063 is 2026-02-10).
    const declaredOn = excelSerialDate(cell('declaredOn')) ?? cell('declaredOn');
    if (!realDay(declaredOn)) problem('declaredOn', `"${cell('declaredOn')}" is not a day (YYYY-MM-DD)`);
    rows.push({ row, d: { unit: unit === 'person' ? 'person' : 'household', reference, people, ...answers, declaredOn } });
  }
  if (!errors.length && rows.length === 0) errors.push({ file, row: (ds.firstRow ?? 3), message: 'the register has no rows' });
  if (errors.length) throw new ImportError(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was saved`, errors.slice(0, 100), errors.length);

  // Rows already in the register: the same answers change nothing; other answers are refused.
  const known = new Map((await returns.declarations(ctx, operationId)).items.map((d) => [d.reference, d]));
  const fresh: typeof rows = [];
  for (const x of rows) {
    const k = known.get(x.d.reference);
    if (!k) { fresh.push(x); continue; }
    const same = k.unit === x.d.unit && k.people === x.d.people && k.free === x.d.free && k.informed === x.d.informed && k.express === x.d.express && k.declaredOn === x.d.declaredOn;
    if (!same) errors.push({ file, row: x.row, column: REGISTER_TAGS.reference, message: `"${x.d.reference}" is already in the register with other answers: withdraw it instead of changing it` });
  }
  if (errors.length) throw new ImportError(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was saved`, errors.slice(0, 100), errors.length);
  if (fresh.length) {
    try {
      await returns.declare(ctx, operationId, { declarations: fresh.map((x) => x.d) });
    } catch (e) {
      // The service names `declarations[i].field`: back to the file's row and column.
      if (!(e instanceof ValidationError)) throw e;
      const details = e.details.map((d) => {
        const m = /^declarations\[(\d+)\]\.?(\w*)/.exec(d.field ?? '');
        const x = m ? fresh[Number(m[1])] : undefined;
        const tag = m?.[2] && m[2] in REGISTER_TAGS ? REGISTER_TAGS[m[2] as Column] : undefined;
        return x ? { file, row: x.row, ...(tag ? { column: tag } : {}), message: d.message } : { file, message: d.message };
      });
      throw new ImportError(`${file}: ${details.length} error${details.length === 1 ? '' : 's'}; nothing was saved`, details);
    }
  }
  return { file, rowsRead: rows.length, inserted: fresh.length, unchanged: rows.length - fresh.length };
}
