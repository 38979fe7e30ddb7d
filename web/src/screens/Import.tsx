import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, uploadFile, type ImportKind, type ImportSummary } from '../api/client';
import { changed, queries } from '../api/queries';
import { IMPORT_KINDS } from '../api/values';
import { ARRANGEMENT_COLOURS } from '../arrangements';
import { Loading } from '../components/feedback';
import { TableWrap } from '../components/TableWrap';
import { RefusedFile, UploadProgress, useUpload } from '../components/upload';
import { useTitle } from '../hooks';
import { formatDate, formatNumber, formatPercent, useTranslation } from '../i18n';
import { useNames } from '../names';
import { Link } from '../router';
import { useSession } from '../session';

/**
 * Upload a file for one of the account's organisations (its figures are asserted by that organisation, R1);
 * watch it go; read the row-level errors of a refused file, an authority refusal, or what an accepted one
 * changed, down to the situations whose recommendation it changed.
 */
export function Import() {
  const { t, i18n } = useTranslation();
  useTitle(t('import.title'));
  const lng = i18n.language;
  const { user } = useSession();
  const client = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('unhcr-population');
  const orgs = [...new Map((user?.memberships ?? []).map((m) => [m.orgSlug, m.orgSlug])).keys()].sort();
  const [asOrg, setAsOrg] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const batches = useQuery({ ...queries.imports(), enabled: !!user });
  const forOrg = asOrg || (orgs.length === 1 ? orgs[0]! : '');
  const upload = useUpload(
    (file, onProgress) => uploadFile('/api/v1/imports', { query: { kind, filename: file.name, ...(forOrg ? { asOrg: forOrg } : {}) } }, file, onProgress),
    () => changed.figures(client),
  );

  if (user === null) return <><h1>{t('import.title')}</h1><p><Link href="/sign-in?next=/import">{t('errors.signInNeeded')}</Link></p></>;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate(fileInput.current?.files?.[0]);
  };
  const refusal = upload.error instanceof ApiError && upload.error.status === 403 ? upload.error : null;

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
        {orgs.length > 1 && (
          <div className="field">
            <label htmlFor="as-org">{t('import.asOrg')}</label>
            <select id="as-org" value={asOrg} onChange={(e) => setAsOrg(orgs.find((o) => o === e.target.value) ?? '')} aria-describedby="as-org-help">
              <option value="">{t('common.choose')}</option>
              {orgs.map((o) => <option key={o} value={o}>{o.toUpperCase()}</option>)}
            </select>
            <p className="muted small" id="as-org-help">{t('import.asOrgHelp')}</p>
          </div>
        )}
        {orgs.length === 1 && <p className="muted small">{t('import.asOrgOnly', { org: orgs[0]!.toUpperCase() })}</p>}
        <div className="field">
          <label htmlFor="file">{t('import.file')}</label>
          <input id="file" type="file" ref={fileInput} aria-describedby="kind-help" accept=".csv,.gz,.json,.xlsx,.hxl,.txt,.tsv" />
        </div>
        <button type="submit" className="primary" disabled={upload.isPending}>{t('import.submit')}</button>
        <UploadProgress pending={upload.isPending} sent={upload.sent} />
      </form>

      {refusal ? (
        <section role="alert" className="alert error" aria-labelledby="refusal-heading" data-testid="import-refused">
          <h2 id="refusal-heading">{t('import.forbiddenTitle')}</h2>
          <p dir="auto">{refusal.message}</p>
          <p>{t('import.forbiddenHelp', { org: (forOrg || '—').toUpperCase() })}</p>
        </section>
      ) : upload.isError && <RefusedFile error={upload.error} title={t('import.refused')} />}
      {upload.isSuccess && <Accepted summary={upload.data} />}

      {user && (
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">{t('import.recent')}</h2>
          {batches.isPending ? <Loading /> : batches.data && batches.data.items.length > 0 ? (
            <TableWrap label={t('import.recent')}>
              <table>
                <thead><tr><th scope="col">{t('import.when')}</th><th scope="col">{t('import.kind')}</th><th scope="col">{t('import.file')}</th><th scope="col" className="num">{t('import.inserted')}</th><th scope="col" className="num">{t('import.updated')}</th><th scope="col" className="num">{t('import.unchanged')}</th></tr></thead>
                <tbody>
                  {batches.data.items.map((b) => (
                    <tr key={b.id}>
                      <td><bdi>{formatDate(b.finishedAt, lng)}</bdi></td><td>{t(`import.kinds.${b.kind}`, { defaultValue: b.kind })}</td>
                      <td><Link href={`/figures?batch=${b.id}`}><bdi>{b.file}</bdi></Link></td>
                      <td className="num">{formatNumber(b.inserted, lng)}</td><td className="num">{formatNumber(b.updated, lng)}</td><td className="num">{formatNumber(b.unchanged, lng)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : <p className="muted">{t('import.noneYet')}</p>}
        </section>
      )}
    </>
  );
}

function Accepted({ summary }: { summary: ImportSummary }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const names = useNames();
  const figures = useQuery({ ...queries.figures({ batch: summary.batchId ?? '', limit: 20, format: 'json' }), enabled: !!summary.batchId });
  const situations = useQuery({ ...queries.importChanges(summary.batchId ?? ''), enabled: !!summary.batchId });
  const standing = (s: { arrangement: keyof typeof ARRANGEMENT_COLOURS; share: number | null; provisional: boolean } | null) => (s
    ? <><span className="badge" style={{ background: ARRANGEMENT_COLOURS[s.arrangement] }}>{t(`arrangement.${s.arrangement}`)}</span> {formatPercent(s.share, lng)}{s.provisional ? ` · ${t('overview.provisionalShort')}` : ''}</>
    : '—');
  return (
    <section aria-labelledby="accepted-heading" className="alert success" role="status" data-testid="import-summary">
      <h2 id="accepted-heading">{summary.batchId ? t('import.accepted', { file: summary.file }) : t('import.nothingChanged', { file: summary.file })}</h2>
      <dl className="facts">
        <dt>{t('import.rows')}</dt><dd>{formatNumber(summary.rowsRead, lng)}</dd>
        <dt>{t('import.inserted')}</dt><dd data-testid="inserted">{formatNumber(summary.inserted, lng)}</dd>
        <dt>{t('import.updated')}</dt><dd data-testid="updated">{formatNumber(summary.updated, lng)}</dd>
        <dt>{t('import.unchanged')}</dt><dd>{formatNumber(summary.unchanged, lng)}</dd>
      </dl>
      {situations.data && (
        <div data-testid="changed-situations">
          <h3>{t('import.changedSituations', { count: situations.data.length })}</h3>
          {situations.data.length === 0 ? <p>{t('import.noSituationChanged')}</p> : (
            <TableWrap label={t('import.changedSituations', { count: situations.data.length })}>
              <table>
                <thead><tr><th scope="col">{t('import.situation')}</th><th scope="col">{t('import.before')}</th><th scope="col">{t('import.after')}</th></tr></thead>
                <tbody>
                  {situations.data.map((c) => (
                    <tr key={c.snapshotId}>
                      <th scope="row"><Link href={`/situations/${c.situation.slug}`}>{c.situation.name}</Link></th>
                      <td>{standing(c.before)}</td><td>{standing(c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </div>
      )}
      {figures.data && figures.data.items.length > 0 && (
        <>
          <h3>{t('import.changedFigures')}</h3>
          <TableWrap label={t('import.changedFigures')}>
            <table>
              <thead><tr><th scope="col">{t('figures.date')}</th><th scope="col">{t('figures.origin')}</th><th scope="col">{t('figures.host')}</th><th scope="col">{t('figures.type')}</th><th scope="col" className="num">{t('figures.value')}</th><th scope="col">{t('import.version')}</th></tr></thead>
              <tbody>
                {figures.data.items.map((f) => (
                  <tr key={f.id}><td><bdi>{formatDate(f.refDate, lng)}</bdi></td><td>{names.country(f.origin)}</td><td>{names.country(f.host)}</td><td>{names.type(f.type)}</td><td className="num">{formatNumber(f.value, lng)}</td><td>{f.version}</td></tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p><Link href={`/figures?batch=${summary.batchId}`}>{t('import.seeAll')}</Link></p>
        </>
      )}
    </section>
  );
}
