import { useTitle } from '../hooks';
import { useTranslation } from '../i18n';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/feedback';
import { Box } from './protection/Box';
import { People } from './protection/People';
import { ReferralFigures } from './protection/Figures';

const TABS = ['inbox', 'sent', 'people', 'figures'] as const;
type Tab = (typeof TABS)[number];

/**
 * Protection cases (R7): the inbox of referrals received, those sent, the people the organisation holds and
 * the aggregates. Case handlers see all four; any other account only the aggregates, which name nobody.
 */
export function Protection() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const { user, can } = useSession();
  useTitle(t('protection.title'));
  if (user === undefined) return <Loading />;
  const tabs: readonly Tab[] = can.handleCases ? TABS : ['figures'];
  const asked = query.get('tab') as Tab | null;
  const tab: Tab = asked && tabs.includes(asked) ? asked : tabs[0]!;
  return (
    <>
      <h1>{t('protection.title')}</h1>
      <p className="muted small">{t('protection.intro')}</p>
      <nav aria-label={t('protection.sections')} className="tabs">
        <ul>{tabs.map((k) => <li key={k}><Link href={`/protection?tab=${k}`} aria-current={tab === k ? 'page' : undefined}>{t(`protection.tab.${k}`)}</Link></li>)}</ul>
      </nav>
      {tab === 'inbox' && <Box box="inbox" />}
      {tab === 'sent' && <Box box="sent" />}
      {tab === 'people' && <People />}
      {tab === 'figures' && <ReferralFigures />}
    </>
  );
}
