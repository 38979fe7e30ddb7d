import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import type { Overview } from '../api/client';
import { ARRANGEMENT_COLOURS } from '../arrangements';
import { echarts } from '../charts/echarts';
import { useChart } from '../charts/useChart';
import { navigate } from '../router';
import { useCountryName, useSession } from '../session';

// Natural Earth 1:110m country boundaries (public domain) from world-atlas, keyed by ISO 3166 numeric code.
// No tile server: the map works offline.
const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const geo = feature(topology, topology.objects.countries);
geo.features = geo.features.filter((f) => f.id !== '010'); // Antarctica hosts no one and takes a third of the map
for (const f of geo.features) f.properties = { name: String(f.id ?? f.properties.name) };
echarts.registerMap('world', geo as never);

/**
 * The overview map: each host country coloured by the arrangement that applies to the situations it hosts
 * (a signed decision, else the recommendation). The list beside it carries the same information as text.
 */
export default function WorldMap({ items }: { items: Overview['items'] }) {
  const { t, i18n } = useTranslation();
  const { countries } = useSession();
  const countryName = useCountryName();
  const lng = i18n.language;

  const { option, byNumeric, label } = useMemo(() => {
    const numericToIso3 = new Map<string, string>();
    for (const c of countries.values()) if (c.m49) numericToIso3.set(c.m49.padStart(3, '0'), c.iso3);
    const iso3ToNumeric = new Map([...numericToIso3].map(([n, i]) => [i, n]));
    const byNumeric = new Map<string, Overview['items']>();
    for (const s of items) {
      for (const host of s.hosts) {
        const n = iso3ToNumeric.get(host);
        if (n) byNumeric.set(n, [...(byNumeric.get(n) ?? []), s]);
      }
    }
    const data = [...byNumeric].map(([n, list]) => {
      const arrangements = new Set(list.map((s) => s.arrangement));
      const colour = arrangements.size === 1 ? ARRANGEMENT_COLOURS[list[0]!.arrangement] : '#333333';
      return { name: n, value: list.length, itemStyle: { areaColor: colour } };
    });
    const option = {
      aria: { enabled: false },
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const iso3 = numericToIso3.get(p.name);
          const list = byNumeric.get(p.name) ?? [];
          const name = iso3 ? countryName(iso3, lng) : p.name;
          const lines = list.map((s) => `${s.name}: ${t(`arrangement.${s.arrangement}`)}`);
          return [name, ...lines].map(escapeHtml).join('<br/>');
        },
      },
      series: [{
        type: 'map', map: 'world', roam: true, selectedMode: false, aspectScale: 0.85,
        itemStyle: { areaColor: '#e8e8e8', borderColor: '#ffffff', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#f2b134' } },
        label: { show: false },
        data,
      }],
    };
    const label = t('overview.mapLabel', {
      list: items.map((s) => `${s.name} (${t(`arrangement.${s.arrangement}`)})`).join('; '),
    });
    return { option, byNumeric, label };
  }, [items, countries, lng, t, countryName]);

  const ref = useChart(option, (p) => {
    const list = p.name ? byNumeric.get(p.name) : undefined;
    if (list?.length) navigate(`/situations/${list[0]!.slug}`);
  });
  return <div ref={ref} className="map" role="img" aria-label={label} data-testid="world-map" />;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
