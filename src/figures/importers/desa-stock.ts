import type { ErrorDetail } from '../../core/errors.js';
import type { FigureDraft, MethodFlag } from '../figure.model.js';
import { parseCount, parseCountry, parseYear, type FigureImporter } from './importer.js';

export const DESA_STOCK_DATASET = 'undesa-international-migrant-stock-2024';

const FLAGS = ['type_b', 'type_c', 'type_r', 'type_i'] as const;
/** What UN DESA's flags say: counted by place of birth (b) or citizenship (c), UNHCR's refugees added (r), imputed (i). */
const FLAG_MEANING: Record<(typeof FLAGS)[number], MethodFlag> = { type_b: 'birthplace', type_c: 'citizenship', type_r: 'refugees_added', type_i: 'imputed' };

/**
 * UN DESA International Migrant Stock 2024, destination x origin x sex, mid-year estimates. The stock is
 * an inclusive total: it counts refugees too, so the lead recommendation subtracts them (R2).
 */
export const desaStockImporter: FigureImporter = {
  kind: 'desa-stock',
  publisher: 'undesa',
  description: 'UN DESA International Migrant Stock (geo, t, from, sex, n, type_b, type_c, type_r, type_i), CSV or CSV.gz',
  requiredColumns: ['geo', 't', 'from', 'sex', 'n', ...FLAGS],
  rowKey: (r) => `${r.geo}|${r.t}|${r.from}|${r.sex}`,
  toFigures(r, ctx) {
    const errors: ErrorDetail[] = [];
    const year = parseYear(r.t, 't', ctx, errors);
    const host = parseCountry(r.geo, 'geo', ctx, errors);
    const origin = parseCountry(r.from, 'from', ctx, errors);
    const sex = (r.sex ?? '').trim().toLowerCase();
    if (sex !== 'female' && sex !== 'male' && sex !== 'total') {
      errors.push({ file: ctx.file, row: ctx.row, column: 'sex', message: `"${r.sex ?? ''}" is not female, male or total` });
    }
    const flags: string[] = [];
    const methodFlags: MethodFlag[] = [];
    for (const f of FLAGS) {
      const v = (r[f] ?? '').trim();
      if (v !== '0' && v !== '1') errors.push({ file: ctx.file, row: ctx.row, column: f, message: `"${v}" is not 0 or 1` });
      else if (v === '1') { flags.push(f); methodFlags.push(FLAG_MEANING[f]); }
    }
    const value = parseCount(r.n, 'n', ctx, errors);
    if (value === null && errors.length === 0) {
      errors.push({ file: ctx.file, row: ctx.row, column: 'n', message: 'the stock is missing' });
    }
    if (errors.length > 0 || value === null || year === null || host === null || origin === null) return { figures: [], errors };
    const figure: FigureDraft = {
      refDate: `${year}-07-01`, datePrecision: 'year', origin, host, area: null, type: 'MIG',
      sex: sex as FigureDraft['sex'], value, includesProtection: true, sourceOrg: 'undesa',
      sourceDataset: DESA_STOCK_DATASET, sourceRow: ctx.row,
      method: `UN DESA mid-year migrant stock estimate; flags: ${flags.join(', ') || 'none'}`, methodFlags,
    };
    return { figures: [figure], errors };
  },
};
