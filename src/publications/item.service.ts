import type { PlatformService } from '../coordination/index.js';
import { ANONYMOUS, type Ctx } from '../core/actor.js';
import { DomainError, NotFoundError, ValidationError } from '../core/errors.js';
import type { FigureService } from '../figures/index.js';
import type { DashboardService } from '../response/index.js';
import { dashboardData, figureData, figureSource, itemProblems, keepHidden, MAX_FIGURE_ROWS, type FigureIn } from './publications.rules.js';
import type { ItemData, ItemSpec } from './publications.schemas.js';

/** The public: what a published report shows is what anyone signed out is shown, whoever publishes it. */
const PUBLIC_CTX: Ctx = { actor: ANONYMOUS, requestId: null };

/**
 * Reads an item's data as the public reads it at this moment: a figure query through the public figures, a
 * plan's dashboard through the dashboard service as an anonymous reader (validated figures, disclosure
 * control with the policy's k). Errors name the item's field (`items[2].dashboard.plan`).
 */
export function createItemReader(deps: {
  figures: Pick<FigureService, 'page'>; dashboards: Pick<DashboardService, 'cached' | 'dashboardRows'>; platforms: Pick<PlatformService, 'byRef'>;
}) {
  async function figures(f: NonNullable<ItemSpec['figures']>, field: string): Promise<ItemData> {
    const filter = { year: f.year, type: f.type, origin: f.origin?.toUpperCase(), host: f.host?.toUpperCase(), source: f.source };
    const all: FigureIn[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await deps.figures.page(PUBLIC_CTX, filter, { limit: 1000, after });
      all.push(...page.items);
      if (all.length > MAX_FIGURE_ROWS) {
        throw new ValidationError(`the figure query matches more than ${MAX_FIGURE_ROWS.toLocaleString('en-US')} figures`, [
          { field: `${field}.figures`, message: `more than ${MAX_FIGURE_ROWS.toLocaleString('en-US')} figures: narrow it by year, type, origin or host` },
        ]);
      }
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    return figureData(all, figureSource(f));
  }

  async function dashboard(d: NonNullable<ItemSpec['dashboard']>, field: string, hiddenBefore: ReadonlySet<string>): Promise<ItemData> {
    const opts = { until: d.until, sector: d.sector, area: d.area };
    try {
      const shown = (await deps.dashboards.cached(PUBLIC_CTX, d.plan, opts)).value;
      const rows = await deps.dashboards.dashboardRows(PUBLIC_CTX, d.plan, opts);
      const platform = await deps.platforms.byRef(shown.platform.slug);
      const narrowed = [d.sector ? `sector ${d.sector}` : null, d.area ? `area ${d.area}` : null].filter(Boolean).join(', ');
      const query = new URLSearchParams(Object.entries(opts).filter((e): e is [string, string] => e[1] !== undefined));
      return dashboardData(keepHidden(rows, hiddenBefore), {
        source: {
          label: `${shown.plan.name} (${shown.platform.name}), people reached up to ${shown.until}${narrowed ? `, ${narrowed}` : ''}`,
          url: `/api/v1/plans/${encodeURIComponent(d.plan)}/dashboard${query.size ? `?${query}` : ''}`,
        },
        iso3: platform.country_iso3, k: shown.disclosure.k,
      });
    } catch (e) {
      if (e instanceof NotFoundError) throw new ValidationError('no such plan', [{ field: `${field}.dashboard.plan`, message: 'no plan has this id' }]);
      if (e instanceof ValidationError) throw new ValidationError(e.message, e.details.map((x) => ({ ...x, field: `${field}.dashboard.${x.field ?? ''}` })));
      if (e instanceof DomainError) throw new ValidationError(e.message, [{ field: `${field}.dashboard`, message: e.message }]);
      throw e;
    }
  }

  return {
    /**
     * One item's data now, as the public would read it. `field` names the item in errors (`items[0]`, `item`);
     * `hiddenBefore`, the rows earlier releases of the same dashboard table hid (they stay hidden).
     */
    async read(item: ItemSpec, field: string, hiddenBefore: ReadonlySet<string> = new Set()): Promise<ItemData> {
      const problems = itemProblems(item, field);
      if (problems.length) throw new ValidationError('the item is not complete', problems);
      if (item.kind === 'figures' && item.figures) return figures(item.figures, field);
      if (item.kind === 'dashboard' && item.dashboard) return dashboard(item.dashboard, field, hiddenBefore);
      throw new ValidationError('the item is not complete', [{ field, message: 'unknown kind' }]);
    },
  };
}

export type ItemReader = ReturnType<typeof createItemReader>;
