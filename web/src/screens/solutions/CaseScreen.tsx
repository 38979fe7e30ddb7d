import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { DROP_REASONS, solutionsChanged, solutionsQueries, STAGES, type DropReason, type PipelineCase } from '../../api/solutions';
import { ErrorMessage, Loading } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { useTitle } from '../../hooks';
import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useCountryName } from '../../session';
import { Field, SyntheticTag, useActorName } from './fields';

/**
 * One resettlement or pathway case: its stage, the party responsible for it and the days it has been there,
 * its stage history, and — only when the server says the account's organisation is that party — "move to the
 * next stage". The head of household's personal fields show only when the policy gives them (UNHCR's case handlers).
 */
export function CaseScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const country = useCountryName();
  const client = useQueryClient();
  const actor = useActorName();
  const query = useQuery(solutionsQueries.case(id));
  const c = query.data;
  useTitle(t('solutions.case.title'));
  const advance = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/pipeline/cases/{id}/advance', { params: { path: { id } } })),
    onSuccess: (answer) => solutionsChanged.case(client, answer),
  });
  if (query.error) return <><h1>{t('solutions.case.title')}</h1><ErrorMessage error={query.error} onRetry={() => void query.refetch()} /></>;
  if (!c) return <Loading />;
  const next = STAGES[STAGES.indexOf(c.stage) + 1];
  return (
    <>
      <p className="crumbs"><Link href="/solutions/pipeline">{t('solutions.pipeline.title')}</Link></p>
      <h1>{t('solutions.pipeline.caseRef', { ref: c.id.slice(-8) })} <SyntheticTag synthetic={c.synthetic} /></h1>
      <p className="big" data-testid="case-stage">
        {c.status === 'active'
          ? t('solutions.case.at', { stage: t(`solutions.stage.${c.stage}`), party: t(`solutions.party.${c.responsible}`), days: t('solutions.days', { count: c.daysInStage, n: formatNumber(c.daysInStage, lng) }) })
          : t(`solutions.caseStatus.${c.status}`)}
      </p>
      <dl className="facts">
        <dt>{t('solutions.strategy.pathway')}</dt><dd>{t(`solutions.pathway.${c.pathway}`)}</dd>
        <dt>{t('solutions.case.asylum')}</dt><dd>{country(c.asylumCountry, lng)}</dd>
        <dt>{t('solutions.pipeline.receiving')}</dt><dd>{country(c.receivingCountry, lng)} (<bdi>{c.receivingState.name}</bdi>)</dd>
        <dt>{t('solutions.pipeline.household')}</dt><dd>{formatNumber(c.householdSize, lng)}</dd>
        {c.dropReason && <><dt>{t('solutions.pipeline.reason')}</dt><dd>{t(`solutions.dropReason.${c.dropReason}`, { defaultValue: c.dropReason })}</dd></>}
      </dl>
      {c.head ? (
        <section aria-labelledby="head-heading" className="panel" data-testid="case-head">
          <h2 id="head-heading" className="h3">{t('solutions.case.head')}</h2>
          <p className="muted small">{t('solutions.case.headHelp')}</p>
          <dl className="facts">
            <dt>{t('solutions.case.name')}</dt><dd><bdi>{c.head.givenName} {c.head.familyName}</bdi></dd>
            <dt>{t('solutions.case.birthDate')}</dt><dd>{formatDate(c.head.birthDate, lng)}</dd>
            <dt>{t('solutions.case.nationality')}</dt><dd>{country(c.head.nationality, lng)}</dd>
          </dl>
        </section>
      ) : <p className="muted small" data-testid="case-no-head">{t('solutions.case.noHead')}</p>}
      <section aria-labelledby="move-heading">
        <h2 id="move-heading">{t('solutions.case.move')}</h2>
        <ErrorMessage error={advance.error} />
        {c.can.advance ? (
          <div className="actions">
            <button type="button" className="primary" disabled={advance.isPending} onClick={() => advance.mutate()}>
              {next ? t('solutions.case.advanceTo', { stage: t(`solutions.stage.${next}`) }) : t('solutions.case.arrived')}
            </button>
          </div>
        ) : c.status === 'active' && <p className="muted" data-testid="not-responsible">{t('solutions.case.notYours', { party: t(`solutions.party.${c.responsible}`), stage: t(`solutions.stage.${c.stage}`) })}</p>}
        {c.can.drop && <DropForm c={c} />}
      </section>
      <h2>{t('solutions.case.history')}</h2>
      <TableWrap label={t('solutions.case.history')}>
        <table data-testid="case-history">
          <caption>{t('solutions.case.historyCaption')}</caption>
          <thead><tr><th scope="col">{t('solutions.pipeline.stageLabel')}</th><th scope="col">{t('solutions.case.entered')}</th><th scope="col">{t('solutions.case.left')}</th>
            <th scope="col" className="num">{t('solutions.case.days')}</th><th scope="col">{t('solutions.case.movedBy')}</th></tr></thead>
          <tbody>{c.history.map((h) => (
            <tr key={`${h.stage}-${h.enteredAt}`}>
              <th scope="row">{t(`solutions.stage.${h.stage}`)}</th><td>{formatDate(h.enteredAt, lng)}</td><td>{formatDate(h.leftAt, lng)}</td>
              <td className="num">{h.days === null ? '—' : formatNumber(h.days, lng)}</td><td>{h.movedBy ? <bdi>{actor(h.movedBy)}</bdi> : '—'}</td>
            </tr>
          ))}</tbody>
        </table>
      </TableWrap>
    </>
  );
}

/** A drop-out at the current stage, with its reason (the stage's party, or UNHCR). */
function DropForm({ c }: { c: PipelineCase }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState<DropReason>('withdrew');
  const drop = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/pipeline/cases/{id}/drop', { params: { path: { id: c.id } }, body: { reason } })),
    onSuccess: (answer) => solutionsChanged.case(client, answer),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); drop.mutate(); };
  return (
    <details>
      <summary>{t('solutions.case.drop')}</summary>
      <form onSubmit={submit} className="narrow" noValidate>
        <Field id="drop-reason" name="reason" label={t('solutions.pipeline.reason')} error={drop.error}>
          {(tie) => <select {...tie} value={reason} onChange={(e) => setReason(e.target.value as DropReason)}>
            {DROP_REASONS.map((r) => <option key={r} value={r}>{t(`solutions.dropReason.${r}`)}</option>)}
          </select>}
        </Field>
        <ErrorMessage error={drop.error} />
        <button type="submit" disabled={drop.isPending}>{t('solutions.case.dropSave')}</button>
      </form>
    </details>
  );
}
