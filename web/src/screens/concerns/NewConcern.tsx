import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { concernsChanged, SEVERITIES, SUBJECT_KINDS, type NewConcern as Body, type Severity, type SubjectKind } from '../../api/concerns';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { useTranslation } from '../../i18n';
import { Link, navigate, useLeaveGuard, useLocation } from '../../router';
import { Checks, Field } from '../protection/fields';

/**
 * Raises an issue of concern (R11): what it is, in a line and in full, how severe (which sets each level's
 * deadline), the organisations it concerns besides IOM, UNHCR and the raiser's own (always concerned), and
 * optionally what it is about. It starts at the country level.
 */
export function NewConcern() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { query } = useLocation();
  useTitle(t('concerns.raise'));
  const orgs = useQuery(queries.organisations()).data ?? [];
  const askedKind = query.get('about') as SubjectKind | null;
  const [f, setF] = useState({
    subject: '', description: '', severity: 'medium' as Severity, agencies: [] as string[],
    kind: (askedKind && SUBJECT_KINDS.includes(askedKind) ? askedKind : 'none'), ref: query.get('ref') ?? '',
  });
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const body: Body = {
        subject: f.subject.trim(), description: f.description.trim(), severity: f.severity,
        ...(f.agencies.length ? { agencies: f.agencies } : {}),
        ...(f.kind !== 'none' ? { about: { kind: f.kind, ...(f.ref.trim() ? { ref: f.ref.trim() } : {}) } } : {}),
      };
      return unwrap(api.POST('/api/v1/concerns', { body }));
    },
    onSuccess: async (c) => { await concernsChanged.concern(client, c); setSaved(c.id); },
  });
  useLeaveGuard(!saved && (f.subject !== '' || f.description !== ''), t('concerns.leaveQuestion'));
  useEffect(() => { if (saved) navigate(`/concerns/${saved}`); }, [saved]);
  const set = (k: 'subject' | 'description' | 'severity' | 'kind' | 'ref') => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  const others = orgs.filter((o) => o.slug !== 'iom' && o.slug !== 'unhcr');
  return (
    <>
      <p className="crumbs"><Link href="/concerns">{t('concerns.title')}</Link></p>
      <h1>{t('concerns.raise')}</h1>
      <p className="alert info">{t('concerns.raiseHelp')}</p>
      <form className="panel narrow" onSubmit={submit} noValidate>
        <Field id="subject" label={`${t('concerns.subject')} (${t('common.required')})`} error={save.error}>
          {(tie) => <input {...tie} value={f.subject} onChange={set('subject')} maxLength={200} required dir="auto" />}
        </Field>
        <Field id="description" label={`${t('concerns.description')} (${t('common.required')})`} error={save.error}>
          {(tie) => <textarea {...tie} rows={5} value={f.description} onChange={set('description')} required dir="auto" />}
        </Field>
        <Field id="severity" label={t('concerns.severity')} help={t('concerns.severityHelp')} error={save.error}>
          {(tie) => <select {...tie} value={f.severity} onChange={set('severity')}>{SEVERITIES.map((s) => <option key={s} value={s}>{t(`severity.${s}`)}</option>)}</select>}
        </Field>
        <Checks legend={t('concerns.agencies')} name="agencies" codes={others.map((o) => o.slug)} chosen={f.agencies}
          label={(slug) => others.find((o) => o.slug === slug)?.name ?? slug} onChange={(v) => setF({ ...f, agencies: v })} />
        <p className="muted small">{t('concerns.agenciesHelp')}</p>
        <Field id="about.kind" label={t('concerns.subjectKind')} error={save.error}>
          {(tie) => <select {...tie} value={f.kind} onChange={set('kind')}>{SUBJECT_KINDS.map((k) => <option key={k} value={k}>{t(`concernAbout.${k}`)}</option>)}</select>}
        </Field>
        {f.kind !== 'none' && (
          <Field id="about.ref" label={t('concerns.subjectRef')} help={t('concerns.subjectRefHelp')} error={save.error}>
            {(tie) => <input {...tie} value={f.ref} onChange={set('ref')} dir="ltr" />}
          </Field>
        )}
        <ErrorMessage error={save.error} />
        <button type="submit" className="primary" disabled={save.isPending}>{t('concerns.raiseButton')}</button>
      </form>
    </>
  );
}
