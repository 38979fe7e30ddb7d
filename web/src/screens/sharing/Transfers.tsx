import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FilterSelect, PagedResult } from '../../components/Listing';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { DIRECTIONS, sharingQueries, TRANSFER_KINDS, type Transfer, type TransferQuery } from './api';

const PAGE = 25;

/** The transfer register of the account's organisations: what they sent and received, newest first, a page at a time. */
export function Transfers() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [filter, setFilter] = useState<Pick<TransferQuery, 'kind' | 'direction'>>({});
  const [offset, setOffset] = useState(0);
  const list = useQuery(sharingQueries.transfers({ limit: PAGE, offset, ...filter }));
  const set = (f: typeof filter) => { setFilter(f); setOffset(0); };
  return (
    <section aria-labelledby="transfers-heading">
      <h2 id="transfers-heading">{t('sharing.tab.transfers')}</h2>
      <p className="muted small">{t('sharing.registerHelp')}</p>
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('sharing.filters')}>
        <FilterSelect id="t-direction" label={t('sharing.direction')} value={filter.direction} choices={DIRECTIONS} word={(d) => t(`sharing.directionValue.${d}`)}
          none={t('sharing.bothWays')} onChange={(direction) => set({ ...filter, direction })} />
        <FilterSelect id="t-kind" label={t('sharing.what')} value={filter.kind} choices={TRANSFER_KINDS} word={(k) => t(`sharing.kind.${k}`)}
          onChange={(kind) => set({ ...filter, kind })} />
      </form>
      <PagedResult query={list} summaryTestId="transfer-summary" summary={(total) => t('sharing.transferCount', { count: total, n: formatNumber(total, lng) })}
        empty={t('sharing.noTransfers')} pagesLabel={t('sharing.transferPages')} page={PAGE} offset={offset} onOffset={setOffset}>
        {(items) => <TransferTable items={items} caption={t('sharing.registerCaption')} testId="transfers" />}
      </PagedResult>
    </section>
  );
}

/** A day and time in the interface language, in UTC (the register's clock). */
export const formatMoment = (iso: string, lng: string) =>
  new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));

/** Transfers as a table: when, from whom to whom, what, under which agreement or legal basis, how many rows, which fields, who moved them. */
export function TransferTable({ items, caption, testId, showAgreement = true }: { items: readonly Transfer[]; caption: string; testId: string; showAgreement?: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { user } = useSession();
  const actor = (a: string) => (a === 'event' || a === 'operator' ? t(`sharing.actor.${a}`) : a === user?.id ? t('sharing.actor.you') : t('sharing.actor.account'));
  return (
    <TableWrap label={caption}>
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sharing.when')}</th><th scope="col">{t('sharing.from')}</th><th scope="col">{t('sharing.to')}</th>
            <th scope="col">{t('sharing.what')}</th><th scope="col">{t('sharing.under')}</th><th scope="col" className="num">{t('sharing.rows')}</th>
            <th scope="col">{t('sharing.fields')}</th><th scope="col">{t('sharing.who')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((x) => (
            <tr key={x.id} data-testid="transfer-row" data-kind={x.kind}>
              <td>{formatMoment(x.at, lng)}</td>
              <td><bdi>{x.from.name}</bdi></td>
              <td>{x.to ? <bdi>{x.to.name}</bdi> : t('sharing.platform')}</td>
              <td>{t(`sharing.kind.${x.kind}`)}</td>
              <td>{x.agreementId
                ? (showAgreement ? <Link href={`/sharing/agreements/${x.agreementId}`}>{t('sharing.underAgreement')}</Link> : t('sharing.underAgreement'))
                : x.legalBasis ? t(`sharing.legalBasis.${x.legalBasis}`) : '—'}</td>
              <td className="num">{formatNumber(x.rows, lng)}</td>
              <td>{x.fields.length ? <bdi>{x.fields.join(', ')}</bdi> : <span className="muted">{t('sharing.noFields')}</span>}</td>
              <td>{actor(x.actor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
