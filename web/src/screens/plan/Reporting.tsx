import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Plan, ReportPage } from '../../api/client';
import { queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/feedback';
import { formatDate, useTranslation } from '../../i18n';
import { ReportForm } from './ReportForm';
import { UploadPanel } from './UploadPanel';
import { months } from './months';

type Report = ReportPage['items'][number];

/**
 * The month a partner most likely wants: the first not reported yet (no report, a draft, or one returned to it),
 * else the first it may still change, else the last.
 */
export function firstToReport(all: readonly string[], reports: readonly Report[]): string {
  const byMonth = new Map(reports.map((r) => [r.month, r]));
  const open = (m: string) => { const r = byMonth.get(m); return !r || (r.can.update && (r.status === 'draft' || r.status === 'returned')); };
  return all.find(open) ?? all.find((m) => byMonth.get(m)?.can.update) ?? all.at(-1)!;
}

/**
 * The partner's monthly reporting: one activity and month by form (opening on what is stored, the month
 * defaulting to the first not reported yet), or many through the template. Changing activity or month with
 * unsaved numbers asks first.
 */
export function ReportTab({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const allMonths = months(plan.startMonth, plan.endMonth);
  const [activityId, setActivityId] = useState('');
  const [chosenMonth, setChosenMonth] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ key: string; status: Report['status'] } | null>(null);
  const dirty = useRef(false);
  const activities = useQuery(queries.activities(plan.id));
  const list = activities.data ?? [];
  const activity = list.find((a) => a.id === (activityId || list[0]?.id));
  // Every month's report of this activity: what is stored, its status, what this account may still change.
  const reports = useQuery({ ...queries.reports(plan.id, { activity: activity?.id ?? '', limit: 200, offset: 0 }), enabled: !!activity });
  const month = chosenMonth ?? (reports.data ? firstToReport(allMonths, reports.data.items) : null);
  // The month shown stays shown: submitting it must not move the form to the next month to report.
  useEffect(() => { if (chosenMonth === null && month) setChosenMonth(month); }, [chosenMonth, month]);
  if (activities.error) return <ErrorMessage error={activities.error} onRetry={() => void activities.refetch()} />;
  if (!activities.data) return <Loading />;
  const reportOf = (m: string) => reports.data?.items.find((r) => r.month === m);
  const report = month ? reportOf(month) : undefined;
  const keep = () => !dirty.current || window.confirm(t('report.leaveQuestion'));
  const formKey = `${activity?.id}|${month}|${report?.updatedAt ?? 'new'}`;

  return (
    <>
      <section aria-labelledby="form-heading" className="panel">
        <h2 id="form-heading">{t('report.formTitle')}</h2>
        {list.length === 0 ? <p>{t('report.noActivities')}</p> : (
          <>
            <div className="filters">
              <div className="field wide">
                <label htmlFor="activity">{t('report.activity')}</label>
                <select id="activity" value={activity?.id} aria-describedby="activity-details"
                  onChange={(e) => { if (keep()) { dirty.current = false; setActivityId(e.target.value); setChosenMonth(null); setSaved(null); } }}>
                  {list.map((a) => <option key={a.id} value={a.id}>{a.partnerName} · {a.sectorName} · {a.area} · {a.description}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="month">{t('platforms.month')}</label>
                <select id="month" value={month ?? ''} disabled={!month}
                  onChange={(e) => { if (keep()) { dirty.current = false; setChosenMonth(e.target.value); setSaved(null); } }}>
                  {!month && <option value="">{t('common.loading')}</option>}
                  {allMonths.map((m) => {
                    const r = reportOf(m);
                    return <option key={m} value={m}>{m}{r ? ` — ${t(`reportStatus.${r.status}`)}` : ''}</option>;
                  })}
                </select>
              </div>
            </div>
            {activity && (
              <p id="activity-details" className="activity-details small" data-testid="activity-details">
                <strong>{activity.partnerName}</strong> · {activity.sectorName} · {activity.area} (<bdi>{activity.pcode}</bdi>) · {activity.indicatorName}
                <br /><span dir="auto">{activity.description}</span>
              </p>
            )}
            <ErrorMessage error={reports.error} onRetry={() => void reports.refetch()} />
            {saved?.key === `${activity?.id}|${month}` && (
              <p role="status" className="alert success" data-testid="report-status">{t('report.saved', { status: t(`reportStatus.${saved.status}`) })}</p>
            )}
            {activity && month && reports.data && (
              <>
                {report && (
                  <p data-testid="report-current">
                    {t('report.current', { status: t(`reportStatus.${report.status}`) })} · {t('report.updated', { date: formatDate(report.updatedAt, lng) })}
                  </p>
                )}
                {report?.returnReason && report.status !== 'validated' && (
                  <div className="alert warning" role="note" data-testid="return-reason">
                    <p><strong>{t(report.status === 'returned' ? 'report.returnedTitle' : 'report.returnedEarlier', { date: formatDate(report.reviewedAt, lng) })}</strong></p>
                    <blockquote dir="auto">{report.returnReason}</blockquote>
                  </div>
                )}
                <ReportForm key={formKey} planId={plan.id} counting={plan.counting} activity={activity} month={month} report={report}
                  locked={plan.platform.lockedMonths.includes(month)} onDirty={(d) => { dirty.current = d; }}
                  onSaved={(status) => setSaved({ key: `${activity.id}|${month}`, status })} />
              </>
            )}
            {activity && !reports.data && !reports.error && <Loading />}
          </>
        )}
      </section>
      <UploadPanel plan={plan} defaultMonth={month ?? allMonths[0]!} />
    </>
  );
}
