import { useQuery } from '@tanstack/react-query';
import { concernQueries } from '../../api/concerns';
import { formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';

/**
 * The header's link to the account's notifications with how many are unread. Shown to signed-in accounts only
 * (a visitor never asks), it asks for one item and the count, again every minute while the page is open.
 */
export function Bell() {
  const { t, i18n } = useTranslation();
  const { data } = useQuery({ ...concernQueries.notifications({ unread: true, limit: 1, offset: 0 }), refetchInterval: 60_000 });
  const unread = data?.unread ?? 0;
  return (
    <Link href="/concerns?tab=notifications" className="bell" data-testid="bell">
      {t('nav.notifications')}
      {unread > 0 && <> <span className="count" aria-hidden="true">{formatNumber(unread, i18n.language)}</span><span className="visually-hidden">{t('nav.unread', { count: unread })}</span></>}
    </Link>
  );
}
