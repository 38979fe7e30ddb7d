import { useMemo } from 'react';
import { useChart } from '../charts/useChart';
import { useNarrow } from '../charts/useNarrow';
import { formatNumber, useTranslation } from '../i18n';

const REACHED = '#37474f';
const TARGET = '#b0bec5';

/**
 * People reached against targets by sector (the table below the chart carries the same numbers). On a phone
 * the bars lie down, so that every sector's name is read whole; the legend is the page's, not the canvas's.
 */
export default function ReachedChart({ labels, reached, targets }: { labels: string[]; reached: Array<number | null>; targets: number[] }) {
  const { t, i18n } = useTranslation();
  const narrow = useNarrow();
  const lng = i18n.language;
  const option = useMemo(() => {
    const category = { type: 'category', data: labels, inverse: narrow, axisLabel: narrow ? { width: 120, overflow: 'break' } : { interval: 0, width: 90, overflow: 'break' } };
    const value = { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, lng, { notation: 'compact' }) } };
    return {
      color: [REACHED, TARGET],
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number) => formatNumber(v, lng) },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: narrow ? value : category,
      yAxis: narrow ? category : value,
      series: [
        { name: t('plan.reached'), type: 'bar', data: reached },
        { name: t('plan.target'), type: 'bar', data: targets },
      ],
    };
  }, [labels, reached, targets, lng, t, narrow]);
  const ref = useChart(option);
  return (
    <div>
      <div ref={ref} className="chart" role="img" aria-label={t('plan.chartLabel')} style={narrow ? { height: `${Math.max(16, labels.length * 3.2)}rem` } : undefined} data-testid="reached-chart" />
      <ul className="legend" aria-label={t('plan.chartLegend')}>
        <li><span className="swatch" style={{ background: REACHED }} aria-hidden="true" />{t('plan.reached')}</li>
        <li><span className="swatch" style={{ background: TARGET }} aria-hidden="true" />{t('plan.target')}</li>
      </ul>
    </div>
  );
}
