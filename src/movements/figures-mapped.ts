import type { Ctx } from '../core/actor.js';
import { ImportError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { FigureDraft, ImportService, IngestRow } from '../figures/index.js';
import { readMapped } from '../hxl/index.js';
import type { VocabularyService } from '../vocabulary/index.js';
import { countryResolver } from './flows.service.js';
import { asImport } from './read-errors.js';
import { planFigures } from './figures-plan.js';
import type { MappingService } from './mapping.service.js';

/**
 * Population figures (stocks) through a mapping, written by the figures module's one import path (all or
 * nothing, the same file twice changes nothing, R1 checked there). The R4V planning layout: a row per
 * country, value columns `#affected+<type>+<group>+current` or `+projected` (type a population type code:
 * rmg, hst, mig …). Each group is its own dataset (`<dataset>:<group>`), and projections their own again
 * (`<dataset>:projected:<group>`, dated at the projection's date, their method saying they are projections):
 * a projection is never taken for a count, nor two groups for one.
 */
export function createMappedFigures(deps: {
  imports: Pick<ImportService, 'ingest' | 'precheck'>; mappings: Pick<MappingService, 'resolve'>; vocabulary: Pick<VocabularyService, 'countryCodes'>;
  accounts: { organisations(): Promise<Array<{ id: string; slug: string }>> };
}) {
  return {
    /** Who imports, checked before a byte of an upload is read (the figures module's rule: the acting organisation may import). */
    precheck: (ctx: Ctx, file: string, asOrg?: string) => deps.imports.precheck(ctx, 'hxl', file, asOrg),

    async importFigures(ctx: Ctx, path: string, opts: { mapping: string; asOrg?: string; name?: string }) {
      await deps.imports.precheck(ctx, 'hxl', opts.name ?? 'upload', opts.asOrg);
      const orgs = await deps.accounts.organisations();
      const actingSlug = opts.asOrg ?? (ctx.actor.memberships.length === 1 ? ctx.actor.memberships[0]!.orgSlug : undefined);
      const orgId = orgs.find((o) => o.slug === actingSlug)?.id ?? '';
      const mapping = await deps.mappings.resolve(ctx, opts.mapping, orgId);
      const target = mapping.figures;
      if (mapping.target !== 'figures' || !target) throw new ValidationError(`the mapping "${mapping.name}" imports ${mapping.target}, not figures`, [{ field: 'mapping', message: 'choose a figures mapping' }]);
      const table = await readMapped(path, mapping.read, { name: opts.name }).catch((e: unknown) => { throw asImport(e, opts.name ?? path); });
      const file = table.file;
      const plan = planFigures(table.columns);
      if (plan.errors.length) throw new ImportError(`${file}: the mapping "${mapping.name}" does not give what figures need; nothing was imported`, plan.errors.map((message) => ({ file, message })));
      const countryCode = countryResolver(await deps.vocabulary.countryCodes());
      const source = target.source ?? actingSlug ?? '';
      async function* rows(): AsyncGenerator<IngestRow> {
        try {
          for await (const r of table.rows) {
            const errors: ErrorDetail[] = [...r.errors];
            const hostText = (r.values[plan.host] ?? '').trim();
            const host = countryCode(hostText);
            if (!host) errors.push({ file, row: r.row, column: plan.hostColumn, message: `"${hostText}" is not a known country (an ISO3 code or its name)` });
            const figures: FigureDraft[] = [];
            for (const v of plan.values) {
              const text = (r.values[v.index] ?? '').trim();
              if (text === '' || !host) continue;
              const projected = v.when === 'projected';
              if (projected && !target!.projectedDate) { errors.push({ file, row: r.row, column: v.column, message: 'a projected value, but the mapping gives no "projectedDate"' }); continue; }
              figures.push({
                refDate: projected ? target!.projectedDate! : target!.date, datePrecision: 'day',
                origin: v.type === 'HST' ? null : target!.origin?.toUpperCase() ?? null, host, area: null, type: v.type, sex: 'total', value: Number(text),
                includesProtection: false, sourceOrg: source, sourceDataset: [target!.dataset, ...(projected ? ['projected'] : []), ...(v.group ? [v.group] : [])].join(':'),
                sourceRow: r.row,
                method: projected ? `projection for ${target!.projectedDate} (a planning figure, not a count), mapped from column ${v.column}` : `as published at ${target!.date}, mapped from column ${v.column}`,
              });
            }
            yield { row: r.row, rowKey: host ?? `row-${r.row}`, figures: errors.length ? [] : figures, errors };
          }
        } catch (e) {
          throw asImport(e, file);
        }
      }
      const summary = await deps.imports.ingest(ctx, 'mapped', file, rows(), { asOrg: opts.asOrg, sha256: () => table.sha256 });
      return {
        target: 'figures', file, mapping: mapping.name, batchId: summary.batchId, rowsRead: summary.rowsRead, inserted: summary.inserted,
        updated: summary.updated, unchanged: summary.unchanged, pointsCreated: 0, warnings: [...table.warnings],
      };
    },
  };
}
