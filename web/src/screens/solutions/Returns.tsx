import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { RETURN_STATUSES, solutionsQueries, type ReturnOperation, type ReturnStatus } from '../../api/solutions';
import { Loading } from '../../components/feedback';
import { FilterSelect, PagedResult } from '../../components/Listing';
import { useTitle } from '../../hooks';
import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useCountryName, useSession } from '../../session';
import { SyntheticTag } from './fields';
import { CaseloadWords, ReturnStatusWord } from './words';

const PAGE = 20;

/** The return operations the account's organisation leads or supports, newest first, a page at a time. */
export function Returns() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { user, can } = useSession();
  const [status, setStatus] = useState<ReturnStatus>();
  const [offset, setOffset] = useState(0);
  useTitle(t('solutions.returns.title'));
  const list = useQuery({ ...solutionsQueries.returns({ limit: PAGE, offset, ...(status ? { status } : {}) }), enabled: !!user });
  if (user === undefined) return <Loading />;
  if (user === null) return <><h1>{t('solutions.returns.title')}</h1><p><Link href="/sign-in">{t('errors.signInNeeded')}</Link></p></>;
  return (
    <>
      <p className="crumbs"><Link href="/solutions">{t('solutions.title')}</Link></p>
      <h1>{t('solutions.returns.title')}</h1>
      <p className="muted small">{t('solutions.returns.intro')}</p>
      {can.planReturns && <p><Link href="/returns/new" className="button">{t('solutions.returns.new')}</Link></p>}
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('solutions.returns.filters')}>
        <FilterSelect id="r-status" label={t('solutions.returns.stageLabel')} value={status} choices={RETURN_STATUSES} word={(s) => t(`solutions.status.${s}`)}
          onChange={(s) => { setStatus(s); setOffset(0); }} />
      </form>
      <PagedResult query={list} summaryTestId="return-summary" summary={(total) => t('solutions.returns.count', { count: total, n: formatNumber(total, lng) })}
        pagesLabel={t('solutions.returns.pages')} page={PAGE} offset={offset} onOffset={setOffset}>
        {(items) => <ul className="cards" data-testid="returns">{items.map((r) => <ReturnCard key={r.id} r={r} />)}</ul>}
      </PagedResult>
    </>
  );
}

function ReturnCard({ r }: { r: ReturnOperation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const country = useCountryName();
  return (
    <li className="card" data-testid="return-card">
      <h2 className="h3"><Link href={`/returns/${r.id}`}><bdi>{r.name}</bdi></Link> <SyntheticTag synthetic={r.synthetic} /></h2>
      <p><ReturnStatusWord status={r.status} /> · {t('solutions.returns.route', { host: country(r.host, lng), origin: country(r.origin, lng) })}</p>
      <p className="small">{t('solutions.returns.ledBy', { lead: r.lead.name })}{r.support ? ` · ${t('solutions.returns.supportedBy', { support: r.support.name })}` : ''}</p>
      <p className="small muted"><CaseloadWords op={r} /> · {t('solutions.returns.created', { date: formatDate(r.createdAt, lng) })}</p>
    </li>
  );
}
