import { readFile } from 'node:fs/promises';
import type { Dataset } from './dataset.js';
import { count } from './aggregate.js';
import * as f from './filters.js';
import { openHxl } from './open.js';
import { HxlError } from './tags.js';

/**
 * A recipe is JSON: a list of steps, each `{ "filter": name, ...options }` with the options of that filter,
 * so that a pipeline can be stored and replayed. The command line's shorthand steps (`select:#sector=WASH`)
 * become the same objects.
 */
export type RecipeStep =
  | { filter: 'select'; queries: string[]; reverse?: boolean }
  | { filter: 'cut'; include?: string[]; exclude?: string[] }
  | { filter: 'sort'; keys?: string[]; reverse?: boolean }
  | { filter: 'count'; keys: string[]; aggregators?: string[]; countSpec?: string }
  | { filter: 'rename'; specs: string[] }
  | { filter: 'add'; specs: string[]; before?: boolean }
  | { filter: 'clean'; whitespace?: string[]; whitespaceAll?: boolean; upper?: string[]; lower?: string[]; dates?: string[]; numbers?: string[] }
  | { filter: 'append'; with: string[] }
  | { filter: 'fill'; keys?: string[] }
  | { filter: 'merge'; with: string; keys: string[]; tags: string[]; replace?: boolean; overwrite?: boolean }
  | { filter: 'tag'; maps: string[]; defaultTag?: string; exact?: boolean }
  | { filter: 'dedup'; keys?: string[] };

export const FILTERS = ['select', 'cut', 'sort', 'count', 'rename', 'add', 'clean', 'merge', 'tag', 'dedup', 'append', 'fill'] as const;

const list = (s: string) => s.split(/[,|]/).map((x) => x.trim()).filter(Boolean);

/**
 * Shorthand steps: `select:#sector=WASH|#sector=Salud`, `select-reverse:...`, `cut:#org,#adm1`,
 * `cut-exclude:#sex`, `sort[:#tags]`, `sort-reverse[:#tags]`, `count:#org,#adm1`, `rename:#old:#new`,
 * `add:Header#tag=value`, `dedup[:#tags]`, `clean-whitespace[:#tags]`, `clean-upper:#tags`, `clean-lower:#tags`,
 * `clean-dates:#tags`, `clean-numbers:#tags`, `append:FILE|FILE`, `fill[:#tags]`, `tag:Header#tag|Other#tag2`.
 */
export function parseStep(text: string): RecipeStep {
  const i = text.indexOf(':');
  const name = (i < 0 ? text : text.slice(0, i)).trim().toLowerCase();
  const arg = i < 0 ? '' : text.slice(i + 1);
  const need = () => {
    if (!arg.trim()) throw new HxlError(`the step "${text}" needs an argument after "${name}:"`);
    return arg;
  };
  switch (name) {
    case 'select': return { filter: 'select', queries: need().split('|') };
    case 'select-reverse': return { filter: 'select', queries: need().split('|'), reverse: true };
    case 'cut': return { filter: 'cut', include: list(need()) };
    case 'cut-exclude': return { filter: 'cut', exclude: list(need()) };
    case 'sort': return { filter: 'sort', keys: list(arg) };
    case 'sort-reverse': return { filter: 'sort', keys: list(arg), reverse: true };
    case 'count': return { filter: 'count', keys: list(need()) };
    case 'rename': return { filter: 'rename', specs: [need()] };
    case 'add': return { filter: 'add', specs: [need()] };
    case 'dedup': return { filter: 'dedup', keys: list(arg) };
    case 'clean-whitespace': return arg ? { filter: 'clean', whitespace: list(arg) } : { filter: 'clean', whitespaceAll: true };
    case 'clean-upper': return { filter: 'clean', upper: list(need()) };
    case 'clean-lower': return { filter: 'clean', lower: list(need()) };
    case 'clean-dates': return { filter: 'clean', dates: list(need()) };
    case 'clean-numbers': return { filter: 'clean', numbers: list(need()) };
    case 'append': return { filter: 'append', with: need().split('|') };
    case 'fill': return { filter: 'fill', keys: list(arg) };
    case 'tag': return { filter: 'tag', maps: need().split('|') };
    default: throw new HxlError(`unknown filter "${name}" (one of ${FILTERS.join(', ')}, or a recipe .json file)`);
  }
}

/** Reads a recipe file: a JSON list of steps, each checked to name a known filter. */
export async function readRecipe(path: string): Promise<RecipeStep[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new HxlError(`${path}: not a JSON recipe`);
  }
  if (!Array.isArray(doc)) throw new HxlError(`${path}: a recipe is a JSON list of steps`);
  doc.forEach((s, i) => {
    if (!s || typeof s !== 'object' || !(FILTERS as readonly string[]).includes((s as { filter?: string }).filter ?? '')) {
      throw new HxlError(`${path}: step ${i + 1} must have "filter": one of ${FILTERS.join(', ')}`);
    }
  });
  return doc as RecipeStep[];
}

/** Runs the steps in order over a dataset; every step but sort and count streams. */
export async function applyRecipe(ds: Dataset, steps: readonly RecipeStep[]): Promise<Dataset> {
  let out = ds;
  for (const s of steps) {
    switch (s.filter) {
      case 'select': out = f.select(out, s); break;
      case 'cut': out = f.cut(out, s); break;
      case 'sort': out = f.sort(out, s); break;
      case 'count': out = count(out, s); break;
      case 'rename': out = f.rename(out, s); break;
      case 'add': out = f.add(out, s); break;
      case 'clean': out = f.clean(out, s); break;
      case 'merge': out = await f.merge(out, { ...s, other: await openHxl(s.with) }); break;
      case 'tag': out = f.tag(out, s); break;
      case 'dedup': out = f.dedup(out, s); break;
      case 'append': out = f.append(out, { others: await Promise.all(s.with.map((p) => openHxl(p))) }); break;
      case 'fill': out = f.fill(out, s); break;
    }
  }
  return out;
}
