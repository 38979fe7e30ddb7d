import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Decision, Disagreement, Recommendation } from '../../api/client';
import { queries } from '../../api/queries';
import { SIGNING_AGENCIES } from '../../api/values';
import { ARRANGEMENT_COLOURS } from '../../arrangements';
import { TableWrap } from '../../components/TableWrap';
import { formatDate, formatNumber, formatPercent, useTranslation } from '../../i18n';

/** The arrangement in force, first on the page: the latest signed decision, or the recommendation while none is signed. */
export function InForce({ decisions, rec }: { decisions: Decision[]; rec: Recommendation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const signed = decisions.find((d) => d.status === 'signed');
  return (
    <section aria-labelledby="in-force-heading" className="panel in-force" data-testid="in-force">
      <h2 id="in-force-heading">{t('inForce.title')}</h2>
      {signed ? (
        <>
          <p className="big">
            <span className="badge" style={{ background: ARRANGEMENT_COLOURS[signed.arrangement] }}>{t(`arrangement.${signed.arrangement}`)}</span>{' '}
            <span className="muted">{t('inForce.signed', { date: formatDate(signed.decidedOn, lng) })}</span>
          </p>
          {signed.arrangement !== rec.arrangement && (
            <p className="small">{t('inForce.recommendedNow', { arrangement: t(`arrangement.${rec.arrangement}`) })}</p>
          )}
        </>
      ) : (
        <p>{t('inForce.none', { arrangement: t(`arrangement.${rec.arrangement}`) })}</p>
      )}
    </section>
  );
}

/** What a decision answered (its kept recommendation) beside the recommendation today: arrangement, share, P and M. */
function ThenAndNow({ decision: d, rec }: { decision: Decision; rec: Recommendation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const snapshot = useQuery({ ...queries.snapshot(d.snapshotId ?? ''), enabled: !!d.snapshotId });
  const then = snapshot.data ?? d.recommendation;
  const row = (label: string, r: Pick<Recommendation, 'arrangement' | 'share' | 'protection' | 'migrants' | 'provisional'>, when: string | null) => (
    <tr>
      <th scope="row">{label}{when && <><br /><span className="small muted"><bdi>{formatDate(when, lng)}</bdi></span></>}</th>
      <td>{t(`arrangement.${r.arrangement}`)}{r.provisional ? ` (${t('overview.provisionalShort')})` : ''}</td>
      <td className="num">{formatPercent(r.share, lng)}</td>
      <td className="num">{formatNumber(r.protection, lng)}</td>
      <td className="num">{formatNumber(r.migrants, lng)}</td>
    </tr>
  );
  return (
    <TableWrap label={t('decision.answered')}>
      <table className="then-now" data-testid="then-now">
        <caption className="small">{t('decision.answered')}</caption>
        <thead>
          <tr><td /><th scope="col">{t('recommendation.title')}</th><th scope="col" className="num">{t('recommendation.share')}</th><th scope="col" className="num">{t('overview.p')}</th><th scope="col" className="num">{t('overview.m')}</th></tr>
        </thead>
        <tbody>
          {row(t('decision.then'), then, snapshot.data?.snapshot?.computedAt ?? then.asOf)}
          {row(t('decision.now'), rec, rec.asOf)}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** One decision: arrangement, status, who signed when, its rationale, what it answered beside today's recommendation. */
export function DecisionCard({ decision: d, rec, children }: { decision: Decision; rec: Recommendation; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <article className="card" data-testid={`decision-${d.status}`} aria-label={t('decision.cardLabel', { arrangement: t(`arrangement.${d.arrangement}`), status: t(`decision.status.${d.status}`) })}>
      <p>
        <span className="badge" style={{ background: ARRANGEMENT_COLOURS[d.arrangement] }}>{t(`arrangement.${d.arrangement}`)}</span>{' '}
        <strong>{t(`decision.status.${d.status}`)}</strong> · <bdi>{formatDate(d.decidedOn, lng)}</bdi>
      </p>
      {d.differsFromRecommendation && <p className="small">{t('decision.differs', { recommended: t(`arrangement.${d.recommendedArrangement}`) })}</p>}
      {d.rationale && <blockquote dir="auto">{d.rationale}</blockquote>}
      <p className="small muted">
        {SIGNING_AGENCIES.map((a, i) => {
          const s = d.signatories[a];
          return <span key={a}>{i > 0 ? ' · ' : ''}{a.toUpperCase()}: {s.signedAt ? t('decision.signedBy', { name: s.name ?? '—', date: formatDate(s.signedAt, lng) }) : t('decision.awaiting')}</span>;
        })}
      </p>
      {d.closed && (
        <p className="small">{t(d.status === 'rejected' ? 'decision.rejectedOn' : 'decision.withdrawnOn', { date: formatDate(d.closed.at, lng) })}
          {d.closed.reason && <> <q dir="auto">{d.closed.reason}</q></>}</p>
      )}
      <ThenAndNow decision={d} rec={rec} />
      {children}
    </article>
  );
}

/** Every decision, newest first, each with what it answered. */
export function DecisionHistory({ decisions, rec }: { decisions: Decision[]; rec: Recommendation }) {
  const { t } = useTranslation();
  const closed = decisions.filter((d) => d.status !== 'awaiting_signature');
  if (decisions.length === 0) return <p>{t('decision.none')}</p>;
  if (closed.length === 0) return null;
  return (
    <ol className="history" data-testid="decision-history">
      {closed.map((d) => <li key={d.id}><DecisionCard decision={d} rec={rec} /></li>)}
    </ol>
  );
}

/** Where the agencies disagree (a rejected proposal, or a second one for another arrangement), kept until escalated (R3, R11). */
export function Disagreements({ items, decisions }: { items: Disagreement[]; decisions: Decision[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (items.length === 0) return null;
  const arrangementOf = (id: string | null) => {
    const d = decisions.find((x) => x.id === id);
    return d ? t(`arrangement.${d.arrangement}`) : '—';
  };
  return (
    <div className="alert warning" role="note" aria-labelledby="disagreements-heading" data-testid="disagreements">
      <h3 id="disagreements-heading">{t('disagreement.title', { count: items.length })}</h3>
      <ul>
        {items.map((x) => (
          <li key={x.id}>
            <bdi>{formatDate(x.raisedAt, lng)}</bdi>: {x.kind === 'rejected'
              ? t('disagreement.rejected', { arrangement: arrangementOf(x.decisionId) })
              : t('disagreement.conflicting', { arrangement: arrangementOf(x.decisionId), other: arrangementOf(x.otherDecisionId) })}
            {x.reason && <> <q dir="auto">{x.reason}</q></>}
          </li>
        ))}
      </ul>
      <p className="small">{t('disagreement.help')}</p>
    </div>
  );
}
