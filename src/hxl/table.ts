import type { Dataset } from './dataset.js';
import { HxlError, parseTagSpec } from './tags.js';

/** A column of a list exported as HXL: its header, its hashtag and how to read it from an item. */
export type HxlField<T> = [header: string, tag: string, value: (item: T) => string | number | null | undefined];

/** Any list as an HXL dataset: the one way every list of the API and the CLI is exported as HXL. */
export function listAsDataset<T>(fields: ReadonlyArray<HxlField<T>>, items: Iterable<T> | AsyncIterable<T>): Dataset {
  const columns = fields.map(([header, tag]) => {
    const spec = parseTagSpec(tag);
    if (!spec) throw new HxlError(`"${tag}" is not a hashtag`);
    return { header, tag: spec };
  });
  async function* rows() {
    for await (const item of items) yield fields.map(([, , get]) => { const v = get(item); return v === null || v === undefined ? '' : String(v); });
  }
  return { columns, rows: rows() };
}
