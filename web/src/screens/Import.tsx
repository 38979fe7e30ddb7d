import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadFile, type ImportKind, type ImportSummary } from '../api/client';
import { changed, queries } from '../api/queries';
import { IMPORT_KINDS } from '../api/values';
import { Loading } from '../components/feedback';
import { RefusedFile, UploadProgress, useUpload } from '../components/upload';
import { useTitle } from '../hooks';
import { formatDate, formatNumber } from '../i18n';
import { Link } from '../router';
import { useCountryName, useSession } from '../session';

/** Upload a file; watch it go; read the row-level errors of a refused file or what an accepted one changed. */
export function Import() {
  const { t, i18n } = useTranslation();
  useTitle(t('import.title'));
  const lng = i18n.language;
  const { user } = useSession();
  const client = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('unhcr-population');
  const fileInput = useRef<HTMLInputElement>(null);
  const batches = useQuery({ ...queries.imports(), enabled: !!user });
  const upload = useUpload(
    (file, onProgress) => uploadFile('/api/v1/imports', { query: { kind, filename: file.name } }, file, onProgress),
    () => changed.figures(client),
  );

  if (user === null) return <><h1>{t('import.title')}</h1><p><Link href="/sign-in?next=/import">{t('errors.signInNeeded')}</Link></p></>;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate(fileInput.current?.files?.[0]);
  };

  return (
    <>
      <h1>{t('import.title')}</h1>
      <p className="muted">{t('import.intro')}</p>
      <form onSubmit={submit} className="panel" aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t('import.upload')}</h2>
        <div className="field">
          <label htmlFor="kind">{t('import.kind')}</label>
          <select id="kind" value={kind} onChange={(e) => setKind(IMPORT_KINDS.find((k) => k === e.target.value) ?? kind)}>
            {IMPORT_KINDS.map((k) => <option key={k} value={k}>{t(`import.kinds.${k}`)}</option>)}
          </select>
          <p className="muted small" id="kind-help">{t(`import.help.${kind}`)}</p>
        </div>
        <div className="field">
          <label htmlFor="file">{t('import.file')}</label>
          <input id="file" type="file" ref={fileInput} aria-describedby="kind-help" accept=".csv,.gz,.json,.xlsx,.hxl,.txt,.tsv" />
        </div>
        <button type="submit" className="primary" disabled={upload.isPending}>{t('import.submit')}</button>
        <UploadProgress pending={upload.isPending} sent={upload.sent} />
      </form>

      {upload.isError && <RefusedFile error={upload.error} title={t('import.refused')} />}
      {upload.isSuccess && <Accepted summary={upload.data} />}

      {user && (
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">{t('import.recent')}</h2>
          {batches.isPending ? <Loading /> : batches.data && batches.data.items.length > 0 ? (
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">{t('import.when')}</th><th scope="col">{t('import.kind')}</th><th scope="col">{t('import.file')}</th><th scope="col" className="num">{t('import.inserted')}</th><th scope="col" className="num">{t('import.updated')}</th><th scope="col" className="num">{t('import.unchanged')}</th></tr></thead>
                <tbody>
                  {batches.data.items.map((b) => (
                    <tr key={b.id}>
                      <td>{formatDate(b.finishedAt, lng)}</td><td>{t(`import.kinds.${b.kind}`, { defaultValue: b.kind })}</td>
                      <td><Link href={`/figures?batch=${b.id}`}>{b.file}</Link></td>
                      <td className="num">{formatNumber(b.inserted, lng)}</td><td className="num">{formatNumber(b.updated, lng)}</td><td className="num">{formatNumber(b.unchanged, lng)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p className="muted">{t('import.noneYet')}</p>}
        </section>
      )}
    </>
  );
}

function Accepted({ summary }: { summary: ImportSummary }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const countryName = useCountryName();
  const changed = useQuery({ ...queries.figures({ batch: summary.batchId ?? '', limit: 20, format: 'json' }), enabled: !!summary.batchId });
  return (
    <section aria-labelledby="accepted-heading" className="alert success" role="status" data-testid="import-summary">
      <h2 id="accepted-heading">{summary.batchId ? t('import.accepted', { file: summary.file }) : t('import.nothingChanged', { file: summary.file })}</h2>
      <dl className="facts">
        <dt>{t('import.rows')}</dt><dd>{formatNumber(summary.rowsRead, lng)}</dd>
        <dt>{t('import.inserted')}</dt><dd data-testid="inserted">{formatNumber(summary.inserted, lng)}</dd>
        <dt>{t('import.updated')}</dt><dd data-testid="updated">{formatNumber(summary.updated, lng)}</dd>
        <dt>{t('import.unchanged')}</dt><dd>{formatNumber(summary.unchanged, lng)}</dd>
      </dl>
      {changed.data && changed.data.items.length > 0 && (
        <>
          <h3>{t('import.changedFigures')}</h3>
          <div className="table-wrap">
            <table>
              <thead><tr><th scope="col">{t('figures.date')}</th><th scope="col">{t('figures.origin')}</th><th scope="col">{t('figures.host')}</th><th scope="col">{t('figures.type')}</th><th scope="col" className="num">{t('figures.value')}</th><th scope="col">{t('import.version')}</th></tr></thead>
              <tbody>
                {changed.data.items.map((f) => (
                  <tr key={f.id}><td>{formatDate(f.refDate, lng)}</td><td>{countryName(f.origin, lng)}</td><td>{countryName(f.host, lng)}</td><td>{f.type}</td><td className="num">{formatNumber(f.value, lng)}</td><td>{f.version}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <p><Link href={`/figures?batch=${summary.batchId}`}>{t('import.seeAll')}</Link></p>
        </>
      )}
    </section>
  );
}
