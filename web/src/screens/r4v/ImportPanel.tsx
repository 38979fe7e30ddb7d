import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { Plan } from '../../api/client';
import { csrfOf, r4vChanged, saveBlob, sendR4vFile, type ErrorLine, type R4vImport } from '../../api/r4v';
import { ErrorMessage } from '../../components/feedback';
import { RefusedFile, UploadProgress, useUpload } from '../../components/upload';
import { formatNumber, useTranslation } from '../../i18n';
import { ErrorReport } from './ErrorReport';

/**
 * An R4V 5W file (ActivityInfo's export layout) into the plan: checked only (R4V's 19 row checks, nothing
 * written), or imported (activities matched or created, all or nothing). Rows the checks flag get R4V's error
 * report on screen, with its XLSX and HXL.
 */
export function ImportPanel({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [submitIt, setSubmitIt] = useState(true);
  // The file the report on show is about: its downloads send it again.
  const [checked, setChecked] = useState<File | null>(null);
  const check = useUpload(
    (f, onProgress) => { setChecked(f); return sendR4vFile<ErrorLine[]>({ kind: 'check', planId: plan.id, format: 'json' }, f, csrfOf(client), onProgress); },
    async () => undefined,
  );
  const imported = useUpload(
    (f, onProgress) => sendR4vFile<R4vImport>({ kind: 'import', planId: plan.id, submit: submitIt }, f, csrfOf(client), onProgress),
    async (answer) => {
      await r4vChanged.plan(client, plan.id);
      // Rows the checks flag: the report names them (a second pass over the same file, nothing written).
      const f = input.current?.files?.[0];
      if (answer.checks.rowsToReview > 0 && f) check.mutate(f);
      else check.reset();
    },
  );
  const download = useMutation({
    mutationFn: async (format: 'xlsx' | 'hxl') => {
      if (!checked) return;
      const blob = await sendR4vFile<Blob>({ kind: 'check', planId: plan.id, format }, checked, csrfOf(client), () => undefined, 'blob');
      saveBlob(blob, format === 'xlsx' ? '5WErrorReport.xlsx' : '5WErrorReport.csv');
    },
  });
  const file = () => input.current?.files?.[0];
  const onCheck = (e: FormEvent) => { e.preventDefault(); imported.reset(); check.mutate(file()); };
  const onImport = () => { check.reset(); imported.mutate(file()); };
  const result = imported.data;
  return (
    <section aria-labelledby="r4v-import-heading" className="panel" data-testid="r4v-import">
      <h3 id="r4v-import-heading">{t('r4v.import.title')}</h3>
      <p className="muted small">{t('r4v.import.help')}</p>
      <form onSubmit={onCheck} aria-labelledby="r4v-import-heading">
        <div className="field">
          <label htmlFor="r4v-file">{t('r4v.import.file')}</label>
          <input id="r4v-file" type="file" ref={input} accept=".xlsx" />
        </div>
        <label><input type="checkbox" checked={submitIt} onChange={(e) => setSubmitIt(e.target.checked)} /> {t('r4v.import.submit')}</label>
        <div className="actions">
          <button type="submit" disabled={check.isPending || imported.isPending}>{t('r4v.import.checkOnly')}</button>
          <button type="button" className="primary" disabled={check.isPending || imported.isPending} onClick={onImport}>{t('r4v.import.import')}</button>
        </div>
        <UploadProgress pending={check.isPending || imported.isPending} sent={check.isPending ? check.sent : imported.sent} />
      </form>
      {imported.isError && <RefusedFile error={imported.error} title={t('r4v.import.refused')} level={3} />}
      {check.isError && <RefusedFile error={check.error} title={t('r4v.import.refused')} level={3} />}
      {result && (
        <div role="status" className="alert success" data-testid="r4v-import-result">
          <p>{t('r4v.import.done', {
            file: result.file, rows: formatNumber(result.rows, lng), inserted: formatNumber(result.inserted, lng), deleted: formatNumber(result.deleted, lng),
            unchanged: formatNumber(result.unchanged, lng),
          })}</p>
          <p>{t('r4v.import.created', { activities: formatNumber(result.activitiesCreated, lng), reports: formatNumber(result.reportsCreated, lng), submitted: formatNumber(result.reportsSubmitted, lng) })}</p>
          <p data-testid="r4v-import-review">{result.checks.rowsToReview === 0 ? t('r4v.import.clean') : t('r4v.import.toReview', {
            count: result.checks.rowsToReview, n: formatNumber(result.checks.rowsToReview, lng),
            checks: Object.entries(result.checks.byCheck).map(([c, n]) => `${c} (${formatNumber(n, lng)})`).join(', '),
          })}</p>
        </div>
      )}
      {check.data && <ErrorReport lines={check.data} busy={download.isPending} onDownload={(f) => download.mutate(f)} />}
      <ErrorMessage error={download.error} />
    </section>
  );
}
