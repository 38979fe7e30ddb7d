import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { capacityQueries, type Displacement } from '../../api/capacity';
import { ErrorMessage, Loading } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { formatDate, useTranslation } from '../../i18n';
import { useVocabulary } from '../capacity/Tags';
import { DisplacementForm } from './DisplacementForm';

/**
 * Internal and disaster displacement (R8): the clusters activated with their lead and co-lead, which agency takes
 * part in what, and for a disaster the Platform on Disaster Displacement flag with the hazard and dates. Read by
 * signed-in accounts (a visitor's page does not ask); edited by those the server allows (`can.update`).
 */
export function DisplacementPanel({ slug, kind }: { slug: string; kind: string }) {
  const { t } = useTranslation();
  const q = useQuery(capacityQueries.displacement(slug));
  const [editing, setEditing] = useState(false);
  const d = q.data;
  return (
    <section aria-labelledby="displacement-heading" className="panel" data-testid="displacement">
      <h2 id="displacement-heading">{t('displacement.title')}</h2>
      <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />
      {!d && !q.error && <Loading />}
      {d && (editing ? <DisplacementForm d={d} slug={slug} kind={kind} onDone={() => setEditing(false)} /> : (
        <>
          <Arrangement d={d} kind={kind} />
          {d.can.update && <p><button type="button" onClick={() => setEditing(true)}>{t('displacement.edit')}</button></p>}
        </>
      ))}
    </section>
  );
}

function Arrangement({ d, kind }: { d: Displacement; kind: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { clusterName, hazardName } = useVocabulary();
  return (
    <>
      {d.clusters.length === 0 ? <p className="muted">{t('displacement.noClusters')}</p> : (
        <TableWrap label={t('displacement.clusters')}>
          <table data-testid="clusters">
            <caption>{t('displacement.clusters')}</caption>
            <thead><tr>
              <th scope="col">{t('displacement.cluster')}</th><th scope="col">{t('displacement.lead')}</th><th scope="col">{t('displacement.coLead')}</th><th scope="col">{t('displacement.engaged')}</th>
            </tr></thead>
            <tbody>{d.clusters.map((c) => (
              <tr key={c.cluster}>
                <th scope="row">{clusterName(c.cluster)}</th><td>{c.lead.name}</td><td>{c.coLead?.name ?? '—'}</td>
                <td>{c.engaged.map((a) => a.toUpperCase()).join(', ') || '—'}</td>
              </tr>
            ))}</tbody>
          </table>
        </TableWrap>
      )}
      {d.clusters.length > 0 && (
        <ul className="plain" data-testid="agency-engagement">
          {(['iom', 'unhcr'] as const).map((a) => (
            <li key={a}><strong>{a.toUpperCase()}</strong>: {d.agencies[a].length ? d.agencies[a].map(clusterName).join(', ') : t('displacement.none')}</li>
          ))}
        </ul>
      )}
      {kind === 'disaster' && (
        <p data-testid="pdd">{d.disaster
          ? t(d.disaster.pdd ? 'displacement.pddFlagged' : 'displacement.pddNotFlagged', {
            hazard: hazardName(d.disaster.hazard), start: formatDate(d.disaster.startDate, lng), end: d.disaster.endDate ? formatDate(d.disaster.endDate, lng) : t('displacement.ongoing'),
          })
          : t('displacement.noDisaster')}</p>
      )}
      {d.note && <p className="small" dir="auto">{d.note}</p>}
      {d.updatedAt && <p className="small muted">{t('displacement.updated', { date: formatDate(d.updatedAt, lng) })}</p>}
    </>
  );
}
