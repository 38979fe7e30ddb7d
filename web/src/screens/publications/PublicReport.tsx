import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { formatDate, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { downloadUrl, localText, paragraphs, publicationQueries } from './api';
import { ItemView } from './ItemView';

/**
 * A published report as anyone reads it, signed in or not: the latest version at its stable address (`/r/:slug`),
 * or one version at its own (`/r/:slug/v/:n`). Its title and text in the reader's language (or English, said
 * so), each item's data as it was when that version was published, the list of versions, the downloads, and a
 * page that prints clean.
 */
export function PublicReport({ slug, version }: { slug: string; version?: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { data, error, refetch } = useQuery(publicationQueries.published(slug, version));
  const title = localText(data?.title, lng);
  const text = localText(data?.text, lng);
  useTitle(data ? title.text : t('publications.publicTitle'));
  if (error) return <><h1>{t('publications.publicTitle')}</h1><ErrorMessage error={error} onRetry={() => void refetch()} /></>;
  if (!data) return <Loading />;
  const latest = data.version === data.latestVersion;
  return (
    <article className="public-report" data-testid="public-report">
      <header>
        <h1><span dir="auto" lang={title.fallback ? 'en' : undefined}>{title.text}</span></h1>
        {(title.fallback || text.fallback) && <p className="muted small no-print" data-testid="fallback-note">{t('publications.fallback')}</p>}
        <p className="muted" data-testid="version-line">
          {t('publications.versionLine', { n: data.version, date: formatDate(data.publishedAt, lng), organisation: data.organisation.name })}
        </p>
        {!latest && (
          <p className="alert info no-print" data-testid="older-version">
            {t('publications.olderVersion', { n: data.version, latest: data.latestVersion })} <Link href={`/r/${data.slug}`}>{t('publications.seeLatest')}</Link>
          </p>
        )}
      </header>
      {text.text && (
        <div className="report-text" dir="auto" lang={text.fallback ? 'en' : undefined}>
          {paragraphs(text.text).map((p, i) => <p key={i}>{p}</p>)}
        </div>
      )}
      {data.items.map((it, i) => <ItemView key={i} spec={it.spec} data={it.data} n={i + 1} />)}
      <aside className="report-aside no-print" aria-labelledby="downloads">
        <h2 id="downloads">{t('publications.downloads')}</h2>
        <ul data-testid="downloads">
          <li><a href={downloadUrl(data.slug, data.version, 'xlsx')} download>{t('publications.downloadXlsx')}</a></li>
          <li><a href={downloadUrl(data.slug, data.version, 'csv')} download>{t('publications.downloadCsv')}</a></li>
          <li><a href={downloadUrl(data.slug, data.version, 'hxl')} download>{t('publications.downloadHxl')}</a></li>
          <li><button type="button" onClick={() => window.print()}>{t('publications.print')}</button></li>
        </ul>
        <h2 id="versions">{t('publications.versions')}</h2>
        <ol reversed className="versions plain" aria-labelledby="versions" data-testid="versions">
          {data.versions.map((v) => (
            <li key={v.version}>
              {v.version === data.version
                ? <strong aria-current="page">{t('publications.versionN', { n: v.version })}</strong>
                : <Link href={`/r/${data.slug}/v/${v.version}`}>{t('publications.versionN', { n: v.version })}</Link>}
              {' · '}{formatDate(v.publishedAt, lng)}
            </li>
          ))}
        </ol>
      </aside>
      <p className="print-only small">{t('publications.printedFrom', { url: `${window.location.origin}/r/${data.slug}/v/${data.version}` })}</p>
    </article>
  );
}
