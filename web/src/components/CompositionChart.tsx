import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Summary } from '../api/client';
import { useChart } from '../charts/useChart';
import { formatNumber, localName } from '../i18n';
import { useSession } from '../session';

const PALETTE = ['#0a5ea8', '#9c4a00', '#6b3fa0', '#2f6b2f', '#b0205a', '#00707a', '#7a6a00', '#444444', '#c05a00', '#3b5bdb', '#8a2be2'];

/** A situation's figures over time by population type or by source, side by side: sources overlap (a total may include refugees another source counts), so bars are never stacked into a sum. A table gives the same numbers. */
export default function CompositionChart({ series }: { series: Summary['series'] }) {
  const { t, i18n } = useTranslation();
  const { populationTypes } = useSession();
  const [by, setBy] = useState<'type' | 'source'>('type');
  const lng = i18n.language;

  const { option, years, groups, cell } = useMemo(() => {
    const typeName = (code: string) => { const p = populationTypes.find((x) => x.code === code); return p ? localName(p.names, lng) : code; };
    const years = [...new Set(series.map((s) => s.year))].sort((a, b) => a - b);
    const key = (s: Summary['series'][number]) => (by === 'type' ? s.type : s.source);
    const groups = [...new Set(series.map(key))].sort();
    const values = new Map<string, number>();
    for (const s of series) values.set(`${key(s)}|${s.year}`, (values.get(`${key(s)}|${s.year}`) ?? 0) + s.value);
    const cell = (g: string, y: number) => values.get(`${g}|${y}`);
    const label = (g: string) => (by === 'type' ? typeName(g) : g);
    const option = {
      color: PALETTE,
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v, lng) },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: 'category', data: years.map(String) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, lng, { notation: 'compact' }) } },
      series: groups.map((g) => ({ name: label(g), type: 'bar', data: years.map((y) => cell(g, y) ?? 0) })),
    };
    return { option, years, groups: groups.map((g) => ({ code: g, label: label(g) })), cell };
  }, [series, by, lng, populationTypes]);

  const ref = useChart(option);
  return (
    <div>
      <fieldset className="toggle">
        <legend>{t('situation.chartBy')}</legend>
        <label><input type="radio" name="by" checked={by === 'type'} onChange={() => setBy('type')} /> {t('situation.byType')}</label>
        <label><input type="radio" name="by" checked={by === 'source'} onChange={() => setBy('source')} /> {t('situation.bySource')}</label>
      </fieldset>
      <p className="muted small">{t('situation.chartNote')}</p>
      <div ref={ref} className="chart" role="img" aria-label={t('situation.chartLabel')} />
      <details>
        <summary>{t('situation.chartTable')}</summary>
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{by === 'type' ? t('figures.type') : t('figures.source')}</th>{years.map((y) => <th scope="col" key={y} className="num">{y}</th>)}</tr></thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.code}><th scope="row">{g.label}</th>{years.map((y) => <td key={y} className="num">{formatNumber(cell(g.code, y), lng)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
