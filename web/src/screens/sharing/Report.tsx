import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, Loading } from '../../components/feedback';
import { formatNumber, useTranslation } from '../../i18n';
import { sharingQueries } from './api';
import { TransferTable } from './Transfers';

const LATEST = 20;

/** What went out under one agreement: transfers and rows by kind and by recipient, and the latest transfers. */
export function AgreementReport({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const report = useQuery(sharingQueries.report(id, LATEST));
  const r = report.data;
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{t('sharing.report')}</h2>
      <ErrorMessage error={report.error} onRetry={() => void report.refetch()} />
      {!r && !report.error && <Loading />}
      {r && (
        <>
          <p data-testid="report-totals">{t('sharing.tally', { count: r.totals.transfers, n: formatNumber(r.totals.transfers, lng), rows: formatNumber(r.totals.rows, lng) })}</p>
          {r.totals.transfers > 0 && (
            <div className="grid-2">
              <dl className="facts" aria-label={t('sharing.byKind')} data-testid="report-by-kind">
                {r.byKind.map((k) => <Tally key={k.kind} label={t(`sharing.kind.${k.kind}`)} transfers={k.transfers} rows={k.rows} />)}
              </dl>
              <dl className="facts" aria-label={t('sharing.byRecipient')} data-testid="report-by-recipient">
                {r.byRecipient.map((x) => <Tally key={x.organisation?.slug ?? '-'} label={x.organisation?.name ?? t('sharing.platform')} transfers={x.transfers} rows={x.rows} />)}
              </dl>
            </div>
          )}
          {r.items.length > 0 && <TransferTable items={r.items} caption={t('sharing.latest', { n: formatNumber(r.items.length, lng) })} testId="report-transfers" showAgreement={false} />}
        </>
      )}
    </section>
  );
}

function Tally({ label, transfers, rows }: { label: string; transfers: number; rows: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <dt><bdi>{label}</bdi></dt>
      <dd>{t('sharing.tally', { count: transfers, n: formatNumber(transfers, lng), rows: formatNumber(rows, lng) })}</dd>
    </>
  );
}
