import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Boundaries } from '../../api/client';
import type { Point } from '../../api/movements';
import { queries } from '../../api/queries';
import { useChart } from '../../charts/useChart';
// The overview's world map registers Natural Earth's countries as 'world' (no tile server: works offline).
import '../../components/WorldMap';
import { formatNumber, useTranslation } from '../../i18n';
import { echarts, escapeHtml } from './charts';
import { useMovementWords } from './words';

/** A colour per kind of point (Okabe–Ito), in the order of the kinds. */
const KIND_COLOURS: Record<string, string> = {
  border_crossing: '#d55e00', transit: '#0072b2', bus_station: '#009e73', airport: '#cc79a7', seaport: '#56b4e9',
  reception_centre: '#e69f00', route: '#000000', other: '#7f7f7f',
};

/**
 * The points on a map: the admin areas of their country when all are in one country that has boundaries
 * uploaded (as the plan dashboards draw them), else the world map framed on the points. Each point's tooltip
 * gives its name, type and operating agency; the list below gives the same as text.
 */
export default function PointsMap({ points }: { points: readonly Point[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const words = useMovementWords();
  const located = useMemo(() => points.filter((p): p is Point & { lat: number; lon: number } => p.lat !== null && p.lon !== null), [points]);
  const countries = [...new Set(located.map((p) => p.country))];
  const only = countries.length === 1 ? countries[0]! : '';
  const boundaries = useQuery({ ...queries.boundaries(only), enabled: !!only });
  // Without boundaries (none uploaded, or not yet answered) the points stand on the world map.
  const areas: Boundaries | null = boundaries.data && boundaries.data.features.length > 0 ? boundaries.data : null;
  const kinds = [...new Set(located.map((p) => p.kind))];

  const option = useMemo(() => {
    let map = 'world';
    if (areas) {
      map = `points-areas-${only}-${areas.updatedAt ?? ''}`;
      echarts.registerMap(map, { type: 'FeatureCollection', features: areas.features } as never);
    }
    const lons = located.map((p) => p.lon);
    const lats = located.map((p) => p.lat);
    const pad = Math.max(2, (Math.max(...lons) - Math.min(...lons)) * 0.2, (Math.max(...lats) - Math.min(...lats)) * 0.2);
    const frame = areas || !located.length ? {} : {
      boundingCoords: [[Math.max(-180, Math.min(...lons) - pad), Math.min(85, Math.max(...lats) + pad)], [Math.min(180, Math.max(...lons) + pad), Math.max(-85, Math.min(...lats) - pad)]],
    };
    return {
      aria: { enabled: false },
      tooltip: {
        trigger: 'item', confine: true,
        formatter: (p: { data?: { point?: Point } }) => {
          const x = p.data?.point;
          if (!x) return '';
          return [`${x.name} (${x.code})`, t(`movements.kind.${x.kind}`, { defaultValue: x.kind }), `${t('movements.agency')}: ${x.agency.toUpperCase()}`, words.country(x.country)].map(escapeHtml).join('<br/>');
        },
      },
      geo: {
        map, roam: true, ...frame, ...(areas ? { nameProperty: 'pcode' } : { aspectScale: 0.85 }),
        itemStyle: { areaColor: '#eeeeee', borderColor: '#9e9e9e', borderWidth: 0.5 },
        emphasis: { disabled: true }, label: { show: false }, silent: true,
      },
      series: [{
        type: 'scatter', coordinateSystem: 'geo', symbolSize: 11,
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        data: located.map((p) => ({ name: p.name, value: [p.lon, p.lat], point: p, itemStyle: { color: KIND_COLOURS[p.kind] ?? KIND_COLOURS.other } })),
      }],
    };
  }, [areas, only, located, t, words]);
  const ref = useChart(option);
  const missing = points.length - located.length;
  const label = t('movements.mapLabel', { list: located.map((p) => `${p.name} (${t(`movements.kind.${p.kind}`, { defaultValue: p.kind })}, ${p.agency.toUpperCase()})`).join('; ') });
  return (
    <div>
      <div ref={ref} className="map points-map" role="img" aria-label={label} data-testid="points-map" data-base={areas ? 'areas' : 'world'} data-points={located.length} />
      <ul className="legend" aria-label={t('movements.mapLegend')}>
        {kinds.map((k) => <li key={k}><span className="swatch round" style={{ background: KIND_COLOURS[k] ?? KIND_COLOURS.other }} aria-hidden="true" />{t(`movements.kind.${k}`, { defaultValue: k })}</li>)}
      </ul>
      <p className="muted small" data-testid="map-note">
        {areas ? t('movements.mapOnAreas', { country: words.country(only) }) : t('movements.mapOnWorld')}
        {missing > 0 && <> {t('movements.mapMissing', { count: missing, n: formatNumber(missing, lng) })}</>}
      </p>
    </div>
  );
}
