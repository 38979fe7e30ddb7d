import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { readSharedData, sharingChanged, type Agreement, type SharedData, type SharedKind } from './api';

/** The month before this one (YYYY-MM): the latest a report is usually validated for. */
function lastMonth(): string {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return m.toISOString().slice(0, 7);
}

/**
 * The providers' data of a month, as a receiving party reads it under the agreement: one of the kinds the
 * agreement covers (5W reports, referral aggregates, flow counts), at the agreed granularity, with small cells
 * and what would give them away hidden. Each read is a transfer the server registers, so it is made when asked for.
 */
export function SharedDataRead({ a, kinds }: { a: Agreement; kinds: readonly SharedKind[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [month, setMonth] = useState(lastMonth);
  const [kind, setKind] = useState<SharedKind>(kinds[0]!);
  const read = useMutation({
    mutationFn: (q: { kind: SharedKind; month: string }) => readSharedData(a.id, q.kind, q.month),
    onSuccess: async () => { await sharingChanged.transfers(client, a.id); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); if (/^\d{4}-\d{2}$/.test(month)) read.mutate({ kind, month }); };
  return (
    <section aria-labelledby="shared-heading">
      <h2 id="shared-heading">{t('sharing.sharedData')}</h2>
      <p className="muted small">{t('sharing.sharedDataHelp', { granularity: t(`sharing.granularity.${a.granularity}`) })}</p>
      <form className="filters compact" onSubmit={submit} aria-label={t('sharing.sharedData')}>
        {kinds.length > 1 && (
          <div className="field">
            <label htmlFor="shared-kind">{t('sharing.kindLabel')}</label>
            <select id="shared-kind" value={kind} onChange={(e) => setKind(e.target.value as SharedKind)}>
              {kinds.map((k) => <option key={k} value={k}>{t(`sharing.kind.${k}`)}</option>)}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="shared-month">{t('sharing.month')}</label>
          <input id="shared-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required />
        </div>
        <div className="actions"><button type="submit" className="primary" disabled={read.isPending}>{t('sharing.read')}</button></div>
      </form>
      <ErrorMessage error={read.error} />
      {read.data && <SharedTable data={read.data} />}
    </section>
  );
}

/** A month (YYYY-MM) in words, in the interface language. */
const monthName = (month: string, lng: string) =>
  new Intl.DateTimeFormat(lng, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

function SharedTable({ data }: { data: SharedData }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const month = monthName(data.month, lng);
  const caption = t(`sharing.sharedCaption.${data.kind}`, { month, granularity: t(`sharing.granularity.${data.agreement.granularity}`) });
  if (data.cells.length === 0) return <p className="muted" role="status" data-testid="shared-empty">{t(`sharing.noShared.${data.kind}`, { month })}</p>;
  return (
    <>
      <p role="status" className="small" data-testid="shared-note">{t('sharing.suppressionNote', { k: formatNumber(data.k, lng) })}</p>
      <TableWrap label={caption}>
        <table data-testid="shared-table" data-kind={data.kind}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sharing.area')}</th><th scope="col">{t(`sharing.category.${data.category}`)}</th>
              <th scope="col" className="num">{t(`sharing.value.${data.kind}`)}</th>
            </tr>
          </thead>
          <tbody>
            {data.cells.map((c) => (
              <tr key={`${c.area ?? ''}|${c.category ?? ''}`} data-area={c.area ?? ''} className={c.area === null || c.category === null ? 'totals' : undefined}>
                <th scope="row">{c.area ? <bdi>{c.area}</bdi> : t('sharing.allAreas')}</th>
                <td>{c.category ? <bdi>{c.category}</bdi> : t(`sharing.allCategories.${data.category}`)}</td>
                <td className="num">{c.value === null ? <span className="muted">{t(`sharing.cell.${c.status}`)}</span> : formatNumber(c.value, lng)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
