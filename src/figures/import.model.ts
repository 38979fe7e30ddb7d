import type { ErrorDetail } from '../core/errors.js';
import type { FigureDraft } from './figure.model.js';
import { desaStockImporter } from './importers/desa-stock.js';
import type { FigureImporter } from './importers/importer.js';
import { unhcrPopulationImporter } from './importers/unhcr-population.js';

/** The CSV publications Tandem reads with a dedicated importer. */
export const CSV_IMPORTERS: Record<FigureImporter['kind'], FigureImporter> = {
  'unhcr-population': unhcrPopulationImporter,
  'desa-stock': desaStockImporter,
};

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportSummary {
  kind: string;
  file: string;
  /** The batch that recorded the changes; null when the file changed nothing. */
  batchId: string | null;
  rowsRead: number;
  figuresRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  elapsedMs: number;
}

/** A row of any source, already turned into figures by its importer. */
export interface IngestRow {
  row: number;
  rowKey: string;
  figures: FigureDraft[];
  errors: ErrorDetail[];
  /** The column that names the asserting organisation (`#meta+source`), for error messages. */
  sourceColumn?: string;
}

/** Who an import is for. */
export interface ImportMeta {
  /** The organisation the import is made for: required of the operator, chosen among an account's own. */
  asOrg?: string;
  /** The organisation that publishes the whole file (UNHCR's statistics, UN DESA's stock), checked before any row is read. */
  publisher?: string;
}

/** How many row errors an import report lists; the total is always given. */
export const MAX_REPORTED_ERRORS = 100;
