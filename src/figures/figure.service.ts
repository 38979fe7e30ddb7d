import type { Kysely } from 'kysely';
import type { Engine } from '../core/db.js';
import { NotFoundError } from '../core/errors.js';
import type { DB, FigureTable } from '../core/schema.js';
import { createFigureRepo, type FigureFilter } from './figure.repo.js';

export interface FigureView {
  id: string;
  refDate: string;
  year: number;
  origin: string | null;
  host: string;
  area: string | null;
  type: string;
  sex: string;
  value: number;
  includesProtection: boolean;
  source: { organisation: string; dataset: string; row: number | null };
  method: string;
  batchId: string | null;
  version: number;
  recordedAt: string;
}

export function presentFigure(r: FigureTable): FigureView {
  return {
    id: r.id, refDate: r.ref_date, year: r.ref_year, origin: r.origin_iso3, host: r.host_iso3, area: r.admin_pcode,
    type: r.pop_type, sex: r.sex, value: Number(r.value), includesProtection: r.includes_protection === 1,
    source: { organisation: r.source_org, dataset: r.source_dataset, row: r.source_row },
    method: r.method, batchId: r.batch_id, version: r.version, recordedAt: r.recorded_at,
  };
}

/** The CSV columns of a figure export, in order. */
export const FIGURE_CSV_COLUMNS = [
  'ref_date', 'origin_iso3', 'host_iso3', 'admin_pcode', 'pop_type', 'sex', 'value', 'includes_protection',
  'source_org', 'source_dataset', 'source_row', 'method', 'version', 'id',
] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function createFigureService(deps: { db: Kysely<DB>; engine: Engine }) {
  const repo = createFigureRepo(deps.engine);
  return {
    async page(filter: FigureFilter, page: { limit: number; after?: string }) {
      const rows = await repo.list(deps.db, filter, { limit: page.limit + 1, after: page.after });
      const items = rows.slice(0, page.limit).map(presentFigure);
      return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
    },

    /** Every matching figure as CSV lines, read in chunks so that memory stays flat whatever the size. */
    async *csv(filter: FigureFilter, chunk = 5000): AsyncGenerator<string> {
      yield FIGURE_CSV_COLUMNS.join(',') + '\n';
      let after: string | undefined;
      for (;;) {
        const rows = await repo.list(deps.db, filter, { limit: chunk, after });
        if (rows.length === 0) return;
        yield rows.map((r) => FIGURE_CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')).join('\n') + '\n';
        if (rows.length < chunk) return;
        after = rows.at(-1)!.id;
      }
    },

    /** A figure with every value it had before, oldest first, the one in force last. */
    async withHistory(id: string) {
      const row = await repo.get(deps.db, id);
      if (!row) throw new NotFoundError('figure', id);
      const past = await repo.versions(deps.db, id);
      return {
        figure: presentFigure(row),
        history: [
          ...past.map((v) => ({
            version: v.version, value: Number(v.value), batchId: v.batch_id, sourceRow: v.source_row,
            recordedAt: v.recorded_at, supersededAt: v.superseded_at as string | null,
          })),
          { version: row.version, value: Number(row.value), batchId: row.batch_id, sourceRow: row.source_row, recordedAt: row.recorded_at, supersededAt: null },
        ],
      };
    },
  };
}
