import type { Recommendation, Summary } from '../../api/client';
import { ARRANGEMENT_COLOURS } from '../../arrangements';
import { TableWrap } from '../../components/TableWrap';
import { Warnings } from '../../components/Warnings';
import { formatDate, formatNumber, formatPercent, useTranslation } from '../../i18n';
import { useNames } from '../../names';
import { populationColour } from '../../populations';

/**
 * The recommendation (R2): its arrangement and whether it is provisional, the share against both bounds as
 * numbers (UNHCR leads at or above θ, IOM at or below 1 − θ), P and M at their reference date, and its warnings
 * in the reader's language.
 */
export function RecommendationPanel({ rec }: { rec: Recommendation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <section aria-labelledby="rec-heading" className={`panel${rec.provisional ? ' provisional' : ''}`} data-testid="recommendation">
      <h2 id="rec-heading">{t('recommendation.title')}</h2>
      <p className="big">
        <span className="badge" style={{ background: ARRANGEMENT_COLOURS[rec.arrangement] }}>{t(`arrangement.${rec.arrangement}`)}</span>
        {rec.provisional && <> <span className="provisional-label inline" data-testid="provisional">{t('recommendation.provisional')}</span></>}
      </p>
      <p>{t(`arrangementDescription.${rec.arrangement}`)}</p>
      <dl className="facts">
        <dt>{t('recommendation.share')}</dt><dd data-testid="share">{formatPercent(rec.share, lng)}</dd>
        <dt>{t('recommendation.upperBound')}</dt><dd data-testid="upper-bound">{formatPercent(rec.threshold, lng)}</dd>
        <dt>{t('recommendation.lowerBound')}</dt><dd data-testid="lower-bound">{formatPercent(1 - rec.threshold, lng)}</dd>
        <dt>{t('recommendation.protection')}</dt><dd>{formatNumber(rec.protection, lng)}</dd>
        <dt>{t('recommendation.migrants')}</dt><dd>{formatNumber(rec.migrants, lng)}</dd>
        {rec.referenceDate && <><dt>{t('recommendation.referenceDate')}</dt><dd><bdi>{formatDate(rec.referenceDate, lng)}</bdi></dd></>}
        {rec.internal > 0 && <><dt>{t('recommendation.internal')}</dt><dd>{formatNumber(rec.internal, lng)}</dd></>}
        <dt>{t('recommendation.lead')}</dt>
        <dd>{rec.lead.coLeads.length > 0 ? t('recommendation.coLeads', { agencies: rec.lead.coLeads.join(' + ') }) : [rec.lead.lead, rec.lead.support && t('recommendation.support', { agency: rec.lead.support })].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t('recommendation.asOf')}</dt><dd><bdi>{formatDate(rec.asOf, lng)}</bdi> · {t('recommendation.policy', { version: rec.policyVersion })}</dd>
      </dl>
      <p className="muted small">{t('recommendation.bounds', { upper: formatPercent(rec.threshold, lng), lower: formatPercent(1 - rec.threshold, lng) })}</p>
      <Warnings warnings={rec.warnings} heading={t('recommendation.warnings')} />
    </section>
  );
}

/** Both agencies' populations of concern (R4), each type by name with its dataset's name and date. */
export function AgenciesPanel({ summary }: { summary: Summary }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const lng = i18n.language;
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
                  <li key={i}>
                    <span className="swatch" style={{ background: populationColour(e.type) }} aria-hidden="true" />
                    {names.type(e.type)}: {formatNumber(e.value, lng)}{' '}
                    <span className="muted small">(<bdi>{names.dataset(e.source)}</bdi>, <bdi>{formatDate(e.date, lng)}</bdi>{e.derived ? `, ${t('situation.derived')}` : ''})</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}

type Input = Recommendation['inputs'][number];

/** The figures the recommendation read, by type and dataset name; those that give zero are listed apart. */
export function InputsTable({ rec }: { rec: Recommendation }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const lng = i18n.language;
  const counted = rec.inputs.filter((i) => i.value !== 0);
  const zero = rec.inputs.filter((i) => i.value === 0);
  const dates = (i: Input) => (i.oldestDate === i.newestDate ? formatDate(i.newestDate, lng) : `${formatDate(i.oldestDate, lng)} – ${formatDate(i.newestDate, lng)}`);
  return (
    <section aria-labelledby="inputs-heading">
      <h2 id="inputs-heading">{t('recommendation.inputs')}</h2>
      <TableWrap label={t('recommendation.inputs')}>
        <table data-testid="inputs">
          <thead>
            <tr>
              <th scope="col">{t('figures.type')}</th><th scope="col" className="num">{t('figures.value')}</th>
              <th scope="col">{t('figures.source')}</th><th scope="col">{t('figures.dataset')}</th>
              <th scope="col">{t('figures.date')}</th><th scope="col">{t('recommendation.role')}</th>
            </tr>
          </thead>
          <tbody>
            {counted.map((i) => (
              <tr key={`${i.type}|${i.sourceDataset}`}>
                <td><span className="swatch" style={{ background: populationColour(i.type) }} aria-hidden="true" />{names.type(i.type)}</td>
                <td className="num">{formatNumber(i.value, lng)}{i.atReference && i.atReference.value !== i.value && (
                  <><br /><span className="small muted">{t('recommendation.atReference', { value: formatNumber(i.atReference.value, lng), date: formatDate(i.atReference.date, lng) })}</span></>
                )}</td>
                <td>{names.org(i.sourceOrg)}</td>
                <td title={i.sourceDataset}><bdi>{names.dataset(i.sourceDataset)}</bdi></td>
                <td><bdi>{dates(i)}</bdi></td>
                <td>{t(`role.${i.role}`, { defaultValue: i.role })}{i.methodFlags.length > 0 && <><br /><span className="small muted">{i.methodFlags.map((f) => t(`methodFlag.${f}`, { defaultValue: f })).join(', ')}</span></>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {zero.length > 0 && (
        <div data-testid="zero-inputs">
          <h3>{t('recommendation.zeroInputs')}</h3>
          <ul className="plain">
            {zero.map((i) => <li key={`${i.type}|${i.sourceDataset}`}>{names.type(i.type)} · <bdi>{names.dataset(i.sourceDataset)}</bdi> · <bdi>{dates(i)}</bdi></li>)}
          </ul>
        </div>
      )}
    </section>
  );
}
