import { useMemo } from 'react';
import type { Recommendation, Summary } from '../api/client';
import { sourceDecal } from '../charts/patterns';
import { useChart } from '../charts/useChart';
import { useNarrow } from '../charts/useNarrow';
import { formatNumber, useTranslation } from '../i18n';
import { useNames } from '../names';
import { populationColour } from '../populations';
import { TableWrap } from './TableWrap';

type Point = Summary['series'][number];

/**
 * A situation's figures over time: one series per population type and source, never added together (two
 * datasets of one type overlap: they count the same people). A type has its one colour everywhere; a second
 * source of it has a pattern. The source the recommendation used is marked; a table gives the same numbers.
 */
export default function CompositionChart({ series, inputs }: { series: Summary['series']; inputs: Recommendation['inputs'] }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const narrow = useNarrow();
  const lng = i18n.language;

  const { option, years, groups, cell } = useMemo(() => {
    const years = [...new Set(series.map((s) => s.year))].sort((a, b) => a - b);
    const used = new Set(inputs.filter((i) => i.role === 'used' || i.role === 'inclusive-total').map((i) => `${i.type}|${i.sourceDataset}`));
    const key = (s: Pick<Point, 'type' | 'source'>) => `${s.type}|${s.source}`;
    const pairs = [...new Map(series.map((s) => [key(s), { type: s.type, source: s.source }])).values()]
      .sort((a, b) => a.type.localeCompare(b.type) || Number(used.has(key(b))) - Number(used.has(key(a))) || a.source.localeCompare(b.source));
    // One value per type, source and year: a repeated point replaces, never adds.
    const values = new Map<string, number>();
    for (const s of series) values.set(`${key(s)}|${s.year}`, s.value);
    const cell = (k: string, y: number) => values.get(`${k}|${y}`);
    const nth = new Map<string, number>();
    const groups = pairs.map((p) => {
      const n = nth.get(p.type) ?? 0;
      nth.set(p.type, n + 1);
      const k = key(p);
      return { key: k, type: p.type, source: p.source, used: used.has(k), pattern: n, colour: populationColour(p.type), label: `${names.type(p.type)} · ${names.dataset(p.source)}` };
    });
    const option = {
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number) => formatNumber(v, lng) },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: years.map(String), axisLabel: { interval: 0, rotate: narrow && years.length > 4 ? 45 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, lng, { notation: 'compact' }) } },
      series: groups.map((g) => ({
        name: g.label, type: 'bar', data: years.map((y) => cell(g.key, y) ?? null),
        itemStyle: { color: g.colour, ...(sourceDecal(g.pattern) ? { decal: sourceDecal(g.pattern) } : {}) },
      })),
    };
    return { option, years, groups, cell };
  }, [series, inputs, lng, names, narrow]);

  const ref = useChart(option);
  return (
    <div>
      <p className="muted small">{t('situation.chartNote')}</p>
      <div ref={ref} className="chart" role="img" aria-label={t('situation.chartLabel')} />
      <ul className="legend" aria-label={t('situation.chartLegend')} data-testid="chart-legend">
        {groups.map((g) => (
          <li key={g.key} data-type={g.type}>
            <span className={`swatch pattern-${Math.min(g.pattern, 3)}`} style={{ backgroundColor: g.colour }} aria-hidden="true" />
            {names.type(g.type)} · <bdi>{names.dataset(g.source)}</bdi>{g.used && <strong> ({t('situation.usedSource')})</strong>}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('situation.chartTable')}</summary>
        <TableWrap label={t('situation.chartTable')}>
          <table data-testid="composition-table">
            <thead><tr><th scope="col">{t('figures.type')}</th><th scope="col">{t('figures.dataset')}</th>{years.map((y) => <th scope="col" key={y} className="num">{y}</th>)}</tr></thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row">{names.type(g.type)}</th><td><bdi>{names.dataset(g.source)}</bdi>{g.used ? ` (${t('situation.usedSource')})` : ''}</td>
                  {years.map((y) => <td key={y} className="num">{formatNumber(cell(g.key, y), lng)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </div>
  );
}
