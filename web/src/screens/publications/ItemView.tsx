import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { queries } from '../../api/queries';
import { Count } from '../../components/Count';
import { Loading } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { localText, type ItemData, type ItemSpec } from './api';

const ReachedChart = lazy(() => import('../../components/ReachedChart'));
const AreaMap = lazy(() => import('../../components/AreaMap'));

/** An item's title in the reader's language: its caption, else what it reads. */
export function useItemTitle() {
  const { t, i18n } = useTranslation();
  return (spec: ItemSpec, data: ItemData | undefined) => {
    const c = localText(spec.caption, i18n.language);
    return c.text ? c : { text: data?.source.label ?? t(`publications.kind.${spec.kind}`), fallback: false };
  };
}

/**
 * One item of a report as published (or as it would be): a table of every row, a bar chart, or a map of the
 * plan's areas, each with its numbers in a table beside it. Hidden values (disclosure control) read "hidden".
 */
export function ItemView({ spec, data, n, headingLevel = 2 }: { spec: ItemSpec; data: ItemData; n: number; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const title = useItemTitle()(spec, data);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const k = data.disclosure?.k ?? 0;
  return (
    <section className="report-item" aria-labelledby={`item-${n}`} data-testid="report-item">
      <Heading id={`item-${n}`}>
        <span dir="auto" lang={title.fallback ? 'en' : undefined}>{title.text}</span>
        {title.fallback && <span className="muted small"> ({t('publications.inEnglish')})</span>}
      </Heading>
      {title.text !== data.source.label && <p className="muted small" dir="ltr" lang="en">{data.source.label}</p>}
      {spec.view === 'chart' && data.chart && (spec.kind === 'dashboard'
        ? <Suspense fallback={<Loading />}><ReachedChart labels={data.chart.labels} reached={data.chart.values} targets={data.chart.targets} /></Suspense>
        : <Bars labels={data.chart.labels} values={data.chart.values} k={k} />)}
      {spec.view === 'map' && data.map && <ItemMap map={data.map} />}
      {spec.view === 'table' ? <Table data={data} n={n} /> : <SmallTable spec={spec} data={data} n={n} />}
      {data.disclosure && data.disclosure.hidden > 0 && (
        <p className="muted small" data-testid="item-hidden">{t('common.hiddenCount', { count: data.disclosure.hidden, k: data.disclosure.k })}</p>
      )}
    </section>
  );
}

const cell = (v: string | number | null, k: number, lng: string) => (typeof v === 'number' ? formatNumber(v, lng) : v === null ? <Count n={null} k={k} /> : <bdi>{v}</bdi>);

function Table({ data, n }: { data: ItemData; n: number }) {
  const { t, i18n } = useTranslation();
  const k = data.disclosure?.k ?? 0;
  if (data.rows.length === 0) return <p className="muted">{t('publications.noRows')}</p>;
  return (
    <TableWrap label={t('publications.tableLabel', { n })}>
      <table>
        <thead><tr>{data.columns.map((c) => <th key={c.tag} scope="col" lang="en">{c.header}</th>)}</tr></thead>
        <tbody>
          {data.rows.map((r, i) => (
            <tr key={i}>{r.map((v, j) => <td key={j} className={typeof v === 'number' || v === null ? 'num' : undefined}>{cell(v, k, i18n.language)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The numbers a chart or a map draws, as a table (what a screen reader and the printout read). */
function SmallTable({ spec, data, n }: { spec: ItemSpec; data: ItemData; n: number }) {
  const { t, i18n } = useTranslation();
  const k = data.disclosure?.k ?? 0;
  const rows: Array<[string, number | null, number | undefined]> = spec.view === 'map' && data.map
    ? Object.entries(data.map.values).map(([key, v]) => [data.map!.names[key] ?? key, v, undefined])
    : (data.chart?.labels ?? []).map((l, i) => [l, data.chart!.values[i] ?? null, spec.kind === 'dashboard' ? data.chart!.targets[i] : undefined]);
  if (rows.length === 0) return <p className="muted">{t('publications.noRows')}</p>;
  const targets = rows.some((r) => r[2] !== undefined);
  return (
    <TableWrap label={t('publications.tableLabel', { n })}>
      <table>
        <thead><tr><th scope="col">{t(spec.view === 'map' ? 'publications.area' : 'publications.label')}</th><th scope="col">{t('publications.value')}</th>{targets && <th scope="col">{t('plan.target')}</th>}</tr></thead>
        <tbody>{rows.map(([label, v, target], i) => (
          <tr key={i}><th scope="row"><bdi>{label}</bdi></th><td className="num">{cell(v, k, i18n.language)}</td>{targets && <td className="num">{target === undefined ? '—' : formatNumber(target, i18n.language)}</td>}</tr>
        ))}</tbody>
      </table>
    </TableWrap>
  );
}

/** Bars drawn with the page itself (no canvas): they print as they show. */
function Bars({ labels, values, k }: { labels: string[]; values: Array<number | null>; k: number }) {
  const { t, i18n } = useTranslation();
  const max = Math.max(1, ...values.filter((v): v is number => v !== null));
  return (
    <ul className="report-bars" aria-label={t('publications.chartLabel')} data-testid="report-bars">
      {labels.map((l, i) => {
        const v = values[i] ?? null;
        return (
          <li key={i}>
            <span className="bar-label"><bdi>{l}</bdi></span>
            <span className="bar-track" aria-hidden="true"><span className="bar" style={{ inlineSize: `${v === null ? 0 : Math.max(0.5, (v / max) * 100)}%` }} /></span>
            <span className="bar-value">{v === null ? <Count n={null} k={k} /> : formatNumber(v, i18n.language)}</span>
          </li>
        );
      })}
    </ul>
  );
}

function ItemMap({ map }: { map: NonNullable<ItemData['map']> }) {
  const { t } = useTranslation();
  const iso3 = map.iso3 ?? '';
  const boundaries = useQuery({ ...queries.boundaries(iso3), enabled: !!iso3 });
  if (!iso3 || (boundaries.data && boundaries.data.features.length === 0)) return <p className="muted small">{t('publications.noMap')}</p>;
  if (!boundaries.data) return boundaries.error ? <p className="muted small">{t('publications.noMap')}</p> : <Loading />;
  return (
    <Suspense fallback={<Loading />}>
      <AreaMap iso3={iso3} boundaries={boundaries.data} values={map.values} names={map.names} onChoose={() => undefined} />
    </Suspense>
  );
}
