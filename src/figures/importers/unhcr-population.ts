import type { ErrorDetail } from '../../core/errors.js';
import type { PopulationType } from '../../vocabulary/index.js';
import type { FigureDraft } from '../figure.model.js';
import { parseCount, parseCountry, parseYear, type FigureImporter } from './importer.js';

/** The columns of UNHCR's population statistics (Refugee Data Finder, `refugees` R package) and their types. */
const COUNT_COLUMNS: ReadonlyArray<[string, PopulationType]> = [
  ['refugees', 'REF'],
  ['asylum_seekers', 'ASY'],
  ['returned_refugees', 'RET'],
  ['idps', 'IDP'],
  ['returned_idps', 'RDP'],
  ['stateless', 'STA'],
  ['ooc', 'OOC'],
  ['oip', 'OIP'],
  ['hst', 'HST'],
];

export const UNHCR_POPULATION_DATASET = 'unhcr-population-statistics';

/**
 * UNHCR end-year population stocks by country of origin and of asylum. An empty cell is "not available"
 * and gives no figure; a zero is a figure. The reference date is 31 December of the year.
 */
export const unhcrPopulationImporter: FigureImporter = {
  kind: 'unhcr-population',
  publisher: 'unhcr',
  description: 'UNHCR population statistics (year, coo_iso, coa_iso, refugees, asylum_seekers, ... hst), CSV or CSV.gz',
  requiredColumns: ['year', 'coo_iso', 'coa_iso', ...COUNT_COLUMNS.map(([c]) => c)],
  rowKey: (r) => `${r.year}|${r.coo_iso}|${r.coa_iso}`,
  toFigures(r, ctx) {
    const errors: ErrorDetail[] = [];
    const year = parseYear(r.year, 'year', ctx, errors);
    const origin = parseCountry(r.coo_iso, 'coo_iso', ctx, errors);
    const host = parseCountry(r.coa_iso, 'coa_iso', ctx, errors);
    const figures: FigureDraft[] = [];
    for (const [column, type] of COUNT_COLUMNS) {
      const value = parseCount(r[column], column, ctx, errors);
      if (value === null || year === null || origin === null || host === null) continue;
      figures.push({
        refDate: `${year}-12-31`, datePrecision: 'year', origin, host, area: null, type, sex: 'total', value,
        includesProtection: false, sourceOrg: 'unhcr', sourceDataset: UNHCR_POPULATION_DATASET, sourceRow: ctx.row,
        method: 'UNHCR end-year stock (Refugee Population Statistics Database)',
      });
    }
    return { figures, errors };
  },
};
