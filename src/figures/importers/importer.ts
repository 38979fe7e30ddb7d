import type { ErrorDetail } from '../../core/errors.js';
import type { FigureDraft } from '../figure.model.js';

export interface RowContext {
  file: string;
  row: number;
  isKnownCountry(code: string): boolean;
}

/** What an importer knows about its format: the columns it needs, and how a row becomes figures. */
export interface FigureImporter {
  kind: 'unhcr-population' | 'desa-stock';
  /** The organisation that publishes the format: only it, or one it delegated assertion to, may import it (R1). */
  publisher: string;
  /** Shown in help and reports: what the format is and who publishes it. */
  description: string;
  requiredColumns: readonly string[];
  /** Identity of a source row: two rows with the same key must carry the same values. */
  rowKey(record: Record<string, string>): string;
  toFigures(record: Record<string, string>, ctx: RowContext): { figures: FigureDraft[]; errors: ErrorDetail[] };
}

/** A year between 1900 and 2100, or an error naming the cell. */
export function parseYear(value: string | undefined, column: string, ctx: RowContext, errors: ErrorDetail[]): number | null {
  const v = (value ?? '').trim();
  if (!/^\d{4}$/.test(v) || Number(v) < 1900 || Number(v) > 2100) {
    errors.push({ file: ctx.file, row: ctx.row, column, message: `"${v}" is not a year between 1900 and 2100` });
    return null;
  }
  return Number(v);
}

/** An ISO3 country code present in the vocabulary, or an error naming the cell. */
export function parseCountry(value: string | undefined, column: string, ctx: RowContext, errors: ErrorDetail[]): string | null {
  const v = (value ?? '').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(v) || !ctx.isKnownCountry(v)) {
    errors.push({ file: ctx.file, row: ctx.row, column, message: `"${value ?? ''}" is not a known ISO3 country code` });
    return null;
  }
  return v;
}

/**
 * A count of people: empty or NA means "not available" (null, no figure); otherwise a non-negative whole
 * number. Exports written by R give round numbers in scientific notation (2e+05), which are accepted when
 * they denote a whole number.
 */
export function parseCount(value: string | undefined, column: string, ctx: RowContext, errors: ErrorDetail[]): number | null {
  const v = (value ?? '').trim();
  if (v === '' || v.toUpperCase() === 'NA') return null;
  if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v)) {
    errors.push({ file: ctx.file, row: ctx.row, column, message: `"${v}" is not a number` });
    return null;
  }
  const n = Number(v);
  if (n < 0) {
    errors.push({ file: ctx.file, row: ctx.row, column, message: `${v} is negative: a count of people cannot be` });
    return null;
  }
  if (!Number.isInteger(n)) {
    errors.push({ file: ctx.file, row: ctx.row, column, message: `${v} is not a whole number of people` });
    return null;
  }
  if (!Number.isSafeInteger(n)) {
    errors.push({ file: ctx.file, row: ctx.row, column, message: `${v} is too large` });
    return null;
  }
  return n === 0 ? 0 : n;
}
