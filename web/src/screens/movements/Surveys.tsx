import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../i18n';
import { SurveyAggregates } from './SurveyAggregates';
import { SurveyForm } from './SurveyForm';
import { SurveyList } from './SurveyList';
import { surveyQueries } from './surveys.api';

/**
 * Flow Monitoring Surveys: the aggregates for everyone; for the organisations that run surveys, their own
 * responses and (for who may record) the enumerator's form. Whether the account may read or record is the
 * server's answer, never a role rule restated here.
 */
export function Surveys() {
  const { t } = useTranslation();
  // An account that may read no response is refused: it sees the aggregates only.
  const own = useQuery(surveyQueries.list(0));
  return (
    <section aria-labelledby="surveys-heading" className="surveys">
      <h2 id="surveys-heading">{t('surveys.title')}</h2>
      <p className="alert info" data-testid="survey-note">{t('surveys.note')}</p>
      <SurveyAggregates />
      {own.data?.can.record && <SurveyForm />}
      {own.data && <SurveyList page={own.data} />}
    </section>
  );
}
