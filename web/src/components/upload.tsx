import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from '../i18n';
import { ApiError } from '../api/client';
import { ErrorMessage } from './feedback';

/**
 * A file upload as a write: `send` gets the file and a progress callback (client.ts's `uploadFile`), `done`
 * makes stale what the upload changed. `sent` is the fraction of the file gone so far: below 1 the file is on
 * its way, at 1 the server is reading it.
 */
export function useUpload<T>(send: (file: File, onProgress: (fraction: number) => void) => Promise<T>, done: (answer: T) => Promise<unknown>) {
  const { t } = useTranslation();
  const [sent, setSent] = useState(0);
  const mutation = useMutation({
    mutationFn: async (file: File | undefined) => {
      if (!file) throw new ApiError(400, 'validation_failed', t('import.chooseFile'), []);
      setSent(0);
      return send(file, setSent);
    },
    onSuccess: done,
  });
  return { ...mutation, sent };
}

/** How far an upload has gone, read out politely: a progress bar while the file goes, then a status while the server checks it. */
export function UploadProgress({ pending, sent }: { pending: boolean; sent: number }) {
  const { t } = useTranslation();
  const id = useId();
  const percent = Math.round(sent * 100);
  return (
    <div aria-live="polite" className="progress-area">
      {pending && sent < 1 && (
        <p><label htmlFor={id}>{t('upload.sending')}</label> <progress id={id} max={1} value={sent}>{percent}%</progress> {percent}%</p>
      )}
      {pending && sent >= 1 && <p role="status">{t('upload.checking')}</p>}
    </div>
  );
}

/** A refused file: every problem by file, row and column (nothing was written), or the error as it came. */
export function RefusedFile({ error, title, level = 2 }: { error: unknown; title: string; level?: 2 | 3 }) {
  const { t } = useTranslation();
  const id = useId();
  if (!(error instanceof ApiError) || error.code !== 'import_failed') return <ErrorMessage error={error} />;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={id} className="alert error" role="alert" data-testid="upload-errors">
      <Heading id={id}>{title}</Heading>
      <p>{error.message}</p>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">{t('import.file')}</th><th scope="col">{t('import.row')}</th><th scope="col">{t('import.column')}</th><th scope="col">{t('import.problem')}</th></tr></thead>
          <tbody>
            {error.details.map((d, i) => <tr key={i}><td>{d.file ?? ''}</td><td>{d.row ?? ''}</td><td>{d.column ?? d.field ?? ''}</td><td>{d.message}</td></tr>)}
          </tbody>
        </table>
      </div>
    </section>
  );
}
