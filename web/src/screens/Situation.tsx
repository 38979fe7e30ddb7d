import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap, type Decision, type Recommendation, type Summary } from '../api/client';
import { changed, queries } from '../api/queries';
import { DECIDABLE_ARRANGEMENTS, SIGNING_AGENCIES } from '../api/values';
import { ARRANGEMENT_COLOURS } from '../arrangements';
import { ErrorMessage, Loading } from '../components/feedback';
import { useTitle } from '../hooks';
import { formatDate, formatNumber, formatPercent, localName } from '../i18n';
import { Link } from '../router';
import { useCountryName, useSession } from '../session';

const CompositionChart = lazy(() => import('../components/CompositionChart'));

type Agency = (typeof SIGNING_AGENCIES)[number];
type Decidable = (typeof DECIDABLE_ARRANGEMENTS)[number];

export function SituationScreen({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const countryName = useCountryName();
  const summary = useQuery(queries.summary(slug));
  const rec = useQuery(queries.recommendation(slug));
  const decisions = useQuery(queries.decisions(slug));
  useTitle(summary.data?.situation.name ?? t('situation.title'));

  const error = summary.error ?? rec.error ?? decisions.error;
  if (error) return <><h1>{t('situation.title')}</h1><ErrorMessage error={error} /></>;
  if (!summary.data || !rec.data || !decisions.data) return <Loading />;
  const s = summary.data.situation;
  return (
    <>
      <p className="crumbs"><Link href="/">{t('nav.overview')}</Link></p>
      <h1>{s.name}</h1>
      <p className="muted">
        {t(`kind.${s.kind}`)} · {s.origins.map((c) => countryName(c, lng)).join(', ')} → {s.hosts.map((c) => countryName(c, lng)).join(', ')}
        {' · '}{t('situation.latest', { date: formatDate(summary.data.latestDate, lng) })}
      </p>

      <div className="grid-2">
        <RecommendationPanel rec={rec.data} />
        <AgenciesPanel summary={summary.data} />
      </div>

      <section aria-labelledby="composition-heading">
        <h2 id="composition-heading">{t('situation.composition')}</h2>
        {summary.data.series.length === 0 ? <p>{t('situation.noFigures')}</p> : (
          <Suspense fallback={<Loading />}><CompositionChart series={summary.data.series} /></Suspense>
        )}
      </section>

      <InputsTable rec={rec.data} />

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">{t('decision.history')}</h2>
        <SignOff slug={slug} rec={rec.data} decisions={decisions.data} />
        <DecisionHistory decisions={decisions.data} />
      </section>
    </>
  );
}

function RecommendationPanel({ rec }: { rec: Recommendation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <section aria-labelledby="rec-heading" className="panel" data-testid="recommendation">
      <h2 id="rec-heading">{t('recommendation.title')}</h2>
      <p className="big">
        <span className="badge" style={{ background: ARRANGEMENT_COLOURS[rec.arrangement] }}>{t(`arrangement.${rec.arrangement}`)}</span>
        {rec.provisional && <span className="muted"> · {t('recommendation.provisional')}</span>}
      </p>
      <p>{t(`arrangementDescription.${rec.arrangement}`)}</p>
      <dl className="facts">
        <dt>{t('recommendation.share')}</dt><dd data-testid="share">{formatPercent(rec.share, lng)}</dd>
        <dt>{t('recommendation.threshold')}</dt><dd>{formatPercent(rec.threshold, lng)}</dd>
        <dt>{t('recommendation.protection')}</dt><dd>{formatNumber(rec.protection, lng)}</dd>
        <dt>{t('recommendation.migrants')}</dt><dd>{formatNumber(rec.migrants, lng)}</dd>
        {rec.internal > 0 && <><dt>{t('recommendation.internal')}</dt><dd>{formatNumber(rec.internal, lng)}</dd></>}
        <dt>{t('recommendation.lead')}</dt>
        <dd>{rec.lead.coLeads.length > 0 ? t('recommendation.coLeads', { agencies: rec.lead.coLeads.join(' + ') }) : [rec.lead.lead, rec.lead.support && t('recommendation.support', { agency: rec.lead.support })].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t('recommendation.asOf')}</dt><dd>{formatDate(rec.asOf, lng)} · {t('recommendation.policy', { version: rec.policyVersion })}</dd>
      </dl>
      <p className="muted small">{t('recommendation.rule')}</p>
      {rec.warnings.length > 0 && (
        <div className="alert warning" role="note" aria-label={t('recommendation.warnings')}>
          <h3>{t('recommendation.warnings')}</h3>
          <ul>
            {rec.warnings.map((w, i) => (
              <li key={i}>
                <strong>{t(`warning.${w.code}`, { defaultValue: w.message })}</strong>
                <br /><span className="small" lang="en">{w.message}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function AgenciesPanel({ summary }: { summary: Summary }) {
  const { t, i18n } = useTranslation();
  const { populationTypes } = useSession();
  const lng = i18n.language;
  const typeName = (code: string) => { const p = populationTypes.find((x) => x.code === code); return p ? localName(p.names, lng) : code; };
  return (
    <section aria-labelledby="agencies-heading" className="panel">
      <h2 id="agencies-heading">{t('situation.agencies')}</h2>
      <p className="muted small">{t('situation.agenciesHelp')}</p>
      {(['UNHCR', 'IOM'] as const).map((agency) => {
        const entries = summary.agencies[agency];
        const total = entries.reduce((a, e) => a + e.value, 0);
        return (
          <div key={agency}>
            <h3>{agency}: {formatNumber(total, lng)}</h3>
            {entries.length === 0 ? <p className="muted">{t('situation.none')}</p> : (
              <ul className="plain">
                {entries.map((e, i) => (
                  <li key={i}>{typeName(e.type)}: {formatNumber(e.value, lng)} <span className="muted small">({e.source}, {formatDate(e.date, lng)}{e.derived ? `, ${t('situation.derived')}` : ''})</span></li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}

function InputsTable({ rec }: { rec: Recommendation }) {
  const { t, i18n } = useTranslation();
  const { populationTypes } = useSession();
  const lng = i18n.language;
  const typeName = (code: string) => { const p = populationTypes.find((x) => x.code === code); return p ? localName(p.names, lng) : code; };
  return (
    <section aria-labelledby="inputs-heading">
      <h2 id="inputs-heading">{t('recommendation.inputs')}</h2>
      <div className="table-wrap">
        <table data-testid="inputs">
          <thead>
            <tr>
              <th scope="col">{t('figures.type')}</th><th scope="col" className="num">{t('figures.value')}</th>
              <th scope="col">{t('figures.source')}</th><th scope="col">{t('figures.dataset')}</th>
              <th scope="col">{t('figures.date')}</th><th scope="col">{t('recommendation.role')}</th>
            </tr>
          </thead>
          <tbody>
            {rec.inputs.map((i) => (
              <tr key={`${i.type}|${i.sourceDataset}`}>
                <td>{typeName(i.type)}</td>
                <td className="num">{formatNumber(i.value, lng)}</td>
                <td>{i.sourceOrg.toUpperCase()}</td>
                <td>{i.sourceDataset}</td>
                <td>{i.oldestDate === i.newestDate ? formatDate(i.newestDate, lng) : `${formatDate(i.oldestDate, lng)} – ${formatDate(i.newestDate, lng)}`}</td>
                <td>{t(`role.${i.role}`, { defaultValue: i.role })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function DecisionHistory({ decisions }: { decisions: Decision[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (decisions.length === 0) return <p>{t('decision.none')}</p>;
  return (
    <ol className="history" data-testid="decision-history">
      {decisions.map((d) => (
        <li key={d.id} className="card">
          <p>
            <span className="badge" style={{ background: ARRANGEMENT_COLOURS[d.arrangement] }}>{t(`arrangement.${d.arrangement}`)}</span>{' '}
            <strong>{t(`decision.status.${d.status}`)}</strong> · {formatDate(d.decidedOn, lng)}
          </p>
          {d.differsFromRecommendation && <p className="small">{t('decision.differs', { recommended: t(`arrangement.${d.recommendedArrangement}`) })}</p>}
          {d.rationale && <blockquote>{d.rationale}</blockquote>}
          <p className="small muted">
            {SIGNING_AGENCIES.map((a) => {
              const s = d.signatories[a];
              return <span key={a}>{a.toUpperCase()}: {s.signedAt ? t('decision.signedBy', { name: s.name ?? '—', date: formatDate(s.signedAt, lng) }) : t('decision.awaiting')}{a === 'iom' ? ' · ' : ''}</span>;
            })}
          </p>
        </li>
      ))}
    </ol>
  );
}

/**
 * The two representatives' sign-off: one proposes and signs for their agency, the other countersigns. Whether
 * this account may countersign is the decision's own `can.sign`; the agencies it may propose for are those it
 * represents (the API does not yet say so itself).
 */
function SignOff({ slug, rec, decisions }: { slug: string; rec: Recommendation; decisions: Decision[] }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [done, setDone] = useState<string | null>(null);
  const mine = SIGNING_AGENCIES.filter((a) => user?.memberships.some((m) => m.role === 'agency_representative' && m.orgSlug === a));
  const pending = decisions.find((d) => d.status === 'awaiting_signature');
  const pendingFor = pending && SIGNING_AGENCIES.find((a) => !pending.signatories[a].signedAt);

  if (pending?.can.sign && pendingFor) return <Countersign slug={slug} decision={pending} agency={pendingFor} onSigned={() => setDone(t('decision.nowInForce'))} />;
  if (mine.length === 0) return null;
  if (pending) return <p className="alert info" role="status">{done ?? t('decision.awaitingOther', { agency: (pendingFor ?? '').toUpperCase() })}</p>;
  return <Propose slug={slug} rec={rec} mine={mine} done={done} onProposed={() => setDone(t('decision.proposed'))} />;
}

function Countersign({ slug, decision, agency, onSigned }: { slug: string; decision: Decision; agency: Agency; onSigned: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const sign = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/decisions/{id}/signatures', { params: { path: { id: decision.id } } })),
    onSuccess: async () => {
      onSigned();
      await changed.decisions(client, slug, true);
    },
  });
  return (
    <div className="panel sign" aria-labelledby="countersign-heading">
      <h3 id="countersign-heading">{t('decision.countersignTitle', { agency: agency.toUpperCase() })}</h3>
      <p>{t('decision.countersignHelp', { arrangement: t(`arrangement.${decision.arrangement}`), date: formatDate(decision.decidedOn, i18n.language) })}</p>
      {decision.rationale && <blockquote>{decision.rationale}</blockquote>}
      <ErrorMessage error={sign.error} />
      <button type="button" className="primary" onClick={() => sign.mutate()} disabled={sign.isPending}>{t('decision.countersign', { agency: agency.toUpperCase() })}</button>
    </div>
  );
}

function Propose({ slug, rec, mine, done, onProposed }: { slug: string; rec: Recommendation; mine: Agency[]; done: string | null; onProposed: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const recommended = DECIDABLE_ARRANGEMENTS.find((a) => a === rec.arrangement) ?? '';
  const [arrangement, setArrangement] = useState<Decidable | ''>(recommended);
  const [rationale, setRationale] = useState('');
  const [decidedOn, setDecidedOn] = useState(new Date().toISOString().slice(0, 10));
  const [agency, setAgency] = useState<Agency | ''>(mine.length === 1 ? mine[0]! : '');
  const propose = useMutation({
    // An empty arrangement goes to the server as it is: its answer names the field at fault.
    mutationFn: () => unwrap(api.POST('/api/v1/situations/{ref}/decisions', {
      params: { path: { ref: slug } },
      body: { arrangement: arrangement as Decidable, rationale: rationale.trim() || undefined, decidedOn, ...(agency ? { agency } : {}) },
    })),
    onSuccess: async () => {
      onProposed();
      setRationale('');
      await changed.decisions(client, slug, false);
    },
  });

  const differs = arrangement !== '' && arrangement !== rec.arrangement;
  const apiError = propose.error instanceof ApiError ? propose.error : null;
  const rationaleError = apiError?.forField('rationale');
  const arrangementError = apiError?.forField('arrangement');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    propose.mutate();
  };

  return (
    <form className="panel sign" onSubmit={submit} noValidate aria-labelledby="propose-heading">
      <h3 id="propose-heading">{t('decision.proposeTitle')}</h3>
      <p className="muted small">{t('decision.proposeHelp')}</p>
      {done && <p role="status" className="alert info">{done}</p>}
      <div className="field">
        <label htmlFor="arrangement">{t('decision.arrangement')}</label>
        <select id="arrangement" value={arrangement} onChange={(e) => setArrangement(DECIDABLE_ARRANGEMENTS.find((a) => a === e.target.value) ?? '')} aria-invalid={!!arrangementError} aria-describedby={arrangementError ? 'arrangement-error' : undefined}>
          <option value="">{t('common.choose')}</option>
          {DECIDABLE_ARRANGEMENTS.map((a) => <option key={a} value={a}>{t(`arrangement.${a}`)}{a === rec.arrangement ? ` (${t('decision.recommended')})` : ''}</option>)}
        </select>
        {arrangementError && <p id="arrangement-error" className="field-error">{arrangementError}</p>}
      </div>
      {differs && <p className="alert warning" role="note">{t('decision.differsHint', { recommended: t(`arrangement.${rec.arrangement}`) })}</p>}
      <div className="field">
        <label htmlFor="rationale">{t('decision.rationale')}{differs ? ` (${t('common.required')})` : ''}</label>
        <textarea id="rationale" rows={4} value={rationale} onChange={(e) => setRationale(e.target.value)} aria-invalid={!!rationaleError} aria-describedby={rationaleError ? 'rationale-error' : undefined} />
        {rationaleError && <p id="rationale-error" className="field-error" role="alert">{t('decision.rationaleRequired')}</p>}
      </div>
      <div className="field">
        <label htmlFor="decided-on">{t('decision.decidedOn')}</label>
        <input id="decided-on" type="date" value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} />
      </div>
      {mine.length > 1 && (
        <div className="field">
          <label htmlFor="agency">{t('decision.agency')}</label>
          <select id="agency" value={agency} onChange={(e) => setAgency(mine.find((a) => a === e.target.value) ?? '')}>
            <option value="">{t('common.choose')}</option>
            {mine.map((a) => <option key={a} value={a}>{a.toUpperCase()}</option>)}
          </select>
        </div>
      )}
      {propose.error && !rationaleError && !arrangementError ? <ErrorMessage error={propose.error} /> : null}
      <button type="submit" className="primary" disabled={propose.isPending}>{t('decision.signAs', { agency: (agency || mine[0] || '').toUpperCase() })}</button>
    </form>
  );
}
