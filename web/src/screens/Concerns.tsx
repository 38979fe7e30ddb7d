import { useTitle } from '../hooks';
import { useTranslation } from '../i18n';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/feedback';
import { ConcernList } from './concerns/List';
import { Notifications } from './concerns/Notifications';

const TABS = ['concerns', 'notifications'] as const;
type Tab = (typeof TABS)[number];

/**
 * Issues of concern (R11): the ones this account may read, by organisation, and its notifications. Anyone
 * signed in may raise one; what else may be done with a concern comes with it from the server.
 */
export function Concerns() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const { user } = useSession();
  useTitle(t('concerns.title'));
  if (user === undefined) return <Loading />;
  if (user === null) return <><h1>{t('concerns.title')}</h1><p><Link href="/sign-in">{t('errors.signInNeeded')}</Link></p></>;
  const asked = query.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'concerns';
  return (
    <>
      <h1>{t('concerns.title')}</h1>
      <p className="muted small">{t('concerns.intro')}</p>
      <nav aria-label={t('concerns.sections')} className="tabs">
        <ul>{TABS.map((k) => <li key={k}><Link href={`/concerns?tab=${k}`} aria-current={tab === k ? 'page' : undefined}>{t(`concerns.tab.${k}`)}</Link></li>)}</ul>
      </nav>
      {tab === 'concerns' ? <ConcernList /> : <Notifications />}
    </>
  );
}
