import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { RETURN_STATUSES, solutionsQueries, type ReturnOperation, type ReturnStatus } from '../../api/solutions';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
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
  const data = list.data;
  return (
    <>
      <p className="crumbs"><Link href="/solutions">{t('solutions.title')}</Link></p>
      <h1>{t('solutions.returns.title')}</h1>
      <p className="muted small">{t('solutions.returns.intro')}</p>
      {can.planReturns && <p><Link href="/returns/new" className="button">{t('solutions.returns.new')}</Link></p>}
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('solutions.returns.filters')}>
        <div className="field">
          <label htmlFor="r-status">{t('solutions.returns.stageLabel')}</label>
          <select id="r-status" value={status ?? ''} onChange={(e) => { setStatus((e.target.value || undefined) as ReturnStatus | undefined); setOffset(0); }}>
            <option value="">{t('common.all')}</option>
            {RETURN_STATUSES.map((s) => <option key={s} value={s}>{t(`solutions.status.${s}`)}</option>)}
          </select>
        </div>
      </form>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="return-summary">{t('solutions.returns.count', { count: data.total, n: formatNumber(data.total, lng) })}</p>
          {data.items.length > 0 && <ul className="cards" data-testid="returns">{data.items.map((r) => <ReturnCard key={r.id} r={r} />)}</ul>}
          <Pager label={t('solutions.returns.pages')} offset={offset} page={PAGE} shown={data.items.length} total={data.total} onOffset={setOffset} />
        </>
      )}
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
