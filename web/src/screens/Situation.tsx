import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap, type Decision, type Recommendation, type Summary } from '../api/client';
import { ARRANGEMENT_COLOURS, DECIDABLE } from '../arrangements';
import { ErrorMessage, Loading } from '../components/feedback';
import { useLoad, useTitle } from '../hooks';
import { formatDate, formatNumber, formatPercent, localName } from '../i18n';
import { Link } from '../router';
import { useCountryName, useSession } from '../session';

const CompositionChart = lazy(() => import('../components/CompositionChart'));

type Agency = 'iom' | 'unhcr';

export function SituationScreen({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const countryName = useCountryName();
  const path = { params: { path: { ref: slug } } };
  const { data, error, reload } = useLoad(async () => {
    const [summary, recommendation, decisions] = await Promise.all([
      unwrap(api.GET('/api/v1/situations/{ref}/summary', path)),
      unwrap(api.GET('/api/v1/situations/{ref}/recommendation', path)),
      unwrap(api.GET('/api/v1/situations/{ref}/decisions', { params: { path: { ref: slug }, query: { format: 'json' } } })),
    ]);
    return { summary, recommendation, decisions: decisions };
  }, [slug]);
  useTitle(data?.summary.situation.name ?? t('situation.title'));

  if (error) return <><h1>{t('situation.title')}</h1><ErrorMessage error={error} /></>;
  if (!data) return <Loading />;
  const { summary, recommendation: rec, decisions } = data;
  const s = summary.situation;
  return (
    <>
      <p className="crumbs"><Link href="/">{t('nav.overview')}</Link></p>
      <h1>{s.name}</h1>
      <p className="muted">
        {t(`kind.${s.kind}`)} · {s.origins.map((c) => countryName(c, lng)).join(', ')} → {s.hosts.map((c) => countryName(c, lng)).join(', ')}
        {' · '}{t('situation.latest', { date: formatDate(summary.latestDate, lng) })}
      </p>

      <div className="grid-2">
        <RecommendationPanel rec={rec} />
        <AgenciesPanel summary={summary} />
      </div>

      <section aria-labelledby="composition-heading">
        <h2 id="composition-heading">{t('situation.composition')}</h2>
        {summary.series.length === 0 ? <p>{t('situation.noFigures')}</p> : (
          <Suspense fallback={<Loading />}><CompositionChart series={summary.series} /></Suspense>
        )}
      </section>

      <InputsTable rec={rec} />

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">{t('decision.history')}</h2>
        <SignOff slug={slug} rec={rec} decisions={decisions} onChange={reload} />
        <DecisionHistory decisions={decisions} />
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
            {(['iom', 'unhcr'] as const).map((a) => {
              const s = d.signatories[a];
              return <span key={a}>{a.toUpperCase()}: {s.signedAt ? t('decision.signedBy', { name: s.name ?? '—', date: formatDate(s.signedAt, lng) }) : t('decision.awaiting')}{a === 'iom' ? ' · ' : ''}</span>;
            })}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** The two representatives' sign-off: one proposes and signs for their agency, the other countersigns. */
function SignOff({ slug, rec, decisions, onChange }: { slug: string; rec: Recommendation; decisions: Decision[]; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { user } = useSession();
  const mine = (user?.memberships ?? []).filter((m) => m.role === 'agency_representative' && (m.orgSlug === 'iom' || m.orgSlug === 'unhcr')).map((m) => m.orgSlug as Agency);
  const recommended = (DECIDABLE as readonly string[]).includes(rec.arrangement) ? rec.arrangement : '';
  const [arrangement, setArrangement] = useState<string>(recommended);
  const [rationale, setRationale] = useState('');
  const [decidedOn, setDecidedOn] = useState(new Date().toISOString().slice(0, 10));
  const [agency, setAgency] = useState<Agency | ''>(mine.length === 1 ? mine[0]! : '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  if (!user || mine.length === 0) return null;

  const pending = decisions.find((d) => d.status === 'awaiting_signature');
  const pendingFor = pending ? (['iom', 'unhcr'] as const).find((a) => !pending.signatories[a].signedAt) : undefined;
  const signedPendingMyself = pending && (['iom', 'unhcr'] as const).some((a) => pending.signatories[a].accountId === user.id);

  const countersign = async () => {
    setBusy(true); setError(null);
    try {
      await unwrap(api.POST('/api/v1/decisions/{id}/signatures', { params: { path: { id: pending!.id } } }));
      setDone(t('decision.nowInForce'));
      onChange();
    } catch (e) { setError(e); } finally { setBusy(false); }
  };

  if (pending && pendingFor && mine.includes(pendingFor) && !signedPendingMyself) {
    return (
      <div className="panel sign" aria-labelledby="countersign-heading">
        <h3 id="countersign-heading">{t('decision.countersignTitle', { agency: pendingFor.toUpperCase() })}</h3>
        <p>{t('decision.countersignHelp', { arrangement: t(`arrangement.${pending.arrangement}`), date: formatDate(pending.decidedOn, lng) })}</p>
        {pending.rationale && <blockquote>{pending.rationale}</blockquote>}
        <ErrorMessage error={error} />
        <button type="button" className="primary" onClick={() => void countersign()} disabled={busy}>{t('decision.countersign', { agency: pendingFor.toUpperCase() })}</button>
      </div>
    );
  }
  if (pending) {
    return <p className="alert info" role="status">{done ?? t('decision.awaitingOther', { agency: (pendingFor ?? '').toUpperCase() })}</p>;
  }

  const differs = arrangement !== '' && arrangement !== rec.arrangement;
  const apiError = error instanceof ApiError ? error : null;
  const rationaleError = apiError?.forField('rationale');
  const arrangementError = apiError?.forField('arrangement');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null); setDone(null);
    try {
      await unwrap(api.POST('/api/v1/situations/{ref}/decisions', {
        params: { path: { ref: slug } },
        body: { arrangement: arrangement as (typeof DECIDABLE)[number], rationale: rationale.trim() || undefined, decidedOn, ...(agency ? { agency } : {}) },
      }));
      setDone(t('decision.proposed'));
      setRationale('');
      onChange();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };

  return (
    <form className="panel sign" onSubmit={submit} noValidate aria-labelledby="propose-heading">
      <h3 id="propose-heading">{t('decision.proposeTitle')}</h3>
      <p className="muted small">{t('decision.proposeHelp')}</p>
      {done && <p role="status" className="alert info">{done}</p>}
      <div className="field">
        <label htmlFor="arrangement">{t('decision.arrangement')}</label>
        <select id="arrangement" value={arrangement} onChange={(e) => setArrangement(e.target.value)} aria-invalid={!!arrangementError} aria-describedby={arrangementError ? 'arrangement-error' : undefined}>
          <option value="">{t('common.choose')}</option>
          {DECIDABLE.map((a) => <option key={a} value={a}>{t(`arrangement.${a}`)}{a === rec.arrangement ? ` (${t('decision.recommended')})` : ''}</option>)}
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
          <select id="agency" value={agency} onChange={(e) => setAgency(e.target.value as Agency)}>
            <option value="">{t('common.choose')}</option>
            {mine.map((a) => <option key={a} value={a}>{a.toUpperCase()}</option>)}
          </select>
        </div>
      )}
      {error && !rationaleError && !arrangementError ? <ErrorMessage error={error} /> : null}
      <button type="submit" className="primary" disabled={busy}>{t('decision.signAs', { agency: (agency || mine[0] || '').toUpperCase() })}</button>
    </form>
  );
}
