import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { capacityChanged, type ClustersBody, type Displacement, type Hazard } from '../../api/capacity';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/feedback';
import { useTranslation } from '../../i18n';
import { useVocabulary } from '../capacity/Tags';

type Row = ClustersBody['clusters'][number];

/**
 * Records the cluster arrangement (the list replaces the one before) and, for a disaster, the PDD flag. Lead and
 * co-lead are any organisation; which of IOM and UNHCR take part is ticked per cluster (a lead or co-lead always
 * does): the arrangement is the agencies' record, never assumed.
 */
export function DisplacementForm({ d, slug, kind, onDone }: { d: Displacement; slug: string; kind: string; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { vocabulary, clusterName, hazardName } = useVocabulary();
  const orgs = useQuery(queries.organisations()).data ?? [];
  const [rows, setRows] = useState<Row[]>(d.clusters.map((c) => ({ cluster: c.cluster, lead: c.lead.slug, ...(c.coLead ? { coLead: c.coLead.slug } : {}), engaged: c.engaged })));
  const [note, setNote] = useState(d.note ?? '');
  const [pdd, setPdd] = useState({ pdd: d.disaster?.pdd ?? true, hazard: (d.disaster?.hazard ?? 'flood'), startDate: d.disaster?.startDate ?? '', endDate: d.disaster?.endDate ?? '' });
  const save = useMutation({
    mutationFn: async () => {
      let answer = await unwrap(api.PUT('/api/v1/situations/{ref}/clusters', { params: { path: { ref: slug } }, body: { clusters: rows, note: note.trim() } }));
      if (kind === 'disaster' && pdd.startDate) {
        answer = await unwrap(api.PUT('/api/v1/situations/{ref}/disaster', {
          params: { path: { ref: slug } }, body: { pdd: pdd.pdd, hazard: pdd.hazard, startDate: pdd.startDate, ...(pdd.endDate ? { endDate: pdd.endDate } : {}) },
        }));
      }
      return answer;
    },
    onSuccess: (answer) => { capacityChanged.displacement(client, slug, answer); onDone(); },
  });
  const unused = (vocabulary?.clusters ?? []).filter((c) => !rows.some((r) => r.cluster === c.code));
  const put = (i: number, change: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  const orgOptions = orgs.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>);
  return (
    <form onSubmit={submit} data-testid="displacement-form">
      {rows.map((r, i) => (
        <fieldset key={r.cluster} className="cluster-row">
          <legend>{clusterName(r.cluster)}</legend>
          <div className="field">
            <label htmlFor={`lead-${r.cluster}`}>{t('displacement.lead')}</label>
            <select id={`lead-${r.cluster}`} value={r.lead} onChange={(e) => put(i, { lead: e.target.value })}>{orgOptions}</select>
          </div>
          <div className="field">
            <label htmlFor={`colead-${r.cluster}`}>{t('displacement.coLead')}</label>
            <select id={`colead-${r.cluster}`} value={r.coLead ?? ''} onChange={(e) => put(i, { coLead: e.target.value || undefined })}>
              <option value="">{t('displacement.none')}</option>{orgOptions}
            </select>
          </div>
          {(['iom', 'unhcr'] as const).map((a) => (
            <label key={a} className="inline-check">
              <input type="checkbox" checked={(r.engaged ?? []).includes(a)}
                onChange={(e) => put(i, { engaged: e.target.checked ? [...(r.engaged ?? []), a] : (r.engaged ?? []).filter((x) => x !== a) })} />
              {' '}{t('displacement.agencyEngaged', { agency: a.toUpperCase() })}
            </label>
          ))}
          <p><button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t('displacement.remove', { cluster: clusterName(r.cluster) })}</button></p>
        </fieldset>
      ))}
      {unused.length > 0 && (
        <div className="field">
          <label htmlFor="add-cluster">{t('displacement.addCluster')}</label>
          <select id="add-cluster" value="" onChange={(e) => { if (e.target.value) setRows([...rows, { cluster: e.target.value as Row['cluster'], lead: 'unhcr', engaged: [] }]); }}>
            <option value="">{t('common.choose')}</option>
            {unused.map((c) => <option key={c.code} value={c.code}>{clusterName(c.code)}</option>)}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="displacement-note">{t('capacity.note')}</label>
        <textarea id="displacement-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} dir="auto" />
      </div>
      {kind === 'disaster' && (
        <fieldset>
          <legend>{t('displacement.pdd')}</legend>
          <label className="inline-check"><input type="checkbox" checked={pdd.pdd} onChange={(e) => setPdd({ ...pdd, pdd: e.target.checked })} /> {t('displacement.pddFlag')}</label>
          <div className="field">
            <label htmlFor="hazard">{t('displacement.hazard')}</label>
            <select id="hazard" value={pdd.hazard} onChange={(e) => setPdd({ ...pdd, hazard: e.target.value as Hazard })}>
              {(vocabulary?.hazards ?? []).map((h) => <option key={h.code} value={h.code}>{hazardName(h.code)}</option>)}
            </select>
          </div>
          <div className="field"><label htmlFor="pdd-start">{t('displacement.start')}</label><input id="pdd-start" type="date" value={pdd.startDate} onChange={(e) => setPdd({ ...pdd, startDate: e.target.value })} /></div>
          <div className="field"><label htmlFor="pdd-end">{t('displacement.end')}</label><input id="pdd-end" type="date" value={pdd.endDate} onChange={(e) => setPdd({ ...pdd, endDate: e.target.value })} /></div>
        </fieldset>
      )}
      <ErrorMessage error={save.error} />
      <p className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>{t('displacement.save')}</button>
        <button type="button" onClick={onDone}>{t('common.cancel')}</button>
      </p>
    </form>
  );
}
