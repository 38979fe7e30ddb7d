import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { statusWord, type Agreement } from './api';

/** Where an agreement stands, in words, styled by how it stands (draft, awaiting approvals, scheduled, in force, lapsed). */
export function StatusWord({ a }: { a: Pick<Agreement, 'status' | 'parties'> }) {
  const { t } = useTranslation();
  const word = statusWord(a);
  return <strong className={`agreement-status ${word}`} data-testid="agreement-status">{t(`sharing.status.${word}`)}</strong>;
}

/** Its days as they matter now: when it comes into force or since when it is, and the day it lapses (or lapsed). */
export function Period({ a }: { a: Pick<Agreement, 'status' | 'parties' | 'startsOn' | 'expiresOn'> }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const start = formatDate(a.startsOn, lng);
  const end = formatDate(a.expiresOn, lng);
  const approved = a.parties.filter((p) => p.approval).length;
  return (
    <span data-testid="agreement-period">
      {t(`sharing.period.${a.status}`, { start, end })}
      {a.status === 'draft' && <> · {t('sharing.approvedCount', { n: formatNumber(approved, lng), total: formatNumber(a.parties.length, lng) })}</>}
    </span>
  );
}
