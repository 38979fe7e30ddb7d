import { useTitle } from '../hooks';
import { useTranslation } from '../i18n';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/feedback';
import { Offers } from './capacity/Offers';
import { Requests } from './capacity/Requests';
import { CapacityViews } from './capacity/Views';

const TABS = ['requests', 'offers', 'views'] as const;
type Tab = (typeof TABS)[number];

/**
 * Support to States (R9): States' requests routed to the UN Network on Migration (IOM coordinates) or the
 * Asylum Capacity Support Group (UNHCR leads), the offers and pledges that may meet them, and three views:
 * unmet demand, pledges against delivery, time to match.
 */
export function Capacity() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const { user } = useSession();
  useTitle(t('capacity.title'));
  if (user === undefined) return <Loading />;
  if (user === null) return <><h1>{t('capacity.title')}</h1><p><Link href="/sign-in">{t('errors.signInNeeded')}</Link></p></>;
  const asked = query.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'requests';
  return (
    <>
      <h1>{t('capacity.title')}</h1>
      <p className="muted small">{t('capacity.intro')}</p>
      <nav aria-label={t('capacity.sections')} className="tabs">
        <ul>{TABS.map((k) => <li key={k}><Link href={`/capacity?tab=${k}`} aria-current={tab === k ? 'page' : undefined}>{t(`capacity.tab.${k}`)}</Link></li>)}</ul>
      </nav>
      {tab === 'requests' && <Requests />}
      {tab === 'offers' && <Offers />}
      {tab === 'views' && <CapacityViews />}
    </>
  );
}
