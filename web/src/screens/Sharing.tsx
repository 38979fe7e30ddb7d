import { useTitle } from '../hooks';
import { useTranslation } from '../i18n';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/feedback';
import { Agreements } from './sharing/Agreements';
import { Transfers } from './sharing/Transfers';

const TABS = ['agreements', 'transfers'] as const;
type Tab = (typeof TABS)[number];

/**
 * Data sharing (R6): the data-sharing agreements the account's organisations are party to (who receives what,
 * for which purpose, at which granularity, until when) and the transfer register of what they sent and received.
 */
export function Sharing() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const { user } = useSession();
  useTitle(t('sharing.title'));
  if (user === undefined) return <Loading />;
  if (user === null) return <><h1>{t('sharing.title')}</h1><p><Link href="/sign-in">{t('errors.signInNeeded')}</Link></p></>;
  const asked = query.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'agreements';
  return (
    <>
      <h1>{t('sharing.title')}</h1>
      <p className="muted small">{t('sharing.intro')}</p>
      <nav aria-label={t('sharing.sections')} className="tabs">
        <ul>{TABS.map((k) => <li key={k}><Link href={`/sharing?tab=${k}`} aria-current={tab === k ? 'page' : undefined}>{t(`sharing.tab.${k}`)}</Link></li>)}</ul>
      </nav>
      {tab === 'agreements' && <Agreements />}
      {tab === 'transfers' && <Transfers />}
    </>
  );
}
