import { formatTagSpec, type MappedColumn } from '../hxl/index.js';
import { isPopulationType, type PopulationType } from '../vocabulary/index.js';

/** Where the country is, and what each value column asserts; every column the figures import cannot read, named. */
export function planFigures(columns: readonly MappedColumn[]) {
  const errors: string[] = [];
  let host = -1;
  let hostColumn = '';
  const values: Array<{ index: number; column: string; type: PopulationType; group: string; when: 'current' | 'projected' }> = [];
  columns.forEach((c, index) => {
    const column = c.source === null ? c.header : `${c.letter} (${c.header})`;
    const t = c.tag;
    if (t.tag === 'country' && !t.attributes.includes('origin')) { host = index; hostColumn = column; return; }
    if (t.tag !== 'affected') { errors.push(`column ${column}: ${formatTagSpec(t)} is not read by the figures import (#country+name or +code, #affected+<type>+current or +projected)`); return; }
    const types = t.attributes.map((a) => a.toUpperCase()).filter(isPopulationType);
    const when = t.attributes.includes('projected') ? 'projected' : t.attributes.includes('current') ? 'current' : null;
    if (types.length !== 1 || !when) { errors.push(`column ${column}: ${formatTagSpec(t)} needs one population type (+rmg, +hst, +mig …) and +current or +projected`); return; }
    const type = types[0]!;
    const group = t.attributes.filter((a) => a.toUpperCase() !== type && a !== when).sort().join('-');
    values.push({ index, column, type, group, when });
  });
  if (host < 0) errors.push('no column is mapped to #country (the country the figures are for)');
  if (!values.length) errors.push('no column is mapped to #affected+<type>+current or +projected');
  return { host, hostColumn, values, errors };
}
