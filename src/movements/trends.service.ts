import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { Engine } from '../core/db.js';
import type { DB } from '../core/tables.js';
import { buildTable, publishedCells, suppress, TOTAL, type DisclosureSetting } from '../core/disclosure/index.js';
import { movementsRepo as repo, type TrendFilter } from './movements.repo.js';
import { FLOW_LABEL } from './movements.rules.js';
import type { TrendQuery } from './movements.schemas.js';

const SEP = '>';
const corridorCode = (c: { origin: string; transit: string; destination: string }) => [c.origin, c.transit, c.destination].join(SEP);
const corridorOfCode = (code: string) => {
  const [origin = '', transit = '', destination = ''] = code.split(SEP);
  return { origin, transit, destination };
};

/**
 * Flow trends for every signed-in account: aggregates of the counts by corridor (origin → transit →
 * destination), by month or week, with the shared disclosure control (src/core/disclosure): a count below k (the policy's, 5 by default) is
 * suppressed, and so is any cell that would give it away from the totals. Every answer says it is a flow.
 */
export function createTrendService(deps: { db: Kysely<DB>; engine: Engine; access: Pick<Access, 'check'>; disclosure: Pick<DisclosureSetting, 'k'> }) {
  const { db, access } = deps;
  const filterOf = (q: TrendQuery): TrendFilter => ({
    grain: q.grain, measure: q.measure, direction: q.direction, origin: q.origin?.toUpperCase(), transit: q.transit?.toUpperCase(),
    destination: q.destination?.toUpperCase(), from: q.from, to: q.to, point: q.point,
  });

  return {
    /** The largest corridors over the window (the top `limit`), each with its total. */
    async topCorridors(ctx: Ctx, q: TrendQuery) {
      await access.check(ctx, 'movement_trend', 'read');
      const f = filterOf(q);
      const [rows, k] = await Promise.all([repo.topCorridors(db, f, q.limit), deps.disclosure.k()]);
      const table = buildTable(['corridor'], rows.map((r) => ({ key: [corridorCode(r)], count: r.value })));
      const s = rows.length ? suppress(table, { k }) : null;
      const items = s
        ? [...publishedCells(table, s)].filter((c) => c.key[0] !== TOTAL).map((c) => ({ ...corridorOfCode(c.key[0]!), value: c.value }))
        : [];
      // The table sorts its categories by code: give them back largest first, as asked.
      const order = new Map(rows.map((r, i) => [corridorCode(r), i]));
      items.sort((a, b) => order.get(corridorCode(a))! - order.get(corridorCode(b))!);
      return { kind: 'flow' as const, label: FLOW_LABEL, grain: q.grain, measure: q.measure, suppression: { k, suppressed: items.filter((i) => i.value === null).length }, items };
    },

    /** The series by month or week of the largest corridors matching the filter. */
    async trend(ctx: Ctx, q: TrendQuery) {
      await access.check(ctx, 'movement_trend', 'read');
      const f = filterOf(q);
      const [{ top, rows }, k] = await Promise.all([repo.trend(db, deps.engine, f, q.limit), deps.disclosure.k()]);
      const table = buildTable(['corridor', 'bucket'], rows.map((r) => ({ key: [corridorCode(r), r.bucket], count: r.value })));
      const s = rows.length ? suppress(table, { k }) : null;
      const byCorridor = new Map<string, { total: number | null; points: Array<{ bucket: string; value: number | null }> }>();
      let suppressed = 0;
      if (s) {
        for (const cell of publishedCells(table, s)) {
          const [c, bucket] = cell.key as [string, string];
          if (c === TOTAL) continue;
          if (cell.value === null) suppressed++;
          const entry = byCorridor.get(c) ?? { total: null, points: [] };
          byCorridor.set(c, entry);
          if (bucket === TOTAL) entry.total = cell.value;
          else entry.points.push({ bucket, value: cell.value });
        }
      }
      const series = top.map((c) => ({ ...c, ...(byCorridor.get(corridorCode(c)) ?? { total: null, points: [] }) })).map(({ value: _v, ...rest }) => rest);
      return { kind: 'flow' as const, label: FLOW_LABEL, grain: q.grain, measure: q.measure, suppression: { k, suppressed }, series };
    },
  };
}

export type TrendService = ReturnType<typeof createTrendService>;
