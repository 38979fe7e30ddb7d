import { useTitle } from '../hooks';
import { useTranslation } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/feedback';

/**
 * Durable solutions (issue 14): the way in to the three screens the account may use, as `/auth/me` says —
 * return operations (R5), the resettlement and complementary pathways strategy, and the case pipeline (R10).
 */
export function Solutions() {
  const { t } = useTranslation();
  const { user, can } = useSession();
  useTitle(t('solutions.title'));
  if (user === undefined) return <Loading />;
  if (user === null) return <><h1>{t('solutions.title')}</h1><p><Link href="/sign-in">{t('errors.signInNeeded')}</Link></p></>;
  const parts = [
    can.followReturns && { href: '/returns', title: t('solutions.returns.title'), text: t('solutions.hub.returns') },
    can.readSolutions && { href: '/solutions/strategy', title: t('solutions.strategy.title'), text: t('solutions.hub.strategy') },
    (can.readSolutions || can.handleResettlement) && { href: '/solutions/pipeline', title: t('solutions.pipeline.title'), text: t('solutions.hub.pipeline') },
  ].filter((p): p is { href: string; title: string; text: string } => !!p);
  return (
    <>
      <h1>{t('solutions.title')}</h1>
      <p className="muted small">{t('solutions.intro')}</p>
      {parts.length === 0 ? <p className="muted">{t('solutions.hub.nothing')}</p> : (
        <ul className="cards" data-testid="solutions-parts">
          {parts.map((p) => <li key={p.href} className="card"><h2 className="h3"><Link href={p.href}>{p.title}</Link></h2><p>{p.text}</p></li>)}
        </ul>
      )}
    </>
  );
}
