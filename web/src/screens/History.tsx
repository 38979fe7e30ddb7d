import { useQuery } from '@tanstack/react-query';
import { queries } from '../api/queries';
import { ARRANGEMENT_COLOURS } from '../arrangements';
import { ErrorMessage, Loading } from '../components/feedback';
import { TableWrap } from '../components/TableWrap';
import { useTitle } from '../hooks';
import { formatDate, formatPercent, useTranslation } from '../i18n';
import { Link } from '../router';

/** Every recommendation kept for a situation (R3), newest first: when, why, with what result. */
export function History({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const summary = useQuery(queries.summary(slug));
  const history = useQuery(queries.recommendationHistory(slug));
  const name = summary.data?.situation.name ?? slug;
  useTitle(t('history.title', { name }));
  return (
    <>
      <p className="crumbs"><Link href="/">{t('nav.overview')}</Link> · <Link href={`/situations/${slug}`}>{name}</Link></p>
      <h1>{t('history.title', { name })}</h1>
      <p className="muted">{t('history.intro')}</p>
      <ErrorMessage error={history.error} onRetry={() => void history.refetch()} />
      {!history.data ? !history.error && <Loading /> : history.data.items.length === 0 ? <p>{t('history.none')}</p> : (
        <TableWrap label={t('history.title', { name })}>
          <table data-testid="recommendation-history">
            <thead>
              <tr>
                <th scope="col">{t('history.computedAt')}</th><th scope="col">{t('history.trigger')}</th><th scope="col">{t('recommendation.title')}</th>
                <th scope="col" className="num">{t('recommendation.share')}</th><th scope="col">{t('history.policy')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.items.map((s) => (
                <tr key={s.id}>
                  <td><bdi>{formatDate(s.computedAt, lng)}</bdi></td>
                  <td>{t(`history.triggers.${s.trigger}`, { defaultValue: s.trigger })}</td>
                  <td>
                    <span className="badge" style={{ background: ARRANGEMENT_COLOURS[s.arrangement] }}>{t(`arrangement.${s.arrangement}`)}</span>
                    {s.provisional && <> <span className="provisional-label inline">{t('overview.provisionalShort')}</span></>}
                  </td>
                  <td className="num">{formatPercent(s.share, lng)}</td>
                  <td><bdi>{s.policyVersion}</bdi></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
