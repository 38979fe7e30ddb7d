import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createPoint, movementsChanged, POINT_KINDS, type NewPoint, type PointKind } from '../../api/movements';
import { ErrorMessage } from '../../components/feedback';
import { localName, useTranslation } from '../../i18n';
import { useLeaveGuard } from '../../router';
import { useSession } from '../../session';
import { Field } from './fields';

const EMPTY = { code: '', name: '', country: '', kind: 'border_crossing' as PointKind, lat: '', lon: '', asOrg: '' };

/** Adds a flow-monitoring point of the account's organisation: its code (a P-code or the agency's), name, country, type and, for the map, coordinates. */
export function PointForm() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { user, countries } = useSession();
  const orgs = [...new Set((user?.memberships ?? []).map((m) => m.orgSlug))].sort();
  const [f, setF] = useState(EMPTY);
  const [added, setAdded] = useState<string | null>(null);
  const list = [...countries.values()].map((c) => ({ iso3: c.iso3, name: localName(c.names, i18n.language) })).sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  const save = useMutation({
    mutationFn: () => {
      const num = (s: string) => (s.trim() === '' ? undefined : Number(s.replace(',', '.')));
      const body: NewPoint = {
        code: f.code, name: f.name, country: f.country, kind: f.kind, lat: num(f.lat), lon: num(f.lon), ...(f.asOrg ? { asOrg: f.asOrg } : {}),
      };
      return createPoint(body);
    },
    onSuccess: async (p) => { await movementsChanged.flows(client); setAdded(p.name); setF(EMPTY); },
  });
  useLeaveGuard(f.code !== '' || f.name !== '', t('movements.leaveQuestion'));
  const submit = (e: FormEvent) => { e.preventDefault(); setAdded(null); save.mutate(); };
  const err = save.error;
  return (
    <form className="panel narrow movement-form" onSubmit={submit} noValidate aria-labelledby="new-point-heading">
      <h3 id="new-point-heading">{t('movements.addPoint')}</h3>
      <p className="muted small">{t('movements.addPointHelp')}</p>
      {orgs.length > 1 && (
        <Field id="np-org" name="asOrg" label={t('movements.organisation')} error={err}>
          {(tie) => <select {...tie} value={f.asOrg} onChange={(e) => setF({ ...f, asOrg: e.target.value })}>
            <option value="">{t('common.choose')}</option>
            {orgs.map((o) => <option key={o} value={o}>{o.toUpperCase()}</option>)}
          </select>}
        </Field>
      )}
      <Field id="np-code" name="code" label={`${t('movements.pointCode')} (${t('common.required')})`} error={err} help={t('movements.pointCodeHelp')}>
        {(tie) => <input {...tie} value={f.code} onChange={(e) => setF({ ...f, code: e.target.value })} required dir="ltr" autoComplete="off" />}
      </Field>
      <Field id="np-name" name="name" label={`${t('movements.pointName')} (${t('common.required')})`} error={err}>
        {(tie) => <input {...tie} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required dir="auto" autoComplete="off" />}
      </Field>
      <Field id="np-country" name="country" label={`${t('movements.pointCountry')} (${t('common.required')})`} error={err}>
        {(tie) => <select {...tie} value={f.country} onChange={(e) => setF({ ...f, country: e.target.value })} required>
          <option value="">{t('common.choose')}</option>
          {list.map((c) => <option key={c.iso3} value={c.iso3}>{c.name}</option>)}
        </select>}
      </Field>
      <Field id="np-kind" name="kind" label={t('movements.pointKind')} error={err}>
        {(tie) => <select {...tie} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as PointKind })}>
          {POINT_KINDS.map((k) => <option key={k} value={k}>{t(`movements.kind.${k}`)}</option>)}
        </select>}
      </Field>
      <Field id="np-lat" name="lat" label={t('movements.latitude')} error={err} help={t('movements.coordinatesHelp')}>
        {(tie) => <input {...tie} value={f.lat} onChange={(e) => setF({ ...f, lat: e.target.value })} inputMode="decimal" dir="ltr" autoComplete="off" />}
      </Field>
      <Field id="np-lon" name="lon" label={t('movements.longitude')} error={err}>
        {(tie) => <input {...tie} value={f.lon} onChange={(e) => setF({ ...f, lon: e.target.value })} inputMode="decimal" dir="ltr" autoComplete="off" />}
      </Field>
      <ErrorMessage error={err} />
      <button type="submit" className="primary" disabled={save.isPending}>{t('movements.savePoint')}</button>
      {added && <p role="status" className="alert success" data-testid="point-added">{t('movements.pointAdded', { name: added })}</p>}
    </form>
  );
}
