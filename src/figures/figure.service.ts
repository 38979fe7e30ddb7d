import type { Kysely } from 'kysely';
import type { Engine } from '../core/db.js';
import { NotFoundError } from '../core/errors.js';
import type { DB } from '../core/tables.js';
import type { AccountService } from '../access/index.js';
import { actorOrg, type Ctx } from '../core/actor.js';
import type { EventBus } from '../core/events.js';
import type { DisclosureSetting } from '../core/disclosure/index.js';
import type { RegistryService } from '../vocabulary/index.js';
import { hiddenSmallAreas } from './small-areas.rules.js';
import { METHOD_FLAGS, type MethodFlag } from './figure.model.js';
import type { FigureTable } from './figures.tables.js';
import { createFigureRepo, type FigureFilter } from './figure.repo.js';
import type { Dataset } from '../hxl/index.js';
import { csvField, parseTagSpec } from '../hxl/index.js';

export interface FigureView {
  id: string;
  refDate: string;
  year: number;
  origin: string | null;
  host: string;
  area: string | null;
  type: string;
  sex: string;
  /** Null when the figure is below country level and disclosure control hides it from this reader. */
  value: number | null;
  includesProtection: boolean;
  /** Who asserts the figure (R1), in which dataset and row, and which organisation's account imported it. */
  source: { organisation: string; dataset: string; row: number | null; importedBy: string | null };
  method: string;
  methodFlags: MethodFlag[];
  demo: boolean;
  batchId: string | null;
  version: number;
  recordedAt: string;
}

/** The method flags stored with a figure. */
export const methodFlagsOf = (stored: string): MethodFlag[] => METHOD_FLAGS.filter((f) => stored.split(',').includes(f));

/** A stored figure as the API shows it; `orgSlug` names the importing organisation. */
export function presentFigure(r: FigureTable, orgSlug: (id: string) => string = (id) => id, hidden = false): FigureView {
  return {
    id: r.id, refDate: r.ref_date, year: r.ref_year, origin: r.origin_iso3, host: r.host_iso3, area: r.admin_pcode,
    type: r.pop_type, sex: r.sex, value: hidden ? null : Number(r.value), includesProtection: r.includes_protection === 1,
    source: { organisation: r.source_org, dataset: r.source_dataset, row: r.source_row, importedBy: r.imported_by_org ? orgSlug(r.imported_by_org) : null },
    method: r.method, methodFlags: methodFlagsOf(r.method_flags), demo: r.demo === 1, batchId: r.batch_id, version: r.version, recordedAt: r.recorded_at,
  };
}

/** The CSV columns of a figure export, in order. */
export const FIGURE_CSV_COLUMNS = [
  'ref_date', 'origin_iso3', 'host_iso3', 'admin_pcode', 'pop_type', 'sex', 'value', 'includes_protection',
  'source_org', 'source_dataset', 'source_row', 'method', 'version', 'id',
] as const;

/** The columns of a figure export in Tandem's HXL profile (long shape). */
export const FIGURE_HXL_COLUMNS: ReadonlyArray<[string, string]> = [
  ['Date', '#date+reported'], ['Origin', '#country+code+origin'], ['Host', '#country+code'], ['Area', '#adm1+code'],
  ['Population type', '#indicator+code'], ['Sex', '#population+sex'], ['Value', '#affected'], ['Inclusive total', '#meta+x_inclusive'],
  ['Source', '#meta+source'], ['Dataset', '#meta+dataset'], ['Method', '#meta+method'], ['Figure id', '#meta+id'],
];

export type FigureService = ReturnType<typeof createFigureService>;

export function createFigureService(deps: {
  db: Kysely<DB>; engine: Engine; accounts: Pick<AccountService, 'organisations'>;
  registries: Pick<RegistryService, 'adminAreas'>; disclosure: Pick<DisclosureSetting, 'k'>; events: EventBus;
}) {
  const repo = createFigureRepo(deps.engine);

  async function orgSlugs() {
    const bySlug = new Map((await deps.accounts.organisations()).map((o) => [o.id, o.slug]));
    return (id: string) => bySlug.get(id) ?? id;
  }

  /** Every matching figure, page by page in id order (keyset), so that memory stays flat whatever the size. */
  async function* pages(filter: FigureFilter, chunk: number): AsyncGenerator<FigureTable[]> {
    let after: string | undefined;
    for (;;) {
      const rows = await repo.list(deps.db, filter, { limit: chunk, after });
      if (rows.length > 0) yield rows;
      if (rows.length < chunk) return;
      after = rows.at(-1)!.id;
    }
  }

  /**
   * The figures below country level among `rows` that this reader is not shown (issue 16): disclosure control
   * over each one's whole table (`small-areas.rules.ts`), with the k of the policy in force. The organisation
   * that asserts a figure, the platform administrator and the operator read it as stored.
   */
  async function hiddenFor(ctx: Ctx, rows: readonly FigureTable[]): Promise<{ k: number; hidden: Set<string> }> {
    const asStored = (org: string) => ctx.actor.kind === 'operator'
      || ctx.actor.memberships.some((m) => m.orgSlug === org || m.role === 'platform_admin');
    const sub = rows.filter((r) => r.admin_pcode !== null && !asStored(r.source_org));
    const k = await deps.disclosure.k();
    if (sub.length === 0) return { k, hidden: new Set() };
    const tableOf = (r: FigureTable) => [r.host_iso3, r.origin_iso3 ?? '', r.pop_type, r.ref_date, r.source_org, r.source_dataset].join('|');
    const wanted = new Set(sub.map(tableOf));
    const members = (await repo.tablesOf(deps.db, {
      hosts: [...new Set(sub.map((r) => r.host_iso3))], dates: [...new Set(sub.map((r) => r.ref_date))],
      datasets: [...new Set(sub.map((r) => r.source_dataset))],
    })).filter((r) => wanted.has(tableOf(r)));
    const pcodes = [...new Set(members.flatMap((r) => (r.admin_pcode ? [r.admin_pcode] : [])))];
    const parents = new Map((await deps.registries.adminAreas({ pcodes })).map((a) => [a.pcode, a.parent ?? null]));
    const hidden = hiddenSmallAreas(members.map((r) => ({
      id: r.id, table: tableOf(r), area: r.admin_pcode, parent: r.admin_pcode ? parents.get(r.admin_pcode) ?? null : null, sex: r.sex, value: Number(r.value),
    })), k);
    return { k, hidden };
  }

  /**
   * Counts what an export carries, by asserting organisation, and registers it when the export ends (issue 16:
   * every export is a transfer) — for an account of an organisation; a visitor's or the operator's export is
   * not a transfer between organisations.
   */
  function exportLedger(ctx: Ctx, format: string, fields: readonly string[]) {
    const toOrgId = actorOrg(ctx.actor);
    const rows = new Map<string, number>();
    let disclosed = false;
    return {
      count(page: readonly FigureTable[], hidden: ReadonlySet<string>) {
        for (const r of page) rows.set(r.source_org, (rows.get(r.source_org) ?? 0) + 1);
        if (hidden.size > 0) disclosed = true;
      },
      async close() {
        if (!toOrgId || ctx.actor.kind !== 'user' || rows.size === 0) return;
        const ids = new Map((await deps.accounts.organisations()).map((o) => [o.slug, o.id]));
        const from = [...rows].flatMap(([slug, n]) => (ids.has(slug) ? [{ orgId: ids.get(slug)!, rows: n }] : []));
        await deps.events.transaction(async (tx) => { await tx.emit('figures.exported', { toOrgId, from, format, fields: [...fields], disclosed }); });
      },
    };
  }

  return {
    /** One page of figures as this reader is shown them; `disclosure` says how many are hidden below country level. */
    async page(ctx: Ctx, filter: FigureFilter, page: { limit: number; after?: string }) {
      const rows = await repo.list(deps.db, filter, { limit: page.limit + 1, after: page.after });
      const shown = rows.slice(0, page.limit);
      const [slugs, { k, hidden }] = await Promise.all([orgSlugs(), hiddenFor(ctx, shown)]);
      const items = shown.map((r) => presentFigure(r, slugs, hidden.has(r.id)));
      return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null, disclosure: { k, hidden: items.filter((i) => i.value === null).length } };
    },

    /** Every matching figure as CSV lines, read in chunks so that memory stays flat whatever the size; hidden values empty. */
    async *csv(ctx: Ctx, filter: FigureFilter, chunk = 5000): AsyncGenerator<string> {
      const ledger = exportLedger(ctx, 'csv', FIGURE_CSV_COLUMNS);
      try {
        yield FIGURE_CSV_COLUMNS.join(',') + '\n';
        for await (const rows of pages(filter, chunk)) {
          const { hidden } = await hiddenFor(ctx, rows);
          ledger.count(rows, hidden);
          yield rows.map((r) => FIGURE_CSV_COLUMNS.map((c) => (c === 'value' && hidden.has(r.id) ? '' : csvField(r[c]))).join(',')).join('\n') + '\n';
        }
      } finally {
        await ledger.close();
      }
    },

    /**
     * Every matching figure as an HXL dataset in the long shape of Tandem's profile, read in chunks: it can
     * be written as HXL CSV or JSON and imported again with `tandem import hxl`. Hidden values are empty.
     */
    hxl(ctx: Ctx, filter: FigureFilter, format: string, chunk = 5000): Dataset {
      const ledger = exportLedger(ctx, format, FIGURE_HXL_COLUMNS.map(([header]) => header));
      async function* rows(): AsyncGenerator<string[]> {
        try {
          for await (const page of pages(filter, chunk)) {
            const { hidden } = await hiddenFor(ctx, page);
            ledger.count(page, hidden);
            for (const r of page) {
              yield [r.ref_date, r.origin_iso3 ?? '', r.host_iso3, r.admin_pcode ?? '', r.pop_type, r.sex, hidden.has(r.id) ? '' : String(r.value),
                r.includes_protection ? '1' : '', r.source_org, r.source_dataset, r.method, r.id];
            }
          }
        } finally {
          await ledger.close();
        }
      }
      return { columns: FIGURE_HXL_COLUMNS.map(([header, tag]) => ({ header, tag: parseTagSpec(tag) })), rows: rows() };
    },

    /**
     * The figures of some places up to a date: the given hosts, from the given origins (or of no stated
     * origin too, for internal and disaster situations), in the given admin areas or at country level.
     */
    forPlaces(p: { origins: string[]; hosts: string[]; areas: string[]; until?: string; includeUnspecifiedOrigin: boolean }) {
      return repo.forPlaces(deps.db, p);
    },

    /** A figure with every value it had before, oldest first, the one in force last. */
    async withHistory(ctx: Ctx, id: string) {
      const row = await repo.get(deps.db, id);
      if (!row) throw new NotFoundError('figure');
      // A hidden figure's past values are hidden too: an earlier value would give away today's small count.
      const hide = (await hiddenFor(ctx, [row])).hidden.has(row.id);
      const past = await repo.versions(deps.db, id);
      return {
        figure: presentFigure(row, await orgSlugs(), hide),
        history: [
          ...past.map((v) => ({
            version: v.version, value: hide ? null : Number(v.value), batchId: v.batch_id, sourceRow: v.source_row,
            recordedAt: v.recorded_at, supersededAt: v.superseded_at,
          })),
          { version: row.version, value: hide ? null : Number(row.value), batchId: row.batch_id, sourceRow: row.source_row, recordedAt: row.recorded_at, supersededAt: null },
        ],
      };
    },
  };
}
