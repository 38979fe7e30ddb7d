import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { csrfOf, r4vChanged, r4vWrites, sendR4vFile, type IndicatorType } from '../../api/r4v';
import { ErrorMessage } from '../../components/feedback';
import { RefusedFile, UploadProgress, useUpload } from '../../components/upload';
import { formatNumber, useTranslation } from '../../i18n';
import { useLeaveGuard } from '../../router';

/** Tab-separated lines (as copied from a spreadsheet): sector, indicator, type; a header line is skipped. */
function parseTypes(text: string): { types: IndicatorType[]; bad: number[] } {
  const types: IndicatorType[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const [sector = '', indicator = '', type = ''] = line.split('\t').map((x) => x.trim());
    if (i === 0 && /^(sub)?sector$/i.test(sector)) return;
    if (!sector || !indicator || !type) bad.push(i + 1);
    else types.push({ sector, indicator, type });
  });
  return { types, bad };
}

/**
 * The platform's indicator-type table (R4V keeps it in ActivityInfo, not in public): which type each sector's
 * indicator has, so that the platform's rule of which types count can apply. Replaced whole.
 */
export function IndicatorTypesPanel({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const save = useMutation({
    mutationFn: async () => {
      const { types, bad } = parseTypes(text);
      if (bad.length) throw new ApiError(400, 'validation_failed', t('r4v.types.badLines', { lines: bad.join(', ') }), [{ field: 'types', message: t('r4v.types.lineShape') }]);
      return r4vWrites.indicatorTypes(slug, types);
    },
    onSuccess: async () => { setText(''); await r4vChanged.platform(client, slug); },
  });
  useLeaveGuard(text.trim() !== '', t('r4v.settings.leaveQuestion'));
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  return (
    <section aria-labelledby="r4v-types-heading" className="panel">
      <h2 id="r4v-types-heading">{t('r4v.types.title')}</h2>
      <p className="muted small">{t('r4v.types.help')}</p>
      <form onSubmit={submit} aria-labelledby="r4v-types-heading">
        <div className="field">
          <label htmlFor="r4v-types">{t('r4v.types.label')}</label>
          <textarea id="r4v-types" rows={6} value={text} onChange={(e) => setText(e.target.value)} dir="auto" aria-describedby="r4v-types-shape"
            {...(save.error ? { 'aria-invalid': true } : {})} />
          <p id="r4v-types-shape" className="muted small">{t('r4v.types.lineShape')}</p>
        </div>
        <ErrorMessage error={save.error} />
        <div className="actions"><button type="submit" disabled={save.isPending || !text.trim()}>{t('r4v.types.replace')}</button></div>
        {save.data && <p role="status" className="alert success" data-testid="r4v-types-saved">{t('r4v.types.saved', { count: save.data.count, n: formatNumber(save.data.count, i18n.language) })}</p>}
      </form>
    </section>
  );
}

/** R4V's proportions workbook (sheets pinproportions and targetproportions): the sex/age shares maxsector splits each sector's figures with. */
export function ProportionsPanel({ slug, basis: current }: { slug: string; basis: 'pin' | 'target' }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [basis, setBasis] = useState(current);
  const file = useRef<HTMLInputElement>(null);
  const upload = useUpload(
    (f, onProgress) => sendR4vFile<{ count: number }>({ kind: 'proportions', ref: slug, basis }, f, csrfOf(client), onProgress),
    () => r4vChanged.platform(client, slug),
  );
  const submit = (e: FormEvent) => { e.preventDefault(); upload.mutate(file.current?.files?.[0]); };
  return (
    <section aria-labelledby="r4v-prop-heading" className="panel">
      <h2 id="r4v-prop-heading">{t('r4v.proportions.title')}</h2>
      <p className="muted small">{t('r4v.proportions.help')}</p>
      <form onSubmit={submit} aria-labelledby="r4v-prop-heading">
        <div className="field">
          <label htmlFor="r4v-prop-basis">{t('r4v.proportions.sheet')}</label>
          <select id="r4v-prop-basis" value={basis} onChange={(e) => setBasis(e.target.value === 'target' ? 'target' : 'pin')}>
            <option value="pin">pinproportions ({t('r4v.basis.pin')})</option><option value="target">targetproportions ({t('r4v.basis.target')})</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="r4v-prop-file">{t('r4v.proportions.file')}</label>
          <input id="r4v-prop-file" type="file" ref={file} accept=".xlsx" />
        </div>
        <div className="actions"><button type="submit" disabled={upload.isPending}>{t('r4v.proportions.upload')}</button></div>
        <UploadProgress pending={upload.isPending} sent={upload.sent} />
      </form>
      {upload.isError && <RefusedFile error={upload.error} title={t('r4v.proportions.refused')} level={3} />}
      {upload.data && (
        <p role="status" className="alert success" data-testid="r4v-proportions-result">
          {t('r4v.proportions.loaded', { count: upload.data.count, n: formatNumber(upload.data.count, i18n.language), sheet: basis === 'pin' ? 'pinproportions' : 'targetproportions' })}
        </p>
      )}
    </section>
  );
}
