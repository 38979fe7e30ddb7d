import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { movementsQueries, POINT_KINDS, type PointKind } from '../../api/movements';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { useSession } from '../../session';
import { PointForm } from './PointForm';
import { useMovementWords } from './words';

// The map (ECharts' geo layer and the world's boundaries) is the heaviest part: it loads after the lists.
const PointsMap = lazy(() => import('./PointsMap'));
const PAGE = 25;
/** The map draws every point up to the server's largest page. */
const ON_MAP = 5000;

/** Where monitoring happens: the points on a map, the same points in a list a page at a time, and (for who may) a form to add one. */
export function Points() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { can } = useSession();
  const words = useMovementWords();
  const [country, setCountry] = useState('');
  const [kind, setKind] = useState<PointKind | ''>('');
  const [offset, setOffset] = useState(0);
  const filter = { ...(country ? { country } : {}), ...(kind ? { kind } : {}) };
  const page = useQuery(movementsQueries.points({ ...filter, limit: PAGE, offset }));
  const all = useQuery(movementsQueries.points({ ...filter, limit: ON_MAP, offset: 0 }));
  const countriesWithPoints = [...new Set((all.data?.items ?? []).map((p) => p.country))];
  const d = page.data;
  return (
    <section aria-labelledby="points-heading">
      <h2 id="points-heading">{t('movements.points')}</h2>
      <p className="muted small">{t('movements.pointsHelp')}</p>
      <form className="filters compact movement-form" onSubmit={(e) => e.preventDefault()} aria-label={t('movements.pointFilters')}>
        <div className="field">
          <label htmlFor="p-country">{t('movements.pointCountry')}</label>
          <select id="p-country" value={country} onChange={(e) => { setCountry(e.target.value); setOffset(0); }}>
            <option value="">{t('common.all')}</option>
            {[...new Set([...countriesWithPoints, ...(country ? [country] : [])])].sort().map((c) => <option key={c} value={c}>{words.country(c)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="p-kind">{t('movements.pointKind')}</label>
          <select id="p-kind" value={kind} onChange={(e) => { setKind(e.target.value as PointKind | ''); setOffset(0); }}>
            <option value="">{t('common.all')}</option>
            {POINT_KINDS.map((k) => <option key={k} value={k}>{t(`movements.kind.${k}`)}</option>)}
          </select>
        </div>
      </form>
      {all.data && all.data.items.length > 0 && (
        <Suspense fallback={<Loading />}><PointsMap points={all.data.items} /></Suspense>
      )}
      <ErrorMessage error={page.error} onRetry={() => void page.refetch()} />
      {!d && !page.error && <Loading />}
      {d && (
        <>
          <p role="status" data-testid="point-summary">{t('movements.pointCount', { count: d.total, n: formatNumber(d.total, lng) })}</p>
          {d.items.length > 0 && (
            <TableWrap label={t('movements.pointsCaption')}>
              <table data-testid="points">
                <caption>{t('movements.pointsCaption')}</caption>
                <thead><tr>
                  <th scope="col">{t('movements.pointName')}</th><th scope="col">{t('movements.pointCode')}</th><th scope="col">{t('movements.pointCountry')}</th>
                  <th scope="col">{t('movements.pointKind')}</th><th scope="col">{t('movements.agency')}</th><th scope="col">{t('movements.coordinates')}</th>
                </tr></thead>
                <tbody>{d.items.map((p) => (
                  <tr key={p.id} data-code={p.code}>
                    <th scope="row"><bdi>{p.name}</bdi></th><td><bdi>{p.code}</bdi></td><td>{words.country(p.country)}</td>
                    <td>{t(`movements.kind.${p.kind}`, { defaultValue: p.kind })}</td><td>{p.agency.toUpperCase()}</td>
                    <td dir="ltr">{p.lat === null || p.lon === null ? <span className="muted">{t('movements.noCoordinates')}</span>
                      : `${formatNumber(p.lat, lng, { maximumFractionDigits: 4 })}, ${formatNumber(p.lon, lng, { maximumFractionDigits: 4 })}`}</td>
                  </tr>
                ))}</tbody>
              </table>
            </TableWrap>
          )}
          <Pager label={t('movements.pointPages')} offset={offset} page={PAGE} shown={d.items.length} total={d.total} onOffset={setOffset} />
        </>
      )}
      {can.importFlows && <PointForm />}
    </section>
  );
}
