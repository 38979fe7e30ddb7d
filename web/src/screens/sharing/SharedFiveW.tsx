import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { readSharedFiveW, sharingChanged, type Agreement, type SharedFiveW } from './api';

/** The month before this one (YYYY-MM): the latest a 5W report is usually validated for. */
function lastMonth(): string {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return m.toISOString().slice(0, 7);
}

/**
 * The providers' validated 5W of a month, as a receiving party reads it under the agreement: at the agreed
 * granularity, with small cells and what would give them away hidden. Each read is a transfer the server
 * registers, so it is made when asked for.
 */
export function SharedFiveWRead({ a }: { a: Agreement }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [month, setMonth] = useState(lastMonth);
  const read = useMutation({
    mutationFn: (m: string) => readSharedFiveW(a.id, m),
    onSuccess: async () => { await sharingChanged.transfers(client, a.id); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); if (/^\d{4}-\d{2}$/.test(month)) read.mutate(month); };
  return (
    <section aria-labelledby="shared-heading">
      <h2 id="shared-heading">{t('sharing.shared5w')}</h2>
      <p className="muted small">{t('sharing.shared5wHelp', { granularity: t(`sharing.granularity.${a.granularity}`) })}</p>
      <form className="filters compact" onSubmit={submit} aria-label={t('sharing.shared5w')}>
        <div className="field">
          <label htmlFor="shared-month">{t('sharing.month')}</label>
          <input id="shared-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required />
        </div>
        <div className="actions"><button type="submit" className="primary" disabled={read.isPending}>{t('sharing.read')}</button></div>
      </form>
      <ErrorMessage error={read.error} />
      {read.data && <FiveWTable data={read.data} />}
    </section>
  );
}

/** A month (YYYY-MM) in words, in the interface language. */
const monthName = (month: string, lng: string) =>
  new Intl.DateTimeFormat(lng, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

function FiveWTable({ data }: { data: SharedFiveW }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const month = monthName(data.month, lng);
  const caption = t('sharing.shared5wCaption', { month, granularity: t(`sharing.granularity.${data.agreement.granularity}`) });
  if (data.cells.length === 0) return <p className="muted" role="status" data-testid="shared-5w-empty">{t('sharing.noShared', { month })}</p>;
  return (
    <>
      <p role="status" className="small" data-testid="shared-5w-note">{t('sharing.suppressionNote', { k: formatNumber(data.k, lng) })}</p>
      <TableWrap label={caption}>
        <table data-testid="shared-5w">
          <caption>{caption}</caption>
          <thead>
            <tr><th scope="col">{t('sharing.area')}</th><th scope="col">{t('sharing.indicator')}</th><th scope="col" className="num">{t('sharing.reached')}</th></tr>
          </thead>
          <tbody>
            {data.cells.map((c) => (
              <tr key={`${c.area ?? ''}|${c.indicator ?? ''}`} data-area={c.area ?? ''} className={c.area === null || c.indicator === null ? 'totals' : undefined}>
                <th scope="row">{c.area ? <bdi>{c.area}</bdi> : t('sharing.allAreas')}</th>
                <td>{c.indicator ? <bdi>{c.indicator}</bdi> : t('sharing.allIndicators')}</td>
                <td className="num">{c.reached === null ? <span className="muted">{t(`sharing.cell.${c.status}`)}</span> : formatNumber(c.reached, lng)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
