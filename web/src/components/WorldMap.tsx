import { useMemo } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import type { Overview } from '../api/client';
import { ARRANGEMENT_COLOURS, SEVERAL_ARRANGEMENTS_COLOUR } from '../arrangements';
import { echarts } from '../charts/echarts';
import { HATCH } from '../charts/patterns';
import { useChart } from '../charts/useChart';
import { formatPercent, useTranslation } from '../i18n';
import { navigate } from '../router';
import type { HostChoice } from '../screens/Overview';
import { useCountryName, useSession } from '../session';

// Natural Earth 1:110m country boundaries (public domain) from world-atlas, keyed by ISO 3166 numeric code.
// No tile server: the map works offline.
const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const geo = feature(topology, topology.objects.countries);
geo.features = geo.features.filter((f) => f.id !== '010'); // Antarctica hosts no one and takes a third of the map
for (const f of geo.features) f.properties = { name: String(f.id ?? f.properties.name) };
echarts.registerMap('world', geo as never);

type Item = Overview['items'][number];

/**
 * The overview map: each host country coloured by the arrangement that applies to the situations it hosts
 * (a signed decision, else the recommendation), its own colour where they differ, hatched where a result is
 * provisional. A host with several situations opens a chooser (`onChoose`), one with one its page. The list
 * beside it carries the same information as text.
 */
export default function WorldMap({ items, onChoose }: { items: Item[]; onChoose: (choice: HostChoice) => void }) {
  const { t, i18n } = useTranslation();
  const { countries } = useSession();
  const countryName = useCountryName();
  const lng = i18n.language;

  const { option, byNumeric, numericToIso3, label } = useMemo(() => {
    const numericToIso3 = new Map<string, string>();
    for (const c of countries.values()) if (c.m49) numericToIso3.set(c.m49.padStart(3, '0'), c.iso3);
    const iso3ToNumeric = new Map([...numericToIso3].map(([n, i]) => [i, n]));
    const byNumeric = new Map<string, Item[]>();
    for (const s of items) {
      for (const host of s.hosts) {
        const n = iso3ToNumeric.get(host);
        if (n) byNumeric.set(n, [...(byNumeric.get(n) ?? []), s]);
      }
    }
    const data = [...byNumeric].map(([n, list]) => {
      const arrangements = new Set(list.map((s) => s.arrangement));
      const colour = arrangements.size === 1 ? ARRANGEMENT_COLOURS[list[0]!.arrangement] : SEVERAL_ARRANGEMENTS_COLOUR;
      return { name: n, value: list.length, itemStyle: { areaColor: colour, ...(list.some((s) => s.provisional) ? { decal: HATCH } : {}) } };
    });
    const option = {
      aria: { enabled: false },
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: { name: string }) => {
          const iso3 = numericToIso3.get(p.name);
          const list = byNumeric.get(p.name) ?? [];
          const name = iso3 ? countryName(iso3, lng) : p.name;
          const lines = list.map((s) => `${s.name}: ${t(`arrangement.${s.arrangement}`)}${s.share === null ? '' : ` (${formatPercent(s.share, lng)})`}${s.provisional ? ` · ${t('overview.provisionalShort')}` : ''}`);
          return [name, ...lines].map(escapeHtml).join('<br/>');
        },
      },
      series: [{
        type: 'map', map: 'world', roam: true, selectedMode: false, aspectScale: 0.85,
        itemStyle: { areaColor: '#e8e8e8', borderColor: '#ffffff', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { borderColor: '#1a1a1a', borderWidth: 1.5 } },
        label: { show: false },
        data,
      }],
    };
    const label = t('overview.mapLabel', {
      list: items.map((s) => `${s.name} (${t(`arrangement.${s.arrangement}`)}${s.provisional ? `, ${t('overview.provisionalShort')}` : ''})`).join('; '),
    });
    return { option, byNumeric, numericToIso3, label };
  }, [items, countries, lng, t, countryName]);

  const ref = useChart(option, (p) => {
    const list = p.name ? byNumeric.get(p.name) : undefined;
    if (!list?.length) return;
    if (list.length === 1) navigate(`/situations/${list[0]!.slug}`);
    else onChoose({ iso3: numericToIso3.get(p.name!) ?? p.name!, items: list });
  });
  return <div ref={ref} className="map" role="img" aria-label={label} data-testid="world-map" />;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
