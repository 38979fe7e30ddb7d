import { useMemo } from 'react';
import type { Boundaries } from '../api/client';
import { echarts } from '../charts/echarts';
import { useChart } from '../charts/useChart';
import { formatNumber, useTranslation } from '../i18n';

/** Five steps from few to many people reached (light to dark), and the colour of an area with none. */
const STEPS = ['#fee6ce', '#fdae6b', '#f16913', '#d94801', '#8c2d04'];
const NONE = '#f2f2f2';
/** An area whose figure disclosure control hid. */
const HIDDEN = '#9e9e9e';

/**
 * The plan's admin areas on a map, from the boundaries uploaded for its country: each area shaded by the
 * people reached there (the table beside it gives the same numbers). Clicking an area narrows the dashboard to it.
 */
export default function AreaMap({ iso3, boundaries, values, names, onChoose }: {
  iso3: string; boundaries: Boundaries; values: Record<string, number | null>; names: Record<string, string>; onChoose: (pcode: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const mapName = `areas-${iso3}-${boundaries.updatedAt ?? ''}`;
  const { option, steps } = useMemo(() => {
    echarts.registerMap(mapName, { type: 'FeatureCollection', features: boundaries.features } as never);
    const max = Math.max(0, ...Object.values(values).filter((v) => v !== null));
    // A value disclosure control hid (null) gets its own colour: neither none nor a step.
    const shownAs = (v: number | null | undefined) => (v === null ? t('common.hidden') : formatNumber(v ?? 0, lng));
    const step = (v: number) => (v <= 0 || max === 0 ? -1 : Math.min(STEPS.length - 1, Math.floor((v / max) * STEPS.length)));
    const steps = STEPS.map((colour, i) => ({ colour, from: Math.round((max * i) / STEPS.length), to: Math.round((max * (i + 1)) / STEPS.length) }));
    const option = {
      aria: { enabled: false },
      tooltip: {
        trigger: 'item', confine: true,
        formatter: (p: { name: string }) => `${escapeHtml(names[p.name] ?? boundaries.features.find((f) => f.properties.pcode === p.name)?.properties.name ?? p.name)} (${escapeHtml(p.name)})<br/>${escapeHtml(t('plan.reached'))}: ${escapeHtml(shownAs(values[p.name]))}`,
      },
      series: [{
        type: 'map', map: mapName, nameProperty: 'pcode', roam: true, selectedMode: false,
        itemStyle: { areaColor: NONE, borderColor: '#666666', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { borderColor: '#1a1a1a', borderWidth: 1.5 } },
        label: { show: false },
        data: boundaries.features.map((f) => {
          const v = values[f.properties.pcode];
          if (v === null) return { name: f.properties.pcode, value: null, itemStyle: { areaColor: HIDDEN } };
          const s = step(v ?? 0);
          return { name: f.properties.pcode, value: v ?? 0, itemStyle: { areaColor: s < 0 ? NONE : STEPS[s] } };
        }),
      }],
    };
    return { option, steps };
  }, [mapName, boundaries, values, names, lng, t]);
  const ref = useChart(option, (p) => { if (p.name) onChoose(p.name); });
  const shown = Object.keys(values).filter((k) => boundaries.features.some((f) => f.properties.pcode === k)).length;
  return (
    <div>
      <div ref={ref} className="map area" role="img" data-testid="area-map"
        aria-label={t('plan.areaMapLabel', { list: Object.entries(values).map(([k, v]) => `${names[k] ?? k}: ${v === null ? t('common.hidden') : formatNumber(v, lng)}`).join('; ') })} />
      <ul className="legend" aria-label={t('plan.areaMapLegend')}>
        <li><span className="swatch" style={{ background: NONE }} aria-hidden="true" />{t('plan.noneReached')}</li>
        {Object.values(values).some((v) => v === null) && <li><span className="swatch" style={{ background: HIDDEN }} aria-hidden="true" />{t('common.hidden')}</li>}
        {steps.map((s) => <li key={s.colour}><span className="swatch" style={{ background: s.colour }} aria-hidden="true" />{formatNumber(s.from, lng)}–{formatNumber(s.to, lng)}</li>)}
      </ul>
      <p className="muted small">{t('plan.areaMapHelp', { shown, total: Object.keys(values).length })}</p>
    </div>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
