import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { capacityChanged, type NewRequest, type SupportKind } from '../../api/capacity';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { localName, useTranslation } from '../../i18n';
import { Link, navigate, useLeaveGuard } from '../../router';
import { useSession } from '../../session';
import { Field } from '../protection/fields';
import { TagPicker, useVocabulary } from './Tags';

/**
 * A State files a support request (R9): for which government organisation and country, what kind of support,
 * tagged by the Compacts' objectives or asylum-system needs. The server computes its channel and lead, which
 * the request's page shows.
 */
export function RequestForm() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const { user, countries } = useSession();
  const { vocabulary, kindName } = useVocabulary();
  useTitle(t('capacity.fileRequest'));
  const orgs = useQuery(queries.organisations()).data ?? [];
  // A request comes from a State: the account's government organisations are the ones it may file for.
  const mine = orgs.filter((o) => o.kind === 'government' && user?.memberships.some((m) => m.orgSlug === o.slug));
  const [f, setF] = useState({ organisation: '', country: '', kind: 'training' as SupportKind, objectives: [] as string[], needs: [] as string[], description: '' });
  const [saved, setSaved] = useState<string | null>(null);
  const file = useMutation({
    mutationFn: () => {
      const body: NewRequest = {
        ...(f.organisation || mine[0] ? { organisation: f.organisation || mine[0]!.slug } : {}), country: f.country, kind: f.kind, description: f.description.trim(),
        ...(f.objectives.length ? { objectives: f.objectives as NewRequest['objectives'] } : {}), ...(f.needs.length ? { asylumNeeds: f.needs as NewRequest['asylumNeeds'] } : {}),
      };
      return unwrap(api.POST('/api/v1/capacity/requests', { body }));
    },
    onSuccess: async (r) => { await capacityChanged.request(client, r); setSaved(r.id); },
  });
  useLeaveGuard(!saved && f.description !== '', t('concerns.leaveQuestion'));
  useEffect(() => { if (saved) navigate(`/capacity/requests/${saved}`); }, [saved]);
  const submit = (e: FormEvent) => { e.preventDefault(); file.mutate(); };
  const countryOptions = [...countries.values()].filter((c) => !c.pseudo).sort((a, b) => localName(a.names, lng).localeCompare(localName(b.names, lng), lng));
  return (
    <>
      <p className="crumbs"><Link href="/capacity?tab=requests">{t('capacity.title')}</Link></p>
      <h1>{t('capacity.fileRequest')}</h1>
      <p className="alert info">{t('capacity.requestHelp')}</p>
      {orgs.length > 0 && mine.length === 0 && <p className="alert warning" role="alert">{t('capacity.noGovernment')}</p>}
      <form className="panel narrow" onSubmit={submit} noValidate>
        <Field id="organisation" label={t('capacity.requestingState')} error={file.error}>
          {(tie) => <select {...tie} value={f.organisation || mine[0]?.slug || ''} onChange={(e) => setF({ ...f, organisation: e.target.value })}>
            {mine.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>)}
          </select>}
        </Field>
        <Field id="country" label={t('protection.country')} error={file.error}>
          {(tie) => <select {...tie} value={f.country} onChange={(e) => setF({ ...f, country: e.target.value })} required>
            <option value="">{t('common.choose')}</option>
            {countryOptions.map((c) => <option key={c.iso3} value={c.iso3}>{localName(c.names, lng)}</option>)}
          </select>}
        </Field>
        <Field id="kind" label={t('capacity.kind')} error={file.error}>
          {(tie) => <select {...tie} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as SupportKind })}>
            {(vocabulary?.kinds ?? []).map((k) => <option key={k.code} value={k.code}>{kindName(k.code)}</option>)}
          </select>}
        </Field>
        <TagPicker objectives={f.objectives} needs={f.needs} onChange={(v) => setF({ ...f, objectives: v.objectives, needs: v.needs })} />
        <Field id="description" label={`${t('capacity.description')} (${t('common.required')})`} error={file.error}>
          {(tie) => <textarea {...tie} rows={4} value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} required dir="auto" />}
        </Field>
        <ErrorMessage error={file.error} />
        <button type="submit" className="primary" disabled={file.isPending || !f.country}>{t('capacity.fileButton')}</button>
      </form>
    </>
  );
}
