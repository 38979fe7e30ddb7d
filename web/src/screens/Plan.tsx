import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../i18n';
import { queries } from '../api/queries';
import { ErrorMessage, Loading } from '../components/feedback';
import { useTitle } from '../hooks';
import { Link, useLocation } from '../router';
import { DashboardTab } from './plan/Dashboard';
import { ReportTab } from './plan/Reporting';
import { ReviewTab } from './plan/Review';
import { R4vTab } from './r4v/PlanR4v';

const TABS = ['dashboard', 'report', 'review', 'r4v'] as const;

/**
 * A response plan: its dashboard for everyone, the partner's monthly reporting, the reviewers' queue. Which
 * tabs show is the plan's own `can`, as the server's policy decides it for the signed-in account.
 */
export function PlanScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { query } = useLocation();
  const tab = query.get('tab') ?? 'dashboard';
  const { data: plan, error, refetch } = useQuery(queries.plan(id));
  useTitle(plan?.name ?? t('plan.title'));
  if (error) return <><h1>{t('plan.title')}</h1><ErrorMessage error={error} onRetry={() => void refetch()} /></>;
  if (!plan) return <Loading />;
  const shown = { dashboard: true, report: plan.can.report, review: plan.can.review, r4v: true };
  const tabs = TABS.filter((k) => shown[k]);
  return (
    <>
      <p className="crumbs"><Link href={`/platforms/${plan.platform.slug}`}>{plan.platform.name}</Link></p>
      <h1>{plan.name} <span className="muted small">(<bdi>{plan.startMonth} – {plan.endMonth}</bdi>)</span></h1>
      <nav aria-label={t('plan.sections')} className="tabs">
        <ul>{tabs.map((k) => <li key={k}><Link href={`/plans/${id}?tab=${k}`} aria-current={tab === k ? 'page' : undefined}>{t(k === 'r4v' ? 'r4v.tab.label' : `plan.${k}`)}</Link></li>)}</ul>
      </nav>
      {tab === 'report' && plan.can.report ? <ReportTab plan={plan} /> : tab === 'review' && plan.can.review ? <ReviewTab plan={plan} /> : tab === 'r4v' ? <R4vTab plan={plan} /> : <DashboardTab plan={plan} />}
    </>
  );
}
