import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap, uploadFile, type Activity, type Plan, type Report, type ReportCell } from '../../api/client';
import { changed, queries } from '../../api/queries';
import { AGES, POPULATION_GROUPS, SEXES } from '../../api/values';
import { ErrorMessage, Loading } from '../../components/feedback';
import { RefusedFile, UploadProgress, useUpload } from '../../components/upload';
import { formatNumber } from '../../i18n';
import { months } from './months';

/** The partner's monthly reporting: one activity and month by form, or many through the template. */
export function ReportTab({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const allMonths = months(plan.startMonth, plan.endMonth);
  const [activityId, setActivityId] = useState('');
  const [month, setMonth] = useState(allMonths[0]!);
  const activities = useQuery(queries.activities(plan.id));
  // The month's reports: what is already there, and what this account may still change.
  const reports = useQuery(queries.reports(plan.id, { month, limit: 200, offset: 0 }));
  if (activities.error) return <ErrorMessage error={activities.error} />;
  if (!activities.data) return <Loading />;
  const list = activities.data;
  const activity = list.find((a) => a.id === (activityId || list[0]?.id));
  return (
    <>
      <section aria-labelledby="form-heading" className="panel">
        <h2 id="form-heading">{t('report.formTitle')}</h2>
        {list.length === 0 ? <p>{t('report.noActivities')}</p> : (
          <>
            <div className="filters">
              <div className="field">
                <label htmlFor="activity">{t('report.activity')}</label>
                <select id="activity" value={activity?.id} onChange={(e) => setActivityId(e.target.value)}>
                  {list.map((a) => <option key={a.id} value={a.id}>{a.partnerName} · {a.sectorName} · {a.area} · {a.description}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="month">{t('platforms.month')}</label>
                <select id="month" value={month} onChange={(e) => setMonth(e.target.value)}>{allMonths.map((m) => <option key={m}>{m}</option>)}</select>
              </div>
            </div>
            <ErrorMessage error={reports.error} />
            {activity && (!reports.data ? !reports.error && <Loading /> : (
              <ReportForm key={`${activity.id}|${month}`} planId={plan.id} activity={activity} month={month}
                report={reports.data.items.find((r) => r.activityId === activity.id)} locked={plan.platform.lockedMonths.includes(month)} />
            ))}
          </>
        )}
      </section>
      <UploadPanel plan={plan} />
    </>
  );
}

type Field = 'reached' | 'newReached';
const cellKey = (group: string, sex: string, age: string, field: Field) => `${group}|${sex}|${age}|${field}`;

/** The form's values from a saved report: people reached (or services, for an activity counted in services) and new people. */
function valuesOf(report: Report | undefined, services: boolean): Record<string, string> {
  const values: Record<string, string> = {};
  for (const r of report?.rows ?? []) {
    values[cellKey(r.group, r.sex, r.age, 'reached')] = String(services ? r.services ?? 0 : r.reached);
    values[cellKey(r.group, r.sex, r.age, 'newReached')] = String(r.newReached);
  }
  return values;
}

/**
 * One activity's report for one month: a cell per group, sex and age. It opens with what was saved; it can be
 * saved or submitted while the report's own `can.update` says so (or, for a month not reported yet, the activity's `can.report`).
 */
function ReportForm({ planId, activity, month, report, locked }: { planId: string; activity: Activity; month: string; report: Report | undefined; locked: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const services = activity.unit === 'services';
  // The groups the activity targets (and any the saved report has), in the API's order.
  const groups = POPULATION_GROUPS.filter((g) => activity.targets[g] !== undefined || report?.rows.some((r) => r.group === g));
  const shownGroups = groups.length ? groups : (['in_destination'] as const);
  const [values, setValues] = useState(() => valuesOf(report, services));
  const editable = report ? report.can.update : activity.can.report;
  const cells = (): ReportCell[] => shownGroups.flatMap((group) => SEXES.flatMap((sex) => AGES.map((age) => {
    const reached = Number(values[cellKey(group, sex, age, 'reached')] || 0);
    const newReached = Number(values[cellKey(group, sex, age, 'newReached')] || 0);
    return { group, sex, age, reached: services ? 0 : reached, newReached, ...(services ? { services: reached } : {}) };
  })));
  const save = useMutation({
    mutationFn: (submit: boolean) => unwrap(api.PUT('/api/v1/activities/{id}/reports/{month}', { params: { path: { id: activity.id, month } }, body: { rows: cells(), submit } })),
    onSuccess: () => changed.reports(client, planId),
  });
  const fieldError = (i: number, f: string) => (save.error instanceof ApiError ? save.error.forField(`rows[${i}].${f}`) : undefined);
  // The index of a cell in the rows sent: groups, then sexes, then ages, as `cells` builds them.
  const indexOf = (g: number, s: number, a: number) => (g * SEXES.length + s) * AGES.length + a;
  const amount = services ? t('report.services') : t('report.reached');
  const input = (group: string, label: string, sex: string, age: string, field: Field, invalid: boolean) => (
    <input aria-label={`${t(`group.${group}`)}, ${label}, ${field === 'reached' ? amount : t('report.new')}`} inputMode="numeric" size={7} readOnly={!editable}
      value={values[cellKey(group, sex, age, field)] ?? ''} onChange={(e) => setValues({ ...values, [cellKey(group, sex, age, field)]: e.target.value })} aria-invalid={invalid} />
  );
  return (
    <form onSubmit={(e: FormEvent) => { e.preventDefault(); save.mutate(true); }} aria-label={t('report.formTitle')}>
      <p className="muted small">{services ? t('report.servicesHelp') : t('report.help')}</p>
      {report && <p>{t('report.current', { status: t(`reportStatus.${report.status}`) })}</p>}
      {locked ? <p className="alert warning">{t('report.locked')}</p>
        : !editable && <p className="alert info">{report?.status === 'validated' ? t('report.validated') : t('report.readOnly')}</p>}
      {shownGroups.map((g, gi) => (
        <fieldset key={g} className="cells">
          <legend>{t(`group.${g}`)}{g === 'in_transit' ? ` — ${t('report.timesAssisted')}` : ''}</legend>
          <table>
            <thead><tr><th scope="col">{t('report.cell')}</th><th scope="col">{amount}</th><th scope="col">{t('report.new')}</th></tr></thead>
            <tbody>
              {SEXES.flatMap((s, si) => AGES.map((a, ai) => {
                const label = `${t(`sex.${s}`)} ${a}`;
                const idx = indexOf(gi, si, ai);
                const newError = fieldError(idx, 'newReached');
                return (
                  <tr key={`${s}${a}`}>
                    <th scope="row">{label}</th>
                    <td>{input(g, label, s, a, 'reached', !!fieldError(idx, 'reached') || !!fieldError(idx, 'services'))}</td>
                    <td>{input(g, label, s, a, 'newReached', !!newError)}{newError && <span className="field-error small"> {newError}</span>}</td>
                  </tr>
                );
              }))}
            </tbody>
          </table>
        </fieldset>
      ))}
      <ErrorMessage error={save.error} />
      {save.data && <p role="status" className="alert success" data-testid="report-status">{t('report.saved', { status: t(`reportStatus.${save.data.report.status}`) })}</p>}
      {editable && (
        <div className="actions">
          <button type="button" onClick={() => save.mutate(false)} disabled={save.isPending}>{t('report.saveDraft')}</button>{' '}
          <button type="submit" className="primary" disabled={save.isPending}>{t('report.submit')}</button>
        </div>
      )}
    </form>
  );
}

/** The template of the partner's activities for a month, and the upload of a filled one (all or nothing), with its progress. */
function UploadPanel({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const allMonths = months(plan.startMonth, plan.endMonth);
  const [month, setMonth] = useState(allMonths[0]!);
  const [submitIt, setSubmitIt] = useState(true);
  const file = useRef<HTMLInputElement>(null);
  const upload = useUpload(
    (f, onProgress) => uploadFile('/api/v1/plans/{id}/reports/upload', { path: { id: plan.id }, query: { filename: f.name, submit: submitIt } }, f, onProgress),
    () => changed.reports(client, plan.id),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate(file.current?.files?.[0]);
  };
  const template = (format: string) => `/api/v1/plans/${plan.id}/template?${new URLSearchParams({ month, format })}`;
  return (
    <section aria-labelledby="upload5w-heading" className="panel">
      <h2 id="upload5w-heading">{t('report.templateTitle')}</h2>
      <p className="muted small">{t('report.templateHelp')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="tmonth">{t('platforms.month')}</label>
          <select id="tmonth" value={month} onChange={(e) => setMonth(e.target.value)}>{allMonths.map((m) => <option key={m}>{m}</option>)}</select>
        </div>
        <p className="exports">{t('report.download')} <a href={template('xlsx')} download>XLSX</a> · <a href={template('hxl')} download>HXL CSV</a></p>
      </div>
      <form onSubmit={submit} aria-label={t('report.uploadTitle')}>
        <div className="field">
          <label htmlFor="report-file">{t('report.filled')}</label>
          <input id="report-file" type="file" ref={file} accept=".xlsx,.csv" />
        </div>
        <label><input type="checkbox" checked={submitIt} onChange={(e) => setSubmitIt(e.target.checked)} /> {t('report.submitUploaded')}</label>
        <div className="actions"><button type="submit" className="primary" disabled={upload.isPending}>{t('report.upload')}</button></div>
        <UploadProgress pending={upload.isPending} sent={upload.sent} />
      </form>
      {upload.isError && <RefusedFile error={upload.error} title={t('report.refused')} level={3} />}
      {upload.data && <p role="status" className="alert success" data-testid="upload-summary">{t('report.uploaded', { reports: formatNumber(upload.data.reports, i18n.language), changed: formatNumber(upload.data.changed, i18n.language) })}</p>}
    </section>
  );
}
