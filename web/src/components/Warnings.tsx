import type { ReactNode } from 'react';
import type { Recommendation } from '../api/client';
import { formatDate, formatNumber, useTranslation } from '../i18n';
import { useNames } from '../names';

type Warning = Recommendation['warnings'][number];

/** The codes whose figures a sentence of their own says (the others need only their title). */
const DETAILED = new Set(['sources_disagree', 'imputed_stock', 'inclusive_total_below_protection', 'stale_figures', 'undifferentiated_dominates', 'dates_misaligned']);

/**
 * A recommendation's warnings in the reader's language: what each means, then its figures by name
 * (`params`) in a translated sentence, with every dataset, type, number and date isolated for right-to-left text.
 */
export function Warnings({ warnings, heading }: { warnings: Warning[]; heading: string }) {
  const { t, tRich, i18n } = useTranslation();
  const names = useNames();
  const lng = i18n.language;
  if (warnings.length === 0) return null;
  const num = (v: unknown) => (typeof v === 'number' ? formatNumber(v, lng) : String(v ?? ''));
  const date = (v: unknown) => formatDate(typeof v === 'string' ? v : null, lng);
  /** "MIG demo-undesa-ims-2024 2024-07-01; …" (stale) or "OIP from demo-unhcr (2023-12-31, after it); …" (misaligned), by name. */
  const figures = (v: unknown): ReactNode => {
    const items = String(v ?? '').split('; ').filter(Boolean).map((f, i) => {
      const stale = /^(\w+) (\S+) (\d{4}-\d{2}-\d{2})$/.exec(f);
      if (stale) return <li key={i}>{t('warningDetail.figure', { type: names.type(stale[1]!), dataset: names.dataset(stale[2]!), date: date(stale[3]) })}</li>;
      const off = /^(\w+) from (\S+) \(([^)]*)\)$/.exec(f);
      if (off) {
        const dates = off[3]!.split(', ').filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).map(date).join(', ') || t('warningDetail.noDate');
        return <li key={i}>{t(off[3]!.includes('after it') ? 'warningDetail.figureAfter' : 'warningDetail.figure', { type: names.type(off[1]!), dataset: names.dataset(off[2]!), date: dates })}</li>;
      }
      return <li key={i} dir="auto">{f}</li>;
    });
    return <ul className="plain">{items}</ul>;
  };
  const detail = (w: Warning): ReactNode => {
    const p = w.params ?? {};
    if (!DETAILED.has(w.code) || !w.params) return null;
    switch (w.code) {
      case 'sources_disagree':
        return tRich('warningDetail.sources_disagree', { type: names.type(String(p.type)), other: names.dataset(String(p.other)), otherValue: num(p.otherValue), used: names.dataset(String(p.used)), usedValue: num(p.usedValue) });
      case 'imputed_stock':
        return tRich('warningDetail.imputed_stock', { dataset: names.dataset(String(p.dataset)), date: date(p.date) });
      case 'inclusive_total_below_protection':
        return tRich('warningDetail.inclusive_total_below_protection', { dataset: names.dataset(String(p.dataset)), stock: num(p.stock), protection: num(p.protection) });
      case 'stale_figures':
        return <>{tRich('warningDetail.stale_figures', { months: num(p.months), asOf: date(p.asOf) })}{figures(p.figures)}</>;
      case 'undifferentiated_dominates':
        return tRich('warningDetail.undifferentiated_dominates', { undifferentiated: num(p.undifferentiated), differentiated: num(p.differentiated) });
      case 'dates_misaligned':
        return <>{tRich(p.unknown === 'yes' ? 'warningDetail.dates_misaligned_unknown' : 'warningDetail.dates_misaligned', { date: date(p.date), months: num(p.months) })}{figures(p.figures)}</>;
      default:
        return null;
    }
  };
  return (
    <div className="alert warning" role="note" aria-label={heading} data-testid="warnings">
      <h3>{heading}</h3>
      <ul>
        {warnings.map((w, i) => {
          const d = detail(w);
          return (
            <li key={i} data-code={w.code}>
              <strong>{t(`warning.${w.code}`, { defaultValue: w.message })}</strong>
              {d ? <div className="small">{d}</div> : !DETAILED.has(w.code) ? null : <div className="small" lang="en" dir="ltr">{w.message}</div>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
