import { lazy, Suspense, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, csrfToken, unwrap } from '../api/client';
import { ErrorMessage, Loading } from '../components/feedback';
import { useLoad, useTitle } from '../hooks';
import { formatNumber, formatPercent } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';

const ReachedChart = lazy(() => import('../components/ReachedChart'));

const SEXES = ['female', 'male'] as const;
const AGES = ['0-17', '18-59', '60+'] as const;
type Group = Activity['targets'] extends infer _T ? 'in_destination' | 'in_transit' | 'pendular' | 'returnees' | 'host_community' : never;

type Plan = { id: string; name: string; startMonth: string; endMonth: string; platform: { slug: string; name: string; coLeads: Array<{ slug: string }>; sectors: Array<{ code: string; name: string; leads: string[] }>; lockedMonths: string[] } };
type Dashboard = {
  until: string; include: string; platform: { counting: string };
  peopleReached: { interSector: number; bySector: Record<string, number>; byArea: Record<string, number>; byGroup: Record<string, number> };
  targets: { interSector: number; bySector: Record<string, number>; byArea: Record<string, number>; byGroup: Record<string, number> };
  timesAssistedInTransit: number; byMonth: Array<{ month: string; people: number; timesAssistedInTransit: number }>;
  byPartner: Array<{ partner: string; activitySum: number; requirementsUsd: number; fundingUsd: number }>;
  funding: Array<{ sector: string; requirementsUsd: number; fundingUsd: number }>;
};
type Activity = { id: string; partner: string; sector: string; indicator: string; unit: string; pcode: string; area: string; description: string; targets: Record<string, number>; countsPin: boolean };
type Report = { id: string; activityId: string; month: string; status: string; reviewerNote?: string | null; rows: Array<{ group: string; sex: string; age: string; reached: number; newReached: number; services: number | null; converted: boolean }>; activity?: { partner: string; sector: string; pcode: string; description: string } };

const months = (start: string, end: string) => {
  const out: string[] = [];
  let [y, m] = start.split('-').map(Number) as [number, number];
  const [ey, em] = end.split('-').map(Number) as [number, number];
  while (y < ey || (y === ey && m <= em)) { out.push(`${y}-${String(m).padStart(2, '0')}`); m++; if (m > 12) { m = 1; y++; } }
  return out;
};

/** A response plan: its dashboard for everyone, the partner's monthly reporting, the reviewers' queue. */
export function PlanScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { query } = useLocation();
  const { user } = useSession();
  const tab = query.get('tab') ?? 'dashboard';
  const { data: plan, error } = useLoad(() => unwrap(api.GET('/api/v1/plans/{id}', { params: { path: { id } } })) as Promise<Plan>, [id]);
  useTitle(plan?.name ?? t('plan.title'));
  if (error) return <><h1>{t('plan.title')}</h1><ErrorMessage error={error} /></>;
  if (!plan) return <Loading />;
  const roles = new Set(user?.memberships.map((m) => m.role) ?? []);
  const mayReport = roles.has('partner_reporter') || roles.has('im_officer') || roles.has('platform_admin');
  const mayReview = roles.has('coordinator') || roles.has('platform_admin');
  const tabs = [['dashboard', t('plan.dashboard')], ...(mayReport ? [['report', t('plan.report')]] : []), ...(mayReview ? [['review', t('plan.review')]] : [])] as Array<[string, string]>;
  return (
    <>
      <p className="crumbs"><Link href={`/platforms/${plan.platform.slug}`}>{plan.platform.name}</Link></p>
      <h1>{plan.name} <span className="muted small">({plan.startMonth} – {plan.endMonth})</span></h1>
      <nav aria-label={t('plan.sections')} className="tabs">
        <ul>{tabs.map(([k, label]) => <li key={k}><Link href={`/plans/${id}?tab=${k}`} aria-current={tab === k ? 'page' : undefined}>{label}</Link></li>)}</ul>
      </nav>
      {tab === 'report' && mayReport ? <ReportTab plan={plan} /> : tab === 'review' && mayReview ? <ReviewTab plan={plan} /> : <DashboardTab plan={plan} />}
    </>
  );
}

function DashboardTab({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [until, setUntil] = useState(plan.endMonth);
  const [include, setInclude] = useState<'validated' | 'submitted'>('validated');
  const { data, error } = useLoad(() => unwrap(api.GET('/api/v1/plans/{id}/dashboard', { params: { path: { id: plan.id }, query: { until, include, format: 'json' } } })) as Promise<Dashboard>, [plan.id, until, include]);
  const sectorName = (code: string) => plan.platform.sectors.find((s) => s.code === code)?.name ?? code;
  const exportHref = (format: string) => `/api/v1/plans/${plan.id}/dashboard?${new URLSearchParams({ until, include, format })}`;
  const pct = (a: number, b: number) => (b > 0 ? formatPercent(a / b, lng) : '—');
  const keys = (a: Record<string, number>, b: Record<string, number>) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return (
    <section aria-labelledby="dash-heading">
      <h2 id="dash-heading" className="visually-hidden">{t('plan.dashboard')}</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('plan.dashboardOptions')}>
        <div className="field">
          <label htmlFor="until">{t('plan.until')}</label>
          <select id="until" value={until} onChange={(e) => setUntil(e.target.value)}>{months(plan.startMonth, plan.endMonth).map((m) => <option key={m}>{m}</option>)}</select>
        </div>
        <div className="field">
          <label htmlFor="include">{t('plan.include')}</label>
          <select id="include" value={include} onChange={(e) => setInclude(e.target.value as 'validated')}>
            <option value="validated">{t('plan.includeValidated')}</option><option value="submitted">{t('plan.includeSubmitted')}</option>
          </select>
        </div>
        <p className="exports">{t('figures.export')} <a href={exportHref('hxl')} download>HXL</a> · <a href={exportHref('json')} download>JSON</a> · <a href={exportHref('xlsx')} download>XLSX</a></p>
      </form>
      <ErrorMessage error={error} />
      {!data ? <Loading /> : (
        <>
          <div className="grid-2">
            <div className="panel" data-testid="people-reached">
              <h3>{t('plan.peopleReached')}</h3>
              <p className="big"><strong>{formatNumber(data.peopleReached.interSector, lng)}</strong> / {formatNumber(data.targets.interSector, lng)} {t('plan.targeted')} ({pct(data.peopleReached.interSector, data.targets.interSector)})</p>
              <p className="small muted">{t(data.platform.counting === 'sum' ? 'plan.rulesSum' : 'plan.rulesMax')}</p>
            </div>
            <div className="panel">
              <h3>{t('plan.transit')}</h3>
              <p className="big"><strong>{formatNumber(data.timesAssistedInTransit, lng)}</strong></p>
              <p className="small muted">{t('plan.transitHelp')}</p>
            </div>
          </div>
          <Suspense fallback={<Loading />}>
            <ReachedChart labels={keys(data.peopleReached.bySector, data.targets.bySector).map(sectorName)}
              reached={keys(data.peopleReached.bySector, data.targets.bySector).map((k) => data.peopleReached.bySector[k] ?? 0)}
              targets={keys(data.peopleReached.bySector, data.targets.bySector).map((k) => data.targets.bySector[k] ?? 0)} />
          </Suspense>
          {([['sector', data.peopleReached.bySector, data.targets.bySector, sectorName], ['area', data.peopleReached.byArea, data.targets.byArea, (k: string) => k],
            ['group', data.peopleReached.byGroup, data.targets.byGroup, (k: string) => t(`group.${k}`)]] as const).map(([dim, reached, targets, name]) => (
            <div key={dim} className="table-wrap">
              <table data-testid={`by-${dim}`}>
                <caption>{t(`plan.by.${dim}`)}</caption>
                <thead><tr><th scope="col">{t(`plan.dim.${dim}`)}</th><th scope="col" className="num">{t('plan.reached')}</th><th scope="col" className="num">{t('plan.target')}</th><th scope="col" className="num">%</th></tr></thead>
                <tbody>{keys(reached, targets).map((k) => <tr key={k}><th scope="row">{name(k)}</th><td className="num">{formatNumber(reached[k] ?? 0, lng)}</td><td className="num">{formatNumber(targets[k] ?? 0, lng)}</td><td className="num">{pct(reached[k] ?? 0, targets[k] ?? 0)}</td></tr>)}</tbody>
              </table>
            </div>
          ))}
          <p className="muted small">{t('plan.noBoundaries')}</p>
          <div className="table-wrap">
            <table>
              <caption>{t('plan.byMonth')}</caption>
              <thead><tr><th scope="col">{t('platforms.month')}</th><th scope="col" className="num">{t('plan.monthPeople')}</th><th scope="col" className="num">{t('plan.transit')}</th></tr></thead>
              <tbody>{data.byMonth.map((m) => <tr key={m.month}><th scope="row">{m.month}</th><td className="num">{formatNumber(m.people, lng)}</td><td className="num">{formatNumber(m.timesAssistedInTransit, lng)}</td></tr>)}</tbody>
            </table>
          </div>
          <p className="muted small">{t('plan.byMonthHelp')}</p>
          <div className="table-wrap">
            <table>
              <caption>{t('plan.byPartner')}</caption>
              <thead><tr><th scope="col">{t('platforms.partner')}</th><th scope="col" className="num">{t('plan.activitySum')}</th><th scope="col" className="num">{t('plan.requirements')}</th><th scope="col" className="num">{t('plan.funding')}</th></tr></thead>
              <tbody>{data.byPartner.map((p) => <tr key={p.partner}><th scope="row">{p.partner}</th><td className="num">{formatNumber(p.activitySum, lng)}</td><td className="num">{formatNumber(p.requirementsUsd, lng, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })}</td><td className="num">{formatNumber(p.fundingUsd, lng, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })}</td></tr>)}</tbody>
            </table>
          </div>
          <p className="muted small">{t('plan.activitySumHelp')}</p>
        </>
      )}
    </section>
  );
}

function ReportTab({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const { data: activities, error } = useLoad(() => unwrap(api.GET('/api/v1/plans/{id}/activities', { params: { path: { id: plan.id } } })) as Promise<Activity[]>, [plan.id]);
  const allMonths = months(plan.startMonth, plan.endMonth);
  const [activityId, setActivityId] = useState('');
  const [month, setMonth] = useState(allMonths[0]!);
  if (error) return <ErrorMessage error={error} />;
  if (!activities) return <Loading />;
  const activity = activities.find((a) => a.id === (activityId || activities[0]?.id));
  return (
    <>
      <section aria-labelledby="form-heading" className="panel">
        <h2 id="form-heading">{t('report.formTitle')}</h2>
        {activities.length === 0 ? <p>{t('report.noActivities')}</p> : (
          <>
            <div className="filters">
              <div className="field">
                <label htmlFor="activity">{t('report.activity')}</label>
                <select id="activity" value={activity?.id} onChange={(e) => setActivityId(e.target.value)}>
                  {activities.map((a) => <option key={a.id} value={a.id}>{a.partner} · {a.sector} · {a.area} · {a.description}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="month">{t('platforms.month')}</label>
                <select id="month" value={month} onChange={(e) => setMonth(e.target.value)}>{allMonths.map((m) => <option key={m}>{m}</option>)}</select>
              </div>
            </div>
            {activity && <ReportForm key={`${activity.id}|${month}`} activity={activity} month={month} locked={plan.platform.lockedMonths.includes(month)} />}
          </>
        )}
      </section>
      <UploadPanel plan={plan} />
    </>
  );
}

function ReportForm({ activity, month, locked }: { activity: Activity; month: string; locked: boolean }) {
  const { t } = useTranslation();
  const groups = (Object.keys(activity.targets).length ? Object.keys(activity.targets) : ['in_destination']) as Group[];
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<Report | null>(null);
  const services = activity.unit === 'services';
  const key = (g: string, s: string, a: string, f: string) => `${g}|${s}|${a}|${f}`;
  const submit = async (submitIt: boolean) => {
    setError(null);
    const rows = groups.flatMap((group) => SEXES.flatMap((sex) => AGES.map((age) => {
      const reached = Number(values[key(group, sex, age, 'r')] || 0);
      const newReached = Number(values[key(group, sex, age, 'n')] || 0);
      return { group, sex, age, reached: services ? 0 : reached, newReached, ...(services ? { services: reached } : {}) };
    })));
    try {
      const res = await unwrap(api.PUT('/api/v1/activities/{id}/reports/{month}', { params: { path: { id: activity.id, month } }, body: { rows, submit: submitIt } })) as { report: Report };
      setSaved(res.report);
    } catch (e) { setError(e); }
  };
  const fieldError = (i: number, f: string) => (error instanceof ApiError ? error.forField(`rows[${i}].${f}`) : undefined);
  // The index of a cell in the rows sent: groups, then sexes, then ages, as `submit` builds them.
  const indexOf = (g: number, s: number, a: number) => (g * SEXES.length + s) * AGES.length + a;
  return (
    <form onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(true); }} aria-label={t('report.formTitle')}>
      <p className="muted small">{services ? t('report.servicesHelp') : t('report.help')}</p>
      {locked && <p className="alert warning">{t('report.locked')}</p>}
      {groups.map((g, gi) => (
        <fieldset key={g} className="cells">
          <legend>{t(`group.${g}`)}{g === 'in_transit' ? ` — ${t('report.timesAssisted')}` : ''}</legend>
          <table>
            <thead><tr><th scope="col">{t('report.cell')}</th><th scope="col">{services ? t('report.services') : t('report.reached')}</th><th scope="col">{t('report.new')}</th></tr></thead>
            <tbody>
              {SEXES.flatMap((s, si) => AGES.map((a, ai) => {
                const label = `${t(`sex.${s}`)} ${a}`;
                const idx = indexOf(gi, si, ai);
                return (
                  <tr key={`${s}${a}`}>
                    <th scope="row">{label}</th>
                    <td><input aria-label={`${t(`group.${g}`)}, ${label}, ${services ? t('report.services') : t('report.reached')}`} inputMode="numeric" size={7} value={values[key(g, s, a, 'r')] ?? ''} onChange={(e) => setValues({ ...values, [key(g, s, a, 'r')]: e.target.value })} aria-invalid={!!fieldError(idx, 'reached') || !!fieldError(idx, 'services')} /></td>
                    <td><input aria-label={`${t(`group.${g}`)}, ${label}, ${t('report.new')}`} inputMode="numeric" size={7} value={values[key(g, s, a, 'n')] ?? ''} onChange={(e) => setValues({ ...values, [key(g, s, a, 'n')]: e.target.value })} aria-invalid={!!fieldError(idx, 'newReached')} />
                      {fieldError(idx, 'newReached') && <span className="field-error small"> {fieldError(idx, 'newReached')}</span>}</td>
                  </tr>
                );
              }))}
            </tbody>
          </table>
        </fieldset>
      ))}
      <ErrorMessage error={error} />
      {saved && <p role="status" className="alert success" data-testid="report-status">{t('report.saved', { status: t(`reportStatus.${saved.status}`) })}</p>}
      <div className="actions">
        <button type="button" onClick={() => void submit(false)}>{t('report.saveDraft')}</button>{' '}
        <button type="submit" className="primary">{t('report.submit')}</button>
      </div>
    </form>
  );
}

function UploadPanel({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const allMonths = months(plan.startMonth, plan.endMonth);
  const [month, setMonth] = useState(allMonths[0]!);
  const [submitIt, setSubmitIt] = useState(true);
  const [result, setResult] = useState<{ reports: number; changed: number; unchanged: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const file = useRef<HTMLInputElement>(null);
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    setError(null); setResult(null);
    const f = file.current?.files?.[0];
    if (!f) { setError(new ApiError(400, 'validation_failed', t('import.chooseFile'), [])); return; }
    const res = await fetch(`/api/v1/plans/${plan.id}/reports/upload?${new URLSearchParams({ filename: f.name, submit: String(submitIt) })}`, {
      method: 'POST', body: f, headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': csrfToken() ?? '' },
    });
    const body = await res.json();
    if (!res.ok) setError(new ApiError(res.status, body.code, body.message, body.details ?? []));
    else setResult(body);
  };
  return (
    <section aria-labelledby="upload5w-heading" className="panel">
      <h2 id="upload5w-heading">{t('report.templateTitle')}</h2>
      <p className="muted small">{t('report.templateHelp')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="tmonth">{t('platforms.month')}</label>
          <select id="tmonth" value={month} onChange={(e) => setMonth(e.target.value)}>{allMonths.map((m) => <option key={m}>{m}</option>)}</select>
        </div>
        <p className="exports">{t('report.download')} <a href={`/api/v1/plans/${plan.id}/template?month=${month}&format=xlsx`} download>XLSX</a> · <a href={`/api/v1/plans/${plan.id}/template?month=${month}&format=hxl`} download>HXL CSV</a></p>
      </div>
      <form onSubmit={upload} aria-label={t('report.uploadTitle')}>
        <div className="field">
          <label htmlFor="report-file">{t('report.filled')}</label>
          <input id="report-file" type="file" ref={file} accept=".xlsx,.csv" />
        </div>
        <label><input type="checkbox" checked={submitIt} onChange={(e) => setSubmitIt(e.target.checked)} /> {t('report.submitUploaded')}</label>
        <div className="actions"><button type="submit" className="primary">{t('report.upload')}</button></div>
      </form>
      {error instanceof ApiError && error.code === 'import_failed' ? (
        <div role="alert" className="alert error" data-testid="upload-errors">
          <p>{error.message}</p>
          <table><thead><tr><th scope="col">{t('import.row')}</th><th scope="col">{t('import.column')}</th><th scope="col">{t('import.problem')}</th></tr></thead>
            <tbody>{error.details.map((d, k) => <tr key={k}><td>{d.row ?? ''}</td><td>{d.column ?? ''}</td><td>{d.message}</td></tr>)}</tbody></table>
        </div>
      ) : <ErrorMessage error={error} />}
      {result && <p role="status" className="alert success">{t('report.uploaded', { reports: formatNumber(result.reports, i18n.language), changed: formatNumber(result.changed, i18n.language) })}</p>}
    </section>
  );
}

function ReviewTab({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const queue = useLoad(() => unwrap(api.GET('/api/v1/plans/{id}/reports', { params: { path: { id: plan.id }, query: { status: 'submitted', limit: 200, offset: 0 } } })) as Promise<{ items: Report[]; total: number }>, [plan.id]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const decide = async (id: string, decision: 'validate' | 'return') => {
    setError(null);
    try { await unwrap(api.POST('/api/v1/reports/{id}/review', { params: { path: { id } }, body: { decision, note: notes[id] || undefined } })); queue.reload(); } catch (e) { setError(e); }
  };
  if (queue.error) return <ErrorMessage error={queue.error} />;
  if (!queue.data) return <Loading />;
  return (
    <section aria-labelledby="queue-heading">
      <h2 id="queue-heading">{t('review.title', { count: queue.data.total })}</h2>
      <ErrorMessage error={error} />
      {queue.data.items.length === 0 ? <p>{t('review.empty')}</p> : (
        <ul className="cards" data-testid="queue">
          {queue.data.items.map((r) => {
            const total = r.rows.reduce((s, x) => s + x.reached, 0);
            const fresh = r.rows.reduce((s, x) => s + x.newReached, 0);
            return (
              <li key={r.id} className="card">
                <h3>{r.activity?.partner} · {r.activity?.sector} · {r.activity?.pcode} · {r.month}</h3>
                <p>{r.activity?.description}</p>
                <p>{t('review.totals', { reached: formatNumber(total, i18n.language), fresh: formatNumber(fresh, i18n.language) })}{r.rows.some((x) => x.converted) ? ` · ${t('review.converted')}` : ''}</p>
                <div className="field">
                  <label htmlFor={`note-${r.id}`}>{t('review.note')}</label>
                  <textarea id={`note-${r.id}`} rows={2} value={notes[r.id] ?? ''} onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })} />
                </div>
                <div className="actions">
                  <button type="button" className="primary" onClick={() => void decide(r.id, 'validate')}>{t('review.validate')}</button>{' '}
                  <button type="button" onClick={() => void decide(r.id, 'return')}>{t('review.return')}</button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p><button type="button" className="link" onClick={() => navigate(`/plans/${plan.id}?tab=dashboard`)}>{t('plan.dashboard')}</button></p>
    </section>
  );
}
