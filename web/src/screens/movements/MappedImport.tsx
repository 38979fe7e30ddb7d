import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { importFile, movementsChanged, movementsQueries, previewFile, type MappedImport as Summary, type Mapping } from '../../api/movements';
import { ErrorMessage, Loading } from '../../components/feedback';
import { RefusedFile, UploadProgress, useUpload } from '../../components/upload';
import { useTitle } from '../../hooks';
import { formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { MappingForm } from './MappingForm';
import { PreviewView } from './Preview';

const PREVIEW_ROWS = 10;
/** A mapping as the select names it: saved ones by their organisation, shipped ones as such (two organisations may use one name). */
const refOf = (m: Mapping) => `${m.organisation ?? '*'}/${m.name}`;

/**
 * A mapped import (issue 17): any CSV or XLSX file, read through a saved mapping (the organisation's or one
 * shipped with Tandem): a preview of the first rows as they will be read, then the import of flow counts (or
 * population figures, for a figures mapping), all or nothing; and a mapping saved from here for next month's file.
 */
export function MappedImport() {
  const { t } = useTranslation();
  useTitle(t('movements.importTitle'));
  const { user, can } = useSession();
  const client = useQueryClient();
  const may = can.importFlows || can.importFigures;
  const mappings = useQuery({ ...movementsQueries.mappings(), enabled: !!user && may });
  const orgs = [...new Set((user?.memberships ?? []).map((m) => m.orgSlug))].sort();
  const [asOrg, setAsOrg] = useState('');
  const [chosen, setChosen] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const items = mappings.data?.items ?? [];
  const mapping = items.find((m) => refOf(m) === chosen) ?? items.find((m) => m.shipped) ?? null;
  const forOrg = asOrg || mapping?.organisation || (orgs.length === 1 ? orgs[0]! : '');
  const query = (f: File) => ({ mapping: mapping?.name ?? '', filename: f.name, ...(forOrg ? { asOrg: forOrg } : {}) });
  const preview = useUpload((f, onProgress) => previewFile({ ...query(f), rows: PREVIEW_ROWS }, f, onProgress), async () => undefined);
  const upload = useUpload(
    (f, onProgress) => importFile(mapping?.target === 'figures' ? 'figures' : 'flows', query(f), f, onProgress),
    () => movementsChanged.flows(client),
  );

  if (user === undefined) return <Loading />;
  if (user === null) return <><h1>{t('movements.importTitle')}</h1><p><Link href="/sign-in?next=/movements/import">{t('errors.signInNeeded')}</Link></p></>;
  if (!may) {
    return (
      <>
        <p className="crumbs"><Link href="/movements">{t('movements.title')}</Link></p>
        <h1>{t('movements.importTitle')}</h1>
        <p className="alert info" data-testid="may-not-import">{t('movements.mayNotImport')}</p>
      </>
    );
  }
  const targetAllowed = mapping ? (mapping.target === 'figures' ? can.importFigures : can.importFlows) : false;
  const reset = () => { preview.reset(); upload.reset(); };
  const onPreview = (e: FormEvent) => { e.preventDefault(); upload.reset(); preview.mutate(file ?? undefined); };
  const onImport = () => { upload.reset(); upload.mutate(file ?? undefined); };
  const saved = items.filter((m) => !m.shipped);
  const shipped = items.filter((m) => m.shipped);

  return (
    <>
      <p className="crumbs"><Link href="/movements">{t('movements.title')}</Link></p>
      <h1>{t('movements.importTitle')}</h1>
      <p className="muted">{t('movements.importIntro')}</p>
      <form onSubmit={onPreview} className="panel movement-form" aria-labelledby="mapped-heading">
        <h2 id="mapped-heading">{t('movements.chooseFile')}</h2>
        {orgs.length > 1 && (
          <div className="field">
            <label htmlFor="m-org">{t('movements.organisation')}</label>
            <select id="m-org" value={asOrg} onChange={(e) => { setAsOrg(e.target.value); reset(); }}>
              <option value="">{t('common.choose')}</option>
              {orgs.map((o) => <option key={o} value={o}>{o.toUpperCase()}</option>)}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="m-mapping">{t('movements.mapping')}</label>
          {mappings.isPending ? <Loading /> : (
            <select id="m-mapping" value={mapping ? refOf(mapping) : ''} onChange={(e) => { setChosen(e.target.value); reset(); }} aria-describedby="m-mapping-help">
              {saved.length > 0 && <optgroup label={t('movements.savedMappings')}>{saved.map((m) => <option key={refOf(m)} value={refOf(m)}>{m.name} ({m.organisation?.toUpperCase()}, {t(`movements.target.${m.target}`, { defaultValue: m.target })})</option>)}</optgroup>}
              <optgroup label={t('movements.shippedMappings')}>{shipped.map((m) => <option key={refOf(m)} value={refOf(m)}>{m.name} ({t(`movements.target.${m.target}`, { defaultValue: m.target })})</option>)}</optgroup>
            </select>
          )}
          <p className="muted small" id="m-mapping-help">{t('movements.mappingHelp')}</p>
          <ErrorMessage error={mappings.error} onRetry={() => void mappings.refetch()} />
        </div>
        <div className="field">
          <label htmlFor="m-file">{t('movements.file')}</label>
          <input id="m-file" type="file" accept=".csv,.xlsx,.txt,.tsv,.gz" aria-describedby="m-file-help" onChange={(e) => { setFile(e.target.files?.[0] ?? null); reset(); }} />
          <p className="muted small" id="m-file-help">{t('movements.fileHelp')}</p>
        </div>
        <div className="actions">
          <button type="submit" disabled={preview.isPending || upload.isPending || !mapping}>{t('movements.preview')}</button>
          <button type="button" className="primary" onClick={onImport} disabled={preview.isPending || upload.isPending || !mapping || !targetAllowed}>
            {mapping?.target === 'figures' ? t('movements.importFigures') : t('movements.importFlows')}
          </button>
        </div>
        {mapping && !targetAllowed && <p className="muted small">{t('movements.targetNotYours')}</p>}
        <UploadProgress pending={preview.isPending || upload.isPending} sent={preview.isPending ? preview.sent : upload.sent} />
      </form>

      {preview.isError && <RefusedFile error={preview.error} title={t('movements.previewRefused')} />}
      {upload.isError && <RefusedFile error={upload.error} title={t('movements.importRefused')} />}
      {upload.isSuccess && <Result summary={upload.data} />}
      {preview.isSuccess && <PreviewView preview={preview.data} />}
      {can.importFlows && <MappingForm base={mapping} preview={preview.data ?? null} asOrg={forOrg} onSaved={(name) => setChosen(`${forOrg || '*'}/${name}`)} />}
    </>
  );
}

/** What an import did: rows read, counts inserted, changed and unchanged, points created; the same file again changes nothing. */
function Result({ summary }: { summary: Summary }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const flows = summary.target === 'flows';
  return (
    <section aria-labelledby="result-heading" className="alert success" role="status" data-testid="mapped-summary">
      <h2 id="result-heading">{summary.batchId ? t('movements.imported', { file: summary.file }) : t('movements.nothingChanged', { file: summary.file })}</h2>
      <dl className="facts">
        <dt>{t('movements.mappingUsed')}</dt><dd><bdi>{summary.mapping}</bdi></dd>
        <dt>{t('movements.rowsRead')}</dt><dd data-testid="rows-read">{formatNumber(summary.rowsRead, lng)}</dd>
        <dt>{t(flows ? 'movements.countsInserted' : 'movements.figuresInserted')}</dt><dd data-testid="inserted">{formatNumber(summary.inserted, lng)}</dd>
        <dt>{t('movements.updated')}</dt><dd data-testid="updated">{formatNumber(summary.updated, lng)}</dd>
        <dt>{t('movements.unchanged')}</dt><dd data-testid="unchanged">{formatNumber(summary.unchanged, lng)}</dd>
        {flows && <><dt>{t('movements.pointsCreated')}</dt><dd data-testid="points-created">{formatNumber(summary.pointsCreated, lng)}</dd></>}
      </dl>
      {summary.warnings.length > 0 && <ul data-testid="import-warnings">{summary.warnings.map((w, i) => <li key={i}><bdi>{w}</bdi></li>)}</ul>}
      {flows && <p><Link href="/movements">{t('movements.seeTrends')}</Link></p>}
    </section>
  );
}
