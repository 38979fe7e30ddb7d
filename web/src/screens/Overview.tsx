import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { queries } from '../api/queries';
import { ARRANGEMENT_COLOURS } from '../arrangements';
import { ErrorMessage, Loading } from '../components/feedback';
import { useTitle } from '../hooks';
import { formatPercent } from '../i18n';
import { Link } from '../router';
import { useCountryName } from '../session';

// The map (ECharts and the world's boundaries) is the heaviest part: it loads after the list.
const WorldMap = lazy(() => import('../components/WorldMap'));

export function Overview() {
  const { t, i18n } = useTranslation();
  useTitle(t('overview.title'));
  const countryName = useCountryName();
  const { data, error } = useQuery(queries.overview());
  const lng = i18n.language;
  return (
    <>
      <h1>{t('overview.title')}</h1>
      <p className="muted">{t('overview.intro')}</p>
      <ErrorMessage error={error} />
      {!data && !error && <Loading />}
      {data && (
        <div className="overview">
          <div className="map-panel">
            <Suspense fallback={<Loading />}>
              <WorldMap items={data.items} />
            </Suspense>
            <ul className="legend" aria-label={t('overview.legend')}>
              {Object.entries(ARRANGEMENT_COLOURS).map(([code, colour]) => (
                <li key={code}><span className="swatch" style={{ background: colour }} aria-hidden="true" />{t(`arrangement.${code}`)}</li>
              ))}
            </ul>
          </div>
          <section aria-labelledby="situations-heading" className="list-panel">
            <h2 id="situations-heading">{t('overview.situations', { count: data.total })}</h2>
            <ul className="cards">
              {data.items.map((s) => (
                <li key={s.slug} className="card">
                  <h3><Link href={`/situations/${s.slug}`}>{s.name}</Link></h3>
                  <p className="muted">
                    {s.origins.map((c) => countryName(c, lng)).join(', ')} → {s.hosts.map((c) => countryName(c, lng)).join(', ')}
                  </p>
                  <p>
                    <span className="badge" style={{ background: ARRANGEMENT_COLOURS[s.arrangement] }}>{t(`arrangement.${s.arrangement}`)}</span>{' '}
                    <span className="muted">
                      {s.basis === 'decision' ? t('overview.basisDecision') : t('overview.basisRecommendation')}
                      {s.share !== null && ` · ${t('overview.share', { share: formatPercent(s.share, lng) })}`}
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </>
  );
}
