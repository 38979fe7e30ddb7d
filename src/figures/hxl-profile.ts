import type { Column } from '../hxl/index.js';
import { parseTagPattern, matches, type TagPattern } from '../hxl/index.js';
import type { PopulationType } from '../vocabulary/index.js';

/**
 * Tandem's HXL profile: how population figures are tagged, both ways. Attributes from the HXL dictionary
 * where it has a term (+refugees, +idps, +returnees, +migrants, +f, +m), and documented `+x_` attributes
 * where it has none (+x_asylum, +x_oip, +x_stateless, +x_ooc, +x_host, +x_inclusive).
 * The most specific pattern is listed first: it wins.
 */
export const TYPE_PATTERNS: ReadonlyArray<[PopulationType, string]> = [
  ['RET', '#affected+returnees+refugees'],
  ['RDP', '#affected+returnees+idps'],
  ['RMG', '#affected+refugees+migrants'],
  ['REF', '#affected+refugees'],
  ['ASY', '#affected+x_asylum'],
  ['OIP', '#affected+x_oip'],
  ['STA', '#affected+x_stateless'],
  ['IDP', '#affected+idps'],
  ['OOC', '#affected+x_ooc'],
  ['HST', '#affected+x_host'],
  ['MIG', '#affected+migrants'],
];

/** The tag Tandem writes for a type (the pattern above, as a tag). */
export const TYPE_TAG: Record<PopulationType, string> = Object.fromEntries(TYPE_PATTERNS.map(([t, p]) => [t, p])) as Record<PopulationType, string>;

const P = (s: string): TagPattern => parseTagPattern(s)!;

/** The dimension columns a figure file may carry. */
export const DIMENSIONS = {
  date: P('#date'),
  origin: P('#country+code+origin'),
  host: P('#country+code-origin'),
  adm2: P('#adm2+code'),
  adm1: P('#adm1+code'),
  source: P('#meta+source'),
  /** Long format: the population type code in one column and the value in another. */
  type: P('#indicator+code'),
  value: P('#affected-returnees-refugees-idps-migrants-x_asylum-x_oip-x_stateless-x_ooc-x_host'),
  sex: P('#population+sex'),
  inclusive: P('#meta+x_inclusive'),
} as const;

export interface ValueColumn {
  index: number;
  type: PopulationType;
  sex: 'total' | 'female' | 'male';
  inclusive: boolean;
}

/** The columns of a wide file that hold figures, with the type and sex their tags say. */
export function valueColumns(columns: readonly Column[]): ValueColumn[] {
  const out: ValueColumn[] = [];
  columns.forEach((c, index) => {
    const found = TYPE_PATTERNS.find(([, p]) => matches(P(p), c.tag));
    if (!found || !c.tag) return;
    const a = c.tag.attributes;
    out.push({ index, type: found[0], sex: a.includes('f') ? 'female' : a.includes('m') ? 'male' : 'total', inclusive: a.includes('x_inclusive') });
  });
  return out;
}
