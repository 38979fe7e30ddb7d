import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { csrfOf, r4vChanged, r4vQueries, r4vWrites, sendR4vFile, type IndicatorType } from '../../api/r4v';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
import { TableWrap } from '../../components/TableWrap';
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

const PIN_PAGE = 25;

/**
 * The platform's people in need and targets by country, admin 1 and sector (R4V's proportions workbook, sheets
 * "PiN 2022" and "Target"): shown to everyone, loaded by the co-leads, and R4V's target ≤ PiN check over them.
 */
export function PinPanel({ slug, canUpdate }: { slug: string; canUpdate: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const { data, error, refetch } = useQuery(r4vQueries.pin(slug));
  const [country, setCountry] = useState('');
  const [offset, setOffset] = useState(0);
  const [sheets, setSheets] = useState({ pinSheet: 'PiN 2022', targetSheet: 'Target' });
  const file = useRef<HTMLInputElement>(null);
  const upload = useUpload(
    (f, onProgress) => sendR4vFile<{ count: number }>({ kind: 'pin', ref: slug, ...sheets }, f, csrfOf(client), onProgress),
    () => r4vChanged.platform(client, slug),
  );
  const submit = (e: FormEvent) => { e.preventDefault(); upload.mutate(file.current?.files?.[0]); };
  const countries = [...new Set((data?.rows ?? []).map((r) => r.country))].sort((a, b) => a.localeCompare(b, lng));
  const rows = (data?.rows ?? []).filter((r) => !country || r.country === country);
  const checks = (data?.checks ?? []).filter((c) => !country || c.country === country);
  const shown = rows.slice(offset, offset + PIN_PAGE);
  return (
    <section aria-labelledby="r4v-pin-heading" className="panel" data-testid="r4v-pin">
      <h2 id="r4v-pin-heading">{t('r4v.pin.title')}</h2>
      <p className="muted small">{t('r4v.pin.help')}</p>
      {canUpdate && (
        <form onSubmit={submit} aria-label={t('r4v.pin.upload')}>
          <div className="field">
            <label htmlFor="r4v-pin-file">{t('r4v.pin.file')}</label>
            <input id="r4v-pin-file" type="file" ref={file} accept=".xlsx" />
          </div>
          <div className="field">
            <label htmlFor="r4v-pin-sheet">{t('r4v.pin.pinSheet')}</label>
            <input id="r4v-pin-sheet" value={sheets.pinSheet} onChange={(e) => setSheets({ ...sheets, pinSheet: e.target.value })} dir="auto" autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="r4v-target-sheet">{t('r4v.pin.targetSheet')}</label>
            <input id="r4v-target-sheet" value={sheets.targetSheet} onChange={(e) => setSheets({ ...sheets, targetSheet: e.target.value })} dir="auto" autoComplete="off" />
          </div>
          <div className="actions"><button type="submit" disabled={upload.isPending}>{t('r4v.pin.upload')}</button></div>
          <UploadProgress pending={upload.isPending} sent={upload.sent} />
          {upload.isError && <RefusedFile error={upload.error} title={t('r4v.pin.refused')} level={3} />}
          {upload.data && <p role="status" className="alert success" data-testid="r4v-pin-result">{t('r4v.pin.loaded', { n: formatNumber(upload.data.count, lng) })}</p>}
        </form>
      )}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {!data ? !error && <Loading /> : data.rows.length === 0 ? <p className="muted" data-testid="r4v-pin-none">{t('r4v.pin.none')}</p> : (
        <>
          <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('r4v.pin.filters')}>
            <div className="field">
              <label htmlFor="r4v-pin-country">{t('r4v.col.country')}</label>
              <select id="r4v-pin-country" value={country} onChange={(e) => { setCountry(e.target.value); setOffset(0); }}>
                <option value="">{t('common.all')}</option>{countries.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </div>
          </form>
          <h3>{t('r4v.pin.checks')}</h3>
          {checks.length === 0 ? <p className="muted" data-testid="r4v-pin-ok">{t('r4v.pin.noChecks')}</p> : (
            <ul data-testid="r4v-pin-checks">{checks.slice(0, 50).map((c) => <li key={`${c.country}|${c.admin1}|${c.sector}`}><bdi>{c.message}</bdi></li>)}</ul>
          )}
          <TableWrap label={t('r4v.pin.caption')}>
            <table data-testid="r4v-pin-table">
              <caption>{t('r4v.pin.caption')}</caption>
              <thead><tr>
                <th scope="col">{t('r4v.col.country')}</th><th scope="col">{t('r4v.col.admin1')}</th><th scope="col">{t('r4v.col.sector')}</th>
                <th scope="col" className="num">{t('r4v.pin.colPin')}</th><th scope="col" className="num">{t('r4v.pin.colTarget')}</th>
              </tr></thead>
              <tbody>{shown.map((r) => (
                <tr key={`${r.country}|${r.admin1}|${r.sector}`}>
                  <th scope="row"><bdi>{r.country}</bdi></th><td><bdi>{r.admin1}</bdi></td><td><bdi>{r.sector}</bdi></td>
                  <td className="num">{formatNumber(r.pin, lng)}</td><td className="num">{formatNumber(r.target, lng)}</td>
                </tr>
              ))}</tbody>
            </table>
          </TableWrap>
          <Pager label={t('r4v.pin.pages')} offset={offset} page={PIN_PAGE} shown={shown.length} total={rows.length} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}
