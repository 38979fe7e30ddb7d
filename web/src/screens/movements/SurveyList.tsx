import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
import { TableWrap } from '../../components/TableWrap';
import { formatDate, useTranslation } from '../../i18n';
import { SURVEY_PAGE, surveyQueries, surveysChanged, withdrawConsent, type Survey, type SurveyPage } from './surveys.api';
import { useMovementWords } from './words';

/**
 * The organisation's own responses, the latest first: coded answers for its staff who may read them, personal
 * fields only for its case handlers, and withdrawal of consent (which erases the response's answers at once).
 */
export function SurveyList({ page }: { page: SurveyPage }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [offset, setOffset] = useState(0);
  const q = useQuery({ ...surveyQueries.list(offset), initialData: offset === 0 ? page : undefined });
  const d = q.data;
  const caption = t('surveys.listCaption');
  return (
    <section aria-labelledby="survey-list-heading">
      <h3 id="survey-list-heading">{t('surveys.own')}</h3>
      <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />
      {!d && !q.error && <Loading />}
      {d && d.total === 0 && <p className="muted" data-testid="no-surveys">{t('surveys.none')}</p>}
      {d && d.total > 0 && (
        <>
          <TableWrap label={caption}>
            <table data-testid="survey-table">
              <caption>{caption}</caption>
              <thead><tr>
                <th scope="col">{t('surveys.field.date')}</th>
                <th scope="col">{t('surveys.field.point')}</th>
                <th scope="col">{t('surveys.answers')}</th>
                <th scope="col">{t('surveys.personal')}</th>
                <th scope="col">{t('surveys.retainUntil')}</th>
                <th scope="col"><span className="visually-hidden">{t('surveys.actions')}</span></th>
              </tr></thead>
              <tbody>{d.items.map((s) => <Row key={s.id} s={s} lng={lng} />)}</tbody>
            </table>
          </TableWrap>
          <Pager label={t('surveys.own')} offset={offset} page={SURVEY_PAGE} shown={d.items.length} total={d.total} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}

function Row({ s, lng }: { s: Survey; lng: string }) {
  const { t } = useTranslation();
  const words = useMovementWords();
  const client = useQueryClient();
  const withdraw = useMutation({ mutationFn: () => withdrawConsent(s.id), onSuccess: () => surveysChanged(client) });
  const a = s.answers;
  const p = s.personal;
  return (
    <tr data-survey={s.id}>
      <td>{formatDate(s.date, lng)}{s.synthetic && <> <span className="tag synthetic" data-testid="synthetic">{t('surveys.synthetic')}</span></>}</td>
      <td>{s.point.name}</td>
      <td>{a
        ? [words.country(a.nationality ?? ''), a.sex && t(`surveys.sex.${a.sex}`), a.ageBand && t(`surveys.ageBand.${a.ageBand}`), a.reason && t(`surveys.reason.${a.reason}`),
          `→ ${words.country(a.destination ?? '')}`].filter(Boolean).join(' · ')
        : <span className="muted">{t('surveys.withdrawn')}</span>}</td>
      <td>{p
        ? [p.name, p.contact].filter(Boolean).join(' · ') || '—'
        : <span className="muted">{s.personalErased ? t('surveys.erased') : t('surveys.notShown')}</span>}</td>
      <td>{formatDate(s.retainUntil, lng)}</td>
      <td>
        {s.can.withdraw && (
          <button type="button" onClick={() => { if (window.confirm(t('surveys.withdrawConfirm'))) withdraw.mutate(); }} disabled={withdraw.isPending}>
            {t('surveys.withdraw')}
          </button>
        )}
        <ErrorMessage error={withdraw.error} />
      </td>
    </tr>
  );
}
