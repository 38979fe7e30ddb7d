import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { protectionQueries } from '../../api/protection';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
import { TableWrap } from '../../components/TableWrap';
import { formatDate, useTranslation } from '../../i18n';
import { Link } from '../../router';

const PAGE = 25;

/** The people the organisation holds, latest first; each row opens the person's record (screenings, referrals). */
export function People() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [offset, setOffset] = useState(0);
  const list = useQuery(protectionQueries.people({ limit: PAGE, offset }));
  const data = list.data;
  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">{t('protection.tab.people')}</h2>
      <p><Link href="/protection/people/new" className="button">{t('protection.newPerson')}</Link></p>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!data && !list.error && <Loading />}
      {data && (data.items.length === 0 ? <p className="muted">{t('protection.noPeople')}</p> : (
        <>
          <TableWrap label={t('protection.tab.people')}>
            <table data-testid="people">
              <thead><tr>
                <th scope="col">{t('protection.name')}</th><th scope="col">{t('protection.nationality')}</th>
                <th scope="col">{t('protection.organisation')}</th><th scope="col">{t('protection.retainUntil')}</th>
              </tr></thead>
              <tbody>{data.items.map((p) => (
                <tr key={p.id}>
                  <td><Link href={`/protection/people/${p.id}`}><bdi>{p.givenName} {p.familyName}</bdi></Link>{p.synthetic && <> <span className="muted small">({t('protection.synthetic')})</span></>}</td>
                  <td><bdi>{p.nationality ?? '—'}</bdi></td>
                  <td>{p.organisation.name}</td>
                  <td>{formatDate(p.retainUntil, lng)}</td>
                </tr>
              ))}</tbody>
            </table>
          </TableWrap>
          <Pager label={t('protection.pages')} offset={offset} page={PAGE} shown={data.items.length} total={data.total} onOffset={setOffset} />
        </>
      ))}
    </section>
  );
}
