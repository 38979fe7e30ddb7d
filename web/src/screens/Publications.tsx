import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage, Loading } from '../components/feedback';
import { Pager } from '../components/Pager';
import { useTitle } from '../hooks';
import { formatDate, formatNumber, useTranslation } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { localText, publicationQueries } from './publications/api';

const PAGE = 25;

/** The reports the account may compose: drafts and published ones, last changed first, with their public address. */
export function Publications() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { user, can } = useSession();
  const [offset, setOffset] = useState(0);
  const list = useQuery({ ...publicationQueries.list(PAGE, offset), enabled: !!user });
  useTitle(t('publications.title'));
  if (user === undefined) return <Loading />;
  if (user === null) return <><h1>{t('publications.title')}</h1><p><Link href="/sign-in">{t('errors.signInNeeded')}</Link></p></>;
  const data = list.data;
  return (
    <>
      <h1>{t('publications.title')}</h1>
      <p className="muted small">{t('publications.intro')}</p>
      {can.composeReports && <p><Link href="/reports/new" className="button">{t('publications.newTitle')}</Link></p>}
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="report-count">{t('publications.count', { count: data.total, n: formatNumber(data.total, lng) })}</p>
          {data.items.length > 0 && (
            <ul className="cards" data-testid="reports">
              {data.items.map((r) => {
                const title = localText(r.title, lng);
                return (
                  <li key={r.id} className="card" data-testid="report-card">
                    <h2 className="h3"><Link href={`/reports/${r.id}/edit`}><span dir="auto" lang={title.fallback ? 'en' : undefined}>{title.text}</span></Link></h2>
                    <p className="small">
                      {r.latestVersion > 0
                        ? <>{t('publications.publishedAs', { n: r.latestVersion })} <Link href={`/r/${r.slug}`}>{`/r/${r.slug}`}</Link></>
                        : t('publications.neverPublished')}
                    </p>
                    <p className="small muted"><bdi>{r.organisation.name}</bdi> · {t('publications.itemCount', { count: r.items, n: formatNumber(r.items, lng) })} · {formatDate(r.updatedAt, lng)}</p>
                  </li>
                );
              })}
            </ul>
          )}
          <Pager label={t('publications.pages')} offset={offset} page={PAGE} shown={data.items.length} total={data.total} onOffset={setOffset} />
        </>
      )}
    </>
  );
}
