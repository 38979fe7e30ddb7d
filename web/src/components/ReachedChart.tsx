import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useChart } from '../charts/useChart';
import { formatNumber } from '../i18n';

/** People reached against targets by sector (the table below the chart carries the same numbers). */
export default function ReachedChart({ labels, reached, targets }: { labels: string[]; reached: number[]; targets: number[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const option = useMemo(() => ({
    color: ['#0a5ea8', '#b9c7d6'],
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v, lng) },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, lng, { notation: 'compact' }) } },
    series: [
      { name: t('plan.reached'), type: 'bar', data: reached },
      { name: t('plan.target'), type: 'bar', data: targets },
    ],
  }), [labels, reached, targets, lng, t]);
  const ref = useChart(option);
  return <div ref={ref} className="chart" role="img" aria-label={t('plan.chartLabel')} />;
}
