import { useTranslation } from '../../i18n';

/** A deadline as a reader needs it: overdue said in words (and marked), else the time left, with the exact moment; once answered, whether in time. */
export function Deadline({ dueAt, overdue, answeredAt }: { dueAt: string | null; overdue: boolean; answeredAt: string | null }) {
  const { t, i18n } = useTranslation();
  if (!dueAt) return <span className="muted">{t('protection.noDeadline')}</span>;
  if (answeredAt) return <span>{t(answeredAt <= dueAt ? 'protection.answeredOnTime' : 'protection.answeredLate')}</span>;
  const at = new Date(dueAt);
  const exact = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  const hours = Math.round((at.getTime() - Date.now()) / 3_600_000);
  if (overdue) return <strong className="overdue-mark" data-testid="overdue">{t('protection.overdue', { date: exact })}</strong>;
  const left = hours < 48 ? t('protection.hoursLeft', { count: Math.max(0, hours) }) : t('protection.daysLeft', { count: Math.round(hours / 24) });
  return <span title={exact}>{t('protection.due', { left, date: exact })}</span>;
}
