import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { uploadFile, type Plan } from '../../api/client';
import { changed } from '../../api/queries';
import { RefusedFile, UploadProgress, useUpload } from '../../components/upload';
import { formatNumber, useTranslation } from '../../i18n';
import { months } from './months';

/** The template of the partner's activities for a month, and the upload of a filled one (all or nothing), with its progress. */
export function UploadPanel({ plan, defaultMonth }: { plan: Plan; defaultMonth: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const allMonths = months(plan.startMonth, plan.endMonth);
  const [chosen, setMonth] = useState<string | null>(null);
  const month = chosen ?? defaultMonth;
  const [submitIt, setSubmitIt] = useState(true);
  const file = useRef<HTMLInputElement>(null);
  const upload = useUpload(
    (f, onProgress) => uploadFile('/api/v1/plans/{id}/reports/upload', { path: { id: plan.id }, query: { filename: f.name, submit: submitIt } }, f, onProgress),
    () => changed.reports(client, plan.id),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate(file.current?.files?.[0]);
  };
  const template = (format: string) => `/api/v1/plans/${plan.id}/template?${new URLSearchParams({ month, format })}`;
  return (
    <section aria-labelledby="upload5w-heading" className="panel">
      <h2 id="upload5w-heading">{t('report.templateTitle')}</h2>
      <p className="muted small">{t('report.templateHelp')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="tmonth">{t('platforms.month')}</label>
          <select id="tmonth" value={month} onChange={(e) => setMonth(e.target.value)}>{allMonths.map((m) => <option key={m}>{m}</option>)}</select>
        </div>
        <p className="exports">{t('report.download')} <a href={template('xlsx')} download>XLSX</a> · <a href={template('hxl')} download>HXL CSV</a></p>
      </div>
      <form onSubmit={submit} aria-label={t('report.uploadTitle')}>
        <div className="field">
          <label htmlFor="report-file">{t('report.filled')}</label>
          <input id="report-file" type="file" ref={file} accept=".xlsx,.csv" />
        </div>
        <label><input type="checkbox" checked={submitIt} onChange={(e) => setSubmitIt(e.target.checked)} /> {t('report.submitUploaded')}</label>
        <div className="actions"><button type="submit" className="primary" disabled={upload.isPending}>{t('report.upload')}</button></div>
        <UploadProgress pending={upload.isPending} sent={upload.sent} />
      </form>
      {upload.isError && <RefusedFile error={upload.error} title={t('report.refused')} level={3} />}
      {upload.data && <p role="status" className="alert success" data-testid="upload-summary">{t('report.uploaded', { reports: formatNumber(upload.data.reports, i18n.language), changed: formatNumber(upload.data.changed, i18n.language) })}</p>}
    </section>
  );
}
