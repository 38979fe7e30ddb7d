import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { Arrangement, Overview as OverviewAnswer } from '../api/client';
import { queries } from '../api/queries';
import { ARRANGEMENT_COLOURS, SEVERAL_ARRANGEMENTS_COLOUR } from '../arrangements';
import { ErrorMessage, Loading } from '../components/feedback';
import { useTitle } from '../hooks';
import { formatDate, formatNumber, formatPercent, localName, useTranslation } from '../i18n';
import { Link } from '../router';
import { useCountryName, useSession } from '../session';

// The map (ECharts and the world's boundaries) is the heaviest part: it loads after the list.
const WorldMap = lazy(() => import('../components/WorldMap'));

type Item = OverviewAnswer['items'][number];
const SORTS = ['name', 'share', 'people', 'provisional'] as const;
type Sort = (typeof SORTS)[number];
type Provisional = 'all' | 'provisional' | 'final';

/** The situations a host country has, when the map is asked about one with several. */
export interface HostChoice { iso3: string; items: Item[] }

export function Overview() {
  const { t, i18n } = useTranslation();
  useTitle(t('overview.title'));
  const { data, error, refetch } = useQuery(queries.overview());
  const { countries } = useSession();
  const countryName = useCountryName();
  const lng = i18n.language;
  const [search, setSearch] = useState('');
  const [arrangement, setArrangement] = useState<Arrangement | ''>('');
  const [region, setRegion] = useState('');
  const [provisional, setProvisional] = useState<Provisional>('all');
  const [sort, setSort] = useState<Sort>('name');
  const [choice, setChoice] = useState<HostChoice | null>(null);
  const chooser = useRef<HTMLElement>(null);
  useEffect(() => { if (choice) chooser.current?.focus(); }, [choice]);

  const regionOf = (iso3: string) => countries.get(iso3)?.region ?? null;
  const regions = useMemo(
    () => [...new Set((data?.items ?? []).flatMap((s) => s.hosts.map((h) => countries.get(h)?.region)).filter((r): r is string => !!r))].sort(),
    [data, countries],
  );
  const shown = useMemo(() => {
    const q = search.trim().toLocaleLowerCase(lng);
    const text = (s: Item) => [s.name, ...s.origins, ...s.hosts, ...[...s.origins, ...s.hosts].map((c) => countryName(c, lng))].join(' ').toLocaleLowerCase(lng);
    const list = (data?.items ?? []).filter((s) => (!q || text(s).includes(q))
      && (!arrangement || s.arrangement === arrangement)
      && (!region || s.hosts.some((h) => regionOf(h) === region))
      && (provisional === 'all' || (provisional === 'provisional') === s.provisional));
    const by: Record<Sort, (a: Item, b: Item) => number> = {
      name: (a, b) => a.name.localeCompare(b.name, lng),
      share: (a, b) => (b.share ?? -1) - (a.share ?? -1),
      people: (a, b) => b.protection + b.migrants - (a.protection + a.migrants),
      provisional: (a, b) => Number(b.provisional) - Number(a.provisional) || a.name.localeCompare(b.name, lng),
    };
    return [...list].sort(by[sort]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, search, arrangement, region, provisional, sort, lng, countries]);

  return (
    <>
      <h1>{t('overview.title')}</h1>
      <p className="muted">{t('overview.intro')}</p>
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {!data && !error && <Loading />}
      {data && (
        <div className="overview">
          <div className="map-panel">
            <Suspense fallback={<Loading />}>
              <WorldMap items={shown} onChoose={setChoice} />
            </Suspense>
            <ul className="legend" aria-label={t('overview.legend')} data-testid="map-legend">
              {Object.entries(ARRANGEMENT_COLOURS).map(([code, colour]) => (
                <li key={code}><span className="swatch" style={{ background: colour }} aria-hidden="true" />{t(`arrangement.${code}`)}</li>
              ))}
              <li><span className="swatch" style={{ background: SEVERAL_ARRANGEMENTS_COLOUR }} aria-hidden="true" />{t('overview.severalArrangements')}</li>
              <li><span className="swatch hatched" aria-hidden="true" />{t('overview.provisionalLegend')}</li>
            </ul>
            {choice && (
              <section ref={chooser} tabIndex={-1} aria-labelledby="chooser-heading" className="panel" data-testid="host-chooser">
                <h2 id="chooser-heading" className="h3">{t('overview.chooseIn', { count: choice.items.length, country: countryName(choice.iso3, lng) })}</h2>
                <ul className="plain">
                  {choice.items.map((s) => (
                    <li key={s.slug}>
                      <Link href={`/situations/${s.slug}`}>{s.name}</Link>{' '}
                      <span className="badge" style={{ background: ARRANGEMENT_COLOURS[s.arrangement] }}>{t(`arrangement.${s.arrangement}`)}</span>
                    </li>
                  ))}
                </ul>
                <button type="button" className="link" onClick={() => setChoice(null)}>{t('common.close')}</button>
              </section>
            )}
          </div>
          <section aria-labelledby="situations-heading" className="list-panel">
            <h2 id="situations-heading">{t('overview.situations', { count: data.total })}</h2>
            <form className="filters compact" role="search" aria-label={t('overview.filters')} onSubmit={(e) => e.preventDefault()}>
              <div className="field grow">
                <label htmlFor="ov-search">{t('overview.search')}</label>
                <input id="ov-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="ov-arrangement">{t('overview.arrangement')}</label>
                <select id="ov-arrangement" value={arrangement} onChange={(e) => setArrangement((Object.keys(ARRANGEMENT_COLOURS) as Arrangement[]).find((a) => a === e.target.value) ?? '')}>
                  <option value="">{t('common.all')}</option>
                  {(Object.keys(ARRANGEMENT_COLOURS) as Arrangement[]).map((a) => <option key={a} value={a}>{t(`arrangement.${a}`)}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="ov-region">{t('overview.region')}</label>
                <select id="ov-region" value={region} onChange={(e) => setRegion(e.target.value)}>
                  <option value="">{t('common.all')}</option>
                  {regions.map((r) => <option key={r} value={r}>{t(`region.${r}`, { defaultValue: r })}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="ov-provisional">{t('overview.provisionalFilter')}</label>
                <select id="ov-provisional" value={provisional} onChange={(e) => setProvisional(e.target.value === 'provisional' ? 'provisional' : e.target.value === 'final' ? 'final' : 'all')}>
                  <option value="all">{t('common.all')}</option>
                  <option value="provisional">{t('overview.onlyProvisional')}</option>
                  <option value="final">{t('overview.onlyFinal')}</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="ov-sort">{t('overview.sort')}</label>
                <select id="ov-sort" value={sort} onChange={(e) => setSort(SORTS.find((s) => s === e.target.value) ?? 'name')}>
                  {SORTS.map((s) => <option key={s} value={s}>{t(`overview.sortBy.${s}`)}</option>)}
                </select>
              </div>
            </form>
            <p className="muted small" role="status" data-testid="shown-count">{t('overview.shown', { count: shown.length, total: data.total })}</p>
            <ul className="cards">
              {shown.map((s) => <Card key={s.slug} s={s} />)}
            </ul>
          </section>
        </div>
      )}
    </>
  );
}

function Card({ s }: { s: Item }) {
  const { t, i18n } = useTranslation();
  const { countries } = useSession();
  const lng = i18n.language;
  const names = (codes: string[]) => codes.map((c) => { const k = countries.get(c); return k ? localName(k.names, lng) : c; }).join(', ');
  return (
    <li className={`card${s.provisional ? ' provisional' : ''}`} data-slug={s.slug}>
      <h3><Link href={`/situations/${s.slug}`}>{s.name}</Link></h3>
      {countries.size > 0 && <p className="muted"><bdi>{names(s.origins)}</bdi> → <bdi>{names(s.hosts)}</bdi></p>}
      <p>
        <span className="badge" style={{ background: ARRANGEMENT_COLOURS[s.arrangement] }}>{t(`arrangement.${s.arrangement}`)}</span>{' '}
        <span className="muted">
          {s.basis === 'decision' ? t('overview.basisDecision') : t('overview.basisRecommendation')}
          {s.basis === 'decision' && s.recommended !== s.arrangement && ` · ${t('overview.recommendedNow', { arrangement: t(`arrangement.${s.recommended}`) })}`}
        </span>
      </p>
      {s.provisional && <p className="provisional-label" data-testid="provisional">{t('overview.provisional')}</p>}
      <dl className="figures small">
        <div><dt>{t('overview.p')}</dt><dd>{formatNumber(s.protection, lng)}</dd></div>
        <div><dt>{t('overview.m')}</dt><dd>{formatNumber(s.migrants, lng)}</dd></div>
        <div><dt>{t('overview.shareLabel')}</dt><dd>{s.share === null ? '—' : formatPercent(s.share, lng)}</dd></div>
        {s.referenceDate && <div><dt>{t('overview.at')}</dt><dd><bdi>{formatDate(s.referenceDate, lng)}</bdi></dd></div>}
      </dl>
    </li>
  );
}
