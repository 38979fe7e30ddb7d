import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** An error as a person reads it: the server's message and, when given, where each problem lies. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const message = e ? (e.status === 401 ? t('errors.signInNeeded') : e.status === 404 ? t('errors.notFound') : e.message) : t('errors.unexpected');
  return (
    <div role="alert" className="alert error">
      <p>{message}</p>
      {e && e.details.length > 0 && e.status !== 401 && (
        <ul>
          {e.details.map((d, i) => (
            <li key={i}>{[d.file, d.row !== undefined ? t('import.rowN', { row: d.row }) : null, d.column ? t('import.columnX', { column: d.column }) : null, d.field].filter(Boolean).join(', ')}{d.file || d.row !== undefined || d.column || d.field ? ': ' : ''}{d.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return <p role="status" className="muted">{t('common.loading')}</p>;
}
