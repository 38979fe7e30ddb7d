import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap, uploadImport, type ImportKind, type ImportSummary } from '../api/client';
import { ErrorMessage, Loading } from '../components/feedback';
import { useLoad, useTitle } from '../hooks';
import { formatDate, formatNumber } from '../i18n';
import { Link } from '../router';
import { useCountryName, useSession } from '../session';

const KINDS: ImportKind[] = ['unhcr-population', 'desa-stock', 'dtm', 'hxl'];

type Stage = { step: 'idle' } | { step: 'uploading'; fraction: number } | { step: 'processing' }
  | { step: 'done'; summary: ImportSummary } | { step: 'failed'; error: unknown };

/** Upload a file; watch it go; read the row-level errors of a refused file or what an accepted one changed. */
export function Import() {
  const { t, i18n } = useTranslation();
  useTitle(t('import.title'));
  const lng = i18n.language;
  const { user } = useSession();
  const [kind, setKind] = useState<ImportKind>('unhcr-population');
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const batches = useLoad(() => (user ? unwrap(api.GET('/api/v1/imports', { params: { query: { limit: 10, offset: 0, format: 'json' } } })) : Promise.resolve(null)), [user?.id, stage.step === 'done']);

  if (user === null) return <><h1>{t('import.title')}</h1><p><Link href="/sign-in?next=/import">{t('errors.signInNeeded')}</Link></p></>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) { setStage({ step: 'failed', error: new ApiError(400, 'validation_failed', t('import.chooseFile'), []) }); return; }
    setStage({ step: 'uploading', fraction: 0 });
    try {
      const summary = await uploadImport(kind, file, (fraction) => setStage(fraction >= 1 ? { step: 'processing' } : { step: 'uploading', fraction }));
      setStage({ step: 'done', summary });
    } catch (error) {
      setStage({ step: 'failed', error });
    }
  };
  const busy = stage.step === 'uploading' || stage.step === 'processing';

  return (
    <>
      <h1>{t('import.title')}</h1>
      <p className="muted">{t('import.intro')}</p>
      <form onSubmit={submit} className="panel" aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t('import.upload')}</h2>
        <div className="field">
          <label htmlFor="kind">{t('import.kind')}</label>
          <select id="kind" value={kind} onChange={(e) => setKind(e.target.value as ImportKind)}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`import.kinds.${k}`)}</option>)}
          </select>
          <p className="muted small" id="kind-help">{t(`import.help.${kind}`)}</p>
        </div>
        <div className="field">
          <label htmlFor="file">{t('import.file')}</label>
          <input id="file" type="file" ref={fileInput} aria-describedby="kind-help" accept=".csv,.gz,.json,.xlsx,.hxl,.txt,.tsv" />
        </div>
        <button type="submit" className="primary" disabled={busy}>{t('import.submit')}</button>
        <div aria-live="polite" className="progress-area">
          {stage.step === 'uploading' && (
            <p><label htmlFor="progress">{t('import.uploading')}</label> <progress id="progress" max={1} value={stage.fraction}>{Math.round(stage.fraction * 100)}%</progress> {Math.round(stage.fraction * 100)}%</p>
          )}
          {stage.step === 'processing' && <p role="status">{t('import.processing')}</p>}
        </div>
      </form>

      {stage.step === 'failed' && <RefusedFile error={stage.error} />}
      {stage.step === 'done' && <Accepted summary={stage.summary} />}

      {user && (
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">{t('import.recent')}</h2>
          {batches.loading && !batches.data ? <Loading /> : batches.data && batches.data.items.length > 0 ? (
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

function RefusedFile({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.code !== 'import_failed') return <ErrorMessage error={error} />;
  return (
    <section aria-labelledby="refused-heading" className="alert error" role="alert" data-testid="import-errors">
      <h2 id="refused-heading">{t('import.refused')}</h2>
      <p>{error.message}</p>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">{t('import.file')}</th><th scope="col">{t('import.row')}</th><th scope="col">{t('import.column')}</th><th scope="col">{t('import.problem')}</th></tr></thead>
          <tbody>
            {error.details.map((d, i) => (
              <tr key={i}><td>{d.file ?? ''}</td><td>{d.row ?? ''}</td><td>{d.column ?? d.field ?? ''}</td><td>{d.message}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Accepted({ summary }: { summary: ImportSummary }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const countryName = useCountryName();
  const changed = useLoad(() => (summary.batchId
    ? unwrap(api.GET('/api/v1/figures', { params: { query: { batch: summary.batchId, limit: 20, format: 'json' } } }))
    : Promise.resolve(null)), [summary.batchId]);
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
