/** Validation of an HXL dataset against an HXL schema (`#valid_tag`, `#valid_datatype`, `#valid_required`). */
import { asNumber, batchesOf, collect, columnIndexes, type Dataset } from './dataset.js';
import { parseDate } from './dates.js';
import { HxlError, requirePattern } from './tags.js';

export const DATATYPES = ['text', 'number', 'date', 'url', 'email'] as const;

export interface ValidationProblem {
  row: number;
  column: string;
  message: string;
}

/**
 * Checks a dataset against an HXL schema (a dataset itself): `#valid_tag` names the columns a rule applies
 * to, `#valid_datatype` the type their values must have, `#valid_required` (true/yes) that they may not be
 * empty. Returns every problem found.
 */
export async function validate(ds: Dataset, schema: Dataset): Promise<ValidationProblem[]> {
  const idx = (p: string) => columnIndexes(schema.columns, requirePattern(p))[0] ?? -1;
  const [tagAt, typeAt, reqAt] = [idx('#valid_tag'), idx('#valid_datatype'), idx('#valid_required')];
  if (tagAt < 0) throw new HxlError('the schema has no #valid_tag column');
  const rules = (await collect(schema.rows)).map((r) => ({
    pattern: requirePattern(r[tagAt] ?? ''), type: (r[typeAt] ?? '').trim().toLowerCase(), required: /^(true|yes|1)$/i.test((r[reqAt] ?? '').trim()),
  }));
  for (const rule of rules) {
    if (rule.type && !(DATATYPES as readonly string[]).includes(rule.type)) throw new HxlError(`unknown datatype "${rule.type}" in the schema`);
  }
  const ok = (type: string, v: string) =>
    type === 'number' ? asNumber(v) !== null
    : type === 'date' ? parseDate(v) !== null
    : type === 'url' ? /^https?:\/\/\S+$/i.test(v)
    : type === 'email' ? /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)
    : true;
  const problems: ValidationProblem[] = [];
  let row = (ds.firstRow ?? 3) - 1;
  const ruleColumns = rules.map((rule) => columnIndexes(ds.columns, rule.pattern));
  for await (const batch of batchesOf(ds)) for (const r of batch) {
    row++;
    for (const [k, rule] of rules.entries()) {
      for (const i of ruleColumns[k]!) {
        const v = (r[i] ?? '').trim();
        const tagText = ds.columns[i]!.tag ? `#${ds.columns[i]!.tag.tag}` : '';
        if (v === '' && rule.required) problems.push({ row, column: tagText, message: 'a value is required' });
        else if (v !== '' && rule.type && !ok(rule.type, v)) problems.push({ row, column: tagText, message: `"${v}" is not a ${rule.type}` });
      }
    }
  }
  return problems;
}
