import { useState } from 'react';
import type { TrendQuery } from '../api/movements';
import { Loading } from '../components/feedback';
import { useTitle } from '../hooks';
import { useTranslation } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { Corridors } from './movements/Corridors';
import { TrendFilters, type Filter } from './movements/Filters';
import { Points } from './movements/Points';
import { Surveys } from './movements/Surveys';
import { Trends } from './movements/Trends';

/**
 * Flow monitoring (issue 17): people counted passing monitoring points, by corridor (origin → transit →
 * destination) and by month or week, with the same numbers in tables; the points on a map and in a list. Every
 * number here is a flow (passages in a period), never a population present; small counts are suppressed.
 */
export function Movements() {
  const { t } = useTranslation();
  const { user, can } = useSession();
  useTitle(t('movements.title'));
  const [filter, setFilter] = useState<Filter>({ grain: 'month', measure: 'crossings' });
  if (user === undefined) return <Loading />;
  if (user === null) return <><h1>{t('movements.title')}</h1><p><Link href="/sign-in?next=/movements">{t('errors.signInNeeded')}</Link></p></>;
  // A month typed as the end of a range of weeks takes in the weeks that start in it.
  const query: TrendQuery = { ...filter, limit: 20, ...(filter.to && filter.grain === 'week' ? { to: `${filter.to}-31` } : {}) };
  return (
    <>
      <h1>{t('movements.title')}</h1>
      <p className="alert info" data-testid="flow-note">{t('movements.flowNote')}</p>
      {can.importFlows && <p><Link href="/movements/import">{t('movements.importLink')}</Link></p>}
      <TrendFilters value={filter} onChange={setFilter} />
      <Trends query={{ ...query, limit: 8 }} />
      <Corridors query={query} />
      <Points />
      <Surveys />
    </>
  );
}
