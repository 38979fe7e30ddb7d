import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formatDate, localName, useTranslation } from '../i18n';
import type { FigureQuery } from '../api/client';
import { queries } from '../api/queries';
import { ErrorMessage, Loading } from '../components/feedback';
import { useTitle } from '../hooks';
import { navigate, useLocation } from '../router';
import { useNames } from '../names';
import { useCountryName, useSession } from '../session';
import { TableWrap } from '../components/TableWrap';
import { Count } from '../components/Count';

const FILTERS = ['year', 'type', 'origin', 'host', 'source', 'batch'] as const;
const PAGE_SIZES = [25, 50, 100] as const;

/** The figures explorer: filters in the address (so a view can be shared), keyset paging, export of the view. */
export function Figures() {
  const { t, i18n } = useTranslation();
  useTitle(t('figures.title'));
  const lng = i18n.language;
  const { query } = useLocation();
  const { countries, populationTypes } = useSession();
  const countryName = useCountryName();
  const names = useNames();
  const filter: Record<string, string> = {};
  for (const f of FILTERS) { const v = query.get(f); if (v) filter[f] = v; }
  const limit = Number(query.get('limit')) || 25;
  const after = query.get('after') ?? undefined;
  const [draft, setDraft] = useState<Record<string, string>>(filter);
  const [history, setHistory] = useState<string[]>([]);
  // The page on show stays while the next one loads (marked busy), rather than blinking to a loading line.
  const { data, error, isFetching: loading } = useQuery({ ...queries.figures({ ...toQuery(filter), limit, after, format: 'json' }), placeholderData: keepPreviousData });

  const go = (next: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) q.set(k, v);
    navigate(`/figures${q.size ? `?${q}` : ''}`);
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setHistory([]);
    go({ ...draft, limit: String(limit) });
  };
  const exportHref = (format: string) => {
    const q = new URLSearchParams({ ...filter, format });
    return `/api/v1/figures?${q}`;
  };
  const typeName = (code: string) => { const p = populationTypes.find((x) => x.code === code); return p ? localName(p.names, lng) : code; };
  const countryOptions = [...countries.values()].sort((a, b) => localName(a.names, lng).localeCompare(localName(b.names, lng), lng));

  return (
    <>
      <h1>{t('figures.title')}</h1>
      <p className="muted">{t('figures.intro')}</p>
      <form className="filters" onSubmit={apply} aria-label={t('figures.filters')}>
        <div className="field">
          <label htmlFor="f-year">{t('figures.year')}</label>
          <input id="f-year" inputMode="numeric" pattern="\d{4}" size={6} value={draft.year ?? ''} onChange={(e) => setDraft({ ...draft, year: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="f-type">{t('figures.type')}</label>
          <select id="f-type" value={draft.type ?? ''} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {populationTypes.map((p) => <option key={p.code} value={p.code}>{localName(p.names, lng)}</option>)}
          </select>
        </div>
        {(['origin', 'host'] as const).map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`f-${f}`}>{t(`figures.${f}`)}</label>
            <select id={`f-${f}`} value={draft[f] ?? ''} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {countryOptions.map((c) => <option key={c.iso3} value={c.iso3}>{localName(c.names, lng)}</option>)}
            </select>
          </div>
        ))}
        <div className="field">
          <label htmlFor="f-source">{t('figures.source')}</label>
          <input id="f-source" size={8} value={draft.source ?? ''} onChange={(e) => setDraft({ ...draft, source: e.target.value.trim().toLowerCase() })} placeholder="unhcr" />
        </div>
        <div className="field">
          <label htmlFor="f-limit">{t('figures.perPage')}</label>
          <select id="f-limit" value={limit} onChange={(e) => { setHistory([]); go({ ...filter, limit: e.target.value }); }}>
            {PAGE_SIZES.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="primary">{t('figures.apply')}</button>
          <button type="button" onClick={() => { setDraft({}); setHistory([]); go({}); }}>{t('figures.clear')}</button>
        </div>
      </form>
      {filter.batch && <p className="alert info">{t('figures.batchFilter', { batch: filter.batch })}</p>}

      <p className="exports">
        {t('figures.export')}{' '}
        <a href={exportHref('csv')} download="figures.csv">CSV</a>{' · '}
        <a href={exportHref('hxl')} download="figures.hxl.csv">HXL</a>{' · '}
        <a href={exportHref('xlsx')} download="figures.xlsx">XLSX</a>
      </p>

      <ErrorMessage error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <TableWrap label={t('figures.title')}>
            <table data-testid="figures-table" aria-busy={loading}>
              <caption className="visually-hidden">{t('figures.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('figures.date')}</th><th scope="col">{t('figures.origin')}</th><th scope="col">{t('figures.host')}</th><th scope="col">{t('figures.area')}</th>
                  <th scope="col">{t('figures.type')}</th><th scope="col">{t('figures.sex')}</th><th scope="col" className="num">{t('figures.value')}</th>
                  <th scope="col">{t('figures.source')}</th><th scope="col">{t('figures.dataset')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.length === 0 && <tr><td colSpan={9}>{t('figures.none')}</td></tr>}
                {data.items.map((f) => (
                  <tr key={f.id}>
                    <td><bdi>{formatDate(f.refDate, lng)}</bdi></td>
                    <td>{countryName(f.origin, lng)}</td>
                    <td>{countryName(f.host, lng)}</td>
                    <td><bdi>{f.area ?? ''}</bdi></td>
                    <td>{typeName(f.type)}</td>
                    <td>{t(`sex.${f.sex}`, { defaultValue: f.sex })}</td>
                    <td className="num"><Count n={f.value} k={data.disclosure.k} /></td>
                    <td>{f.source.organisation.toUpperCase()}{f.source.importedBy && f.source.importedBy !== f.source.organisation && <span className="small muted"> ({t('figures.importedBy', { org: f.source.importedBy.toUpperCase() })})</span>}</td>
                    <td title={f.source.dataset}><bdi>{names.dataset(f.source.dataset)}</bdi></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {data.disclosure.hidden > 0 && <p className="muted small" data-testid="figures-hidden">{t('common.hiddenCount', { count: data.disclosure.hidden, k: data.disclosure.k })}</p>}
          <nav className="pager" aria-label={t('figures.pages')}>
            <button type="button" disabled={!after} onClick={() => {
              const prev = history.slice(0, -1);
              setHistory(prev);
              go({ ...filter, limit: String(limit), after: history.at(-2) });
            }}>{t('figures.previous')}</button>
            <span className="muted">{t('figures.pageN', { n: history.length + 1 })}</span>
            <button type="button" disabled={!data.nextCursor} onClick={() => {
              setHistory([...history, data.nextCursor!]);
              go({ ...filter, limit: String(limit), after: data.nextCursor! });
            }}>{t('figures.next')}</button>
          </nav>
        </>
      )}
    </>
  );
}

function toQuery(filter: Record<string, string>): Partial<FigureQuery> {
  const q: Partial<FigureQuery> = {};
  if (filter.year) q.year = Number(filter.year);
  if (filter.type) q.type = filter.type as FigureQuery['type'];
  if (filter.origin) q.origin = filter.origin;
  if (filter.host) q.host = filter.host;
  if (filter.source) q.source = filter.source;
  if (filter.batch) q.batch = filter.batch;
  return q;
}
