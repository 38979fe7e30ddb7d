import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { concernQueries, concernsChanged } from '../../api/concerns';
import { ErrorMessage, Loading } from '../../components/feedback';
import { formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useMoment } from './moment';

const PAGE = 25;

/** The account's notifications, newest first, unread marked in words; each opens its concern and may be marked read. */
export function Notifications() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const at = useMoment();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const list = useQuery(concernQueries.notifications({ ...(unreadOnly ? { unread: true } : {}), limit: PAGE, offset }));
  const read = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => concernsChanged.notifications(client),
  });
  const data = list.data;
  return (
    <section aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t('concerns.tab.notifications')}</h2>
      <div className="field check">
        <label><input type="checkbox" checked={unreadOnly} onChange={(e) => { setUnreadOnly(e.target.checked); setOffset(0); }} /> {t('concerns.unreadOnly')}</label>
      </div>
      <ErrorMessage error={list.error ?? read.error} onRetry={() => void list.refetch()} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="notification-summary">{t('concerns.unreadCount', { count: data.unread, n: formatNumber(data.unread, i18n.language) })}</p>
          {data.items.length === 0 ? <p className="muted">{t('concerns.noNotifications')}</p> : (
            <ul className="cards" data-testid="notifications">
              {data.items.map((n) => (
                <li key={n.id} className={`card${n.read ? '' : ' unread'}`} data-testid="notification">
                  <p>{!n.read && <strong className="unread-mark">{t('concerns.unread')} · </strong>}{t(`notificationKind.${n.kind}`)} · {t(`concernLevel.${n.level}`)} · <time dateTime={n.createdAt}>{at(n.createdAt)}</time></p>
                  <p><Link href={`/concerns/${n.concern.id}`}><bdi>{n.concern.subject}</bdi></Link></p>
                  {!n.read && <p><button type="button" disabled={read.isPending} onClick={() => read.mutate(n.id)}>{t('concerns.markRead')}</button></p>}
                </li>
              ))}
            </ul>
          )}
          {data.total > PAGE && (
            <nav className="pager" aria-label={t('concerns.pages')}>
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('figures.previous')}</button>
              <button type="button" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>{t('figures.next')}</button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
