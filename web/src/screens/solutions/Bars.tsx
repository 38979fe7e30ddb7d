import { useMemo } from 'react';
import { useChart } from '../../charts/useChart';
import { useNarrow } from '../../charts/useNarrow';
import { formatNumber, useTranslation } from '../../i18n';

export interface BarSeries { name: string; color: string; data: Array<number | null> }

/**
 * Grouped bars by category (the solutions screens' one chart: targets against progress, the pipeline's
 * funnel). The table beside it carries the same numbers; the legend is the page's, not the canvas's. On a
 * phone, or when asked, the bars lie down so that each category's name is read whole.
 */
export default function Bars({ categories, series, label, testId, horizontal = false }: {
  categories: string[]; series: BarSeries[]; label: string; testId: string; horizontal?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const narrow = useNarrow();
  const lng = i18n.language;
  const lying = horizontal || narrow;
  const option = useMemo(() => {
    const category = { type: 'category', data: categories, inverse: lying, axisLabel: lying ? { width: 130, overflow: 'break' } : { interval: 0, width: 90, overflow: 'break' } };
    const value = { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, lng, { notation: 'compact' }) } };
    return {
      color: series.map((s) => s.color),
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number) => formatNumber(v, lng) },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: lying ? value : category,
      yAxis: lying ? category : value,
      series: series.map((s) => ({ name: s.name, type: 'bar', data: s.data })),
    };
  }, [categories, series, lng, lying]);
  const ref = useChart(option);
  const height = lying ? `${Math.max(14, categories.length * series.length * 1.1 + 4)}rem` : undefined;
  return (
    <div>
      <div ref={ref} className="chart" role="img" aria-label={label} style={height ? { height } : undefined} data-testid={testId} />
      <ul className="legend" aria-label={t('solutions.chartLegend')}>
        {series.map((s) => <li key={s.name}><span className="swatch" style={{ background: s.color }} aria-hidden="true" />{s.name}</li>)}
      </ul>
    </div>
  );
}
