import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type Activity, type Plan, type Report, type ReportCell } from '../../api/client';
import { changed } from '../../api/queries';
import { POPULATION_GROUPS, type AGES, type SEXES } from '../../api/values';
import { ErrorMessage } from '../../components/feedback';
import { formatNumber, useTranslation } from '../../i18n';
import { parseCount, type ParsedCount } from '../../numbers';
import { useLeaveGuard } from '../../router';

type Field = 'reached' | 'newReached';
type Group = (typeof POPULATION_GROUPS)[number];
type Sex = (typeof SEXES)[number];
type Age = (typeof AGES)[number];
/** How the platform counts: its sexes and age bands (the cells), and whether transit people are times assisted. */
type Counting = Plan['counting'];
const cellKey = (group: string, sex: string, age: string, field: Field) => `${group}|${sex}|${age}|${field}`;

/** The form's values from a saved report: people reached (or services, for an activity counted in services) and new people. */
function valuesOf(report: Report | undefined, services: boolean, lng: string): Record<string, string> {
  const values: Record<string, string> = {};
  const show = (n: number) => (n === 0 ? '' : new Intl.NumberFormat(lng, { useGrouping: false }).format(n));
  for (const r of report?.rows ?? []) {
    values[cellKey(r.group, r.sex, r.age, 'reached')] = show(services ? r.services ?? 0 : r.reached);
    values[cellKey(r.group, r.sex, r.age, 'newReached')] = show(r.newReached);
  }
  return values;
}

/** Whether two sets of cells hold the same numbers ("" and "0", "1200" and "1,200" are the same; a wrong cell is a change). */
const sameValues = (a: Record<string, string>, b: Record<string, string>, lng: string) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => {
    const x = parseCount(a[k] ?? '', lng);
    const y = parseCount(b[k] ?? '', lng);
    return x.ok && y.ok ? x.value === y.value : (a[k] ?? '').trim() === (b[k] ?? '').trim();
  });
};

/**
 * One activity's report for one month: per population group, people reached and new people by the platform's
 * sexes and age bands, with totals per row and column. It opens with what is stored. Each cell is read in the
 * reader's language ("1,200", "1.200", "1 200") or refused on the cell, never sent as 0. It can be saved or submitted while the
 * report's own `can.update` says so (or, for a month not reported yet, the activity's `can.report`); a
 * validated report or a closed month is read-only. Leaving with unsaved numbers asks first.
 */
export function ReportForm({ planId, counting, activity, month, report, locked, onDirty, onSaved }: {
  planId: string; counting: Counting; activity: Activity; month: string; report: Report | undefined; locked: boolean;
  onDirty: (dirty: boolean) => void; onSaved: (status: Report['status']) => void;
}) {
  const sexes: readonly Sex[] = counting.sexes;
  const ages: readonly Age[] = counting.ages;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const services = activity.unit === 'services';
  // The groups the activity targets (and any the saved report has), in the API's order.
  const shownGroups = useMemo((): readonly Group[] => {
    const groups = POPULATION_GROUPS.filter((g) => activity.targets[g] !== undefined || report?.rows.some((r) => r.group === g));
    return groups.length ? groups : ['in_destination'];
  }, [activity, report]);
  const [initial] = useState(() => valuesOf(report, services, lng));
  const [values, setValues] = useState(initial);
  const [tried, setTried] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const editable = !locked && (report ? report.can.update : activity.can.report);
  const dirty = editable && !sameValues(values, initial, lng);
  useLeaveGuard(dirty, t('report.leaveQuestion'));
  useEffect(() => { onDirty(dirty); }, [dirty, onDirty]);

  const parsed = useMemo(() => {
    const out = new Map<string, ParsedCount>();
    for (const [k, v] of Object.entries(values)) out.set(k, parseCount(v, lng));
    return out;
  }, [values, lng]);
  const valueOf = (k: string) => { const p = parsed.get(k); return p ? (p.ok ? p.value : null) : 0; };

  // What is wrong with a cell, as the reader's language says it: not a number, or more new people than reached.
  const clientErrors = useMemo(() => {
    const errors = new Map<string, string>();
    for (const g of shownGroups) for (const s of sexes) for (const a of ages) {
      for (const f of ['reached', 'newReached'] as const) {
        const k = cellKey(g, s, a, f);
        const p = parsed.get(k);
        if (p && !p.ok) errors.set(k, t(`report.cellError.${p.reason}`, { value: values[k] ?? '' }));
      }
      const r = valueOf(cellKey(g, s, a, 'reached'));
      const n = valueOf(cellKey(g, s, a, 'newReached'));
      if (!services && r !== null && n !== null && n > r) errors.set(cellKey(g, s, a, 'newReached'), t('report.cellError.newTooHigh'));
    }
    return errors;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [parsed, services, lng]);

  const cells = (): ReportCell[] => shownGroups.flatMap((group) => sexes.flatMap((sex) => ages.map((age) => {
    const reached = valueOf(cellKey(group, sex, age, 'reached')) ?? 0;
    const newReached = valueOf(cellKey(group, sex, age, 'newReached')) ?? 0;
    return { group, sex, age, reached: services ? 0 : reached, newReached, ...(services ? { services: reached } : {}) };
  })));
  const save = useMutation({
    mutationFn: (submit: boolean) => unwrap(api.PUT('/api/v1/activities/{id}/reports/{month}', { params: { path: { id: activity.id, month } }, body: { rows: cells(), submit } })),
    onSuccess: async (answer) => {
      onDirty(false);
      onSaved(answer.report.status);
      await changed.reports(client, planId);
    },
  });
  // The server's problems, on their cells: `rows[i].field` is the i-th cell sent, in the order `cells` builds them.
  const serverErrors = useMemo(() => {
    const errors = new Map<string, string>();
    if (!(save.error instanceof ApiError)) return errors;
    for (const d of save.error.details) {
      const m = /rows\[(\d+)\]\.(\w+)/.exec(d.field ?? '');
      if (!m) continue;
      const i = Number(m[1]);
      const g = shownGroups[Math.floor(i / (sexes.length * ages.length))];
      const s = sexes[Math.floor(i / ages.length) % sexes.length];
      const a = ages[i % ages.length];
      if (g && s && a) errors.set(cellKey(g, s, a, m[2] === 'newReached' ? 'newReached' : 'reached'), d.message);
    }
    return errors;
  }, [save.error, shownGroups, sexes, ages]);
  const errorOf = (k: string) => (tried || values[k] !== undefined ? clientErrors.get(k) : undefined) ?? serverErrors.get(k);

  const send = (submit: boolean) => {
    setTried(true);
    if (clientErrors.size > 0) {
      // Nothing is sent while a cell is wrong: the reader is taken to the first one.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('input[aria-invalid="true"]')?.focus());
      return;
    }
    save.mutate(submit);
  };
  const amount = services ? t('report.services') : t('report.reached');
  const label = (g: Group, s: Sex, a: Age, f: Field) => `${t(`group.${g}`)}, ${t(`sex.${s}`)} ${a}, ${f === 'reached' ? amount : t('report.new')}`;
  const sum = (keys: string[]) => {
    const vs = keys.map(valueOf);
    return vs.some((v) => v === null) ? '—' : formatNumber(vs.reduce<number>((x, v) => x + (v ?? 0), 0), lng);
  };

  const matrix = (g: Group, f: Field) => (
    <table className="cells-table">
      <caption>{f === 'reached' ? amount : t('report.new')}</caption>
      <thead>
        <tr><td />{ages.map((a) => <th scope="col" key={a}>{a}</th>)}<th scope="col" className="num">{t('report.total')}</th></tr>
      </thead>
      <tbody>
        {sexes.map((s) => (
          <tr key={s}>
            <th scope="row">{t(`sex.${s}`)}</th>
            {ages.map((a) => {
              const k = cellKey(g, s, a, f);
              const error = errorOf(k);
              const id = `err-${k.replace(/[^a-z0-9]/gi, '-')}`;
              return (
                <td key={a}>
                  <input aria-label={label(g, s, a, f)} inputMode="numeric" size={7} readOnly={!editable} aria-readonly={!editable || undefined}
                    placeholder="0" value={values[k] ?? ''} onChange={(e) => setValues({ ...values, [k]: e.target.value })}
                    aria-invalid={!!error} aria-describedby={error ? id : undefined} />
                  {error && <span id={id} className="field-error small cell-error">{error}</span>}
                </td>
              );
            })}
            <td className="num total" data-testid={`total-${g}-${f}-${s}`}>{sum(ages.map((a) => cellKey(g, s, a, f)))}</td>
          </tr>
        ))}
        <tr className="totals">
          <th scope="row">{t('report.total')}</th>
          {ages.map((a) => <td key={a} className="num total">{sum(sexes.map((s) => cellKey(g, s, a, f)))}</td>)}
          <td className="num total" data-testid={`total-${g}-${f}`}>{sum(sexes.flatMap((s) => ages.map((a) => cellKey(g, s, a, f))))}</td>
        </tr>
      </tbody>
    </table>
  );

  const wrong = tried ? clientErrors.size : 0;
  return (
    <form ref={formRef} onSubmit={(e: FormEvent) => { e.preventDefault(); send(true); }} aria-label={t('report.formTitle')} noValidate>
      <p className="muted small">{services ? t('report.servicesHelp') : t('report.help')}</p>
      {locked ? <p className="alert warning" data-testid="read-only">{t('report.locked')}</p>
        : !editable && <p className="alert info" data-testid="read-only">{report?.status === 'validated' ? t('report.validated') : t('report.readOnly')}</p>}
      {shownGroups.map((g) => (
        <fieldset key={g} className="cells">
          <legend>{t(`group.${g}`)}{g === 'in_transit' && counting.transit === 'times-assisted' ? ` — ${t('report.timesAssisted')}` : ''}</legend>
          <div className="matrices">{matrix(g, 'reached')}{matrix(g, 'newReached')}</div>
        </fieldset>
      ))}
      {wrong > 0 && <p role="alert" className="alert error" data-testid="cells-wrong">{t('report.cellsWrong', { count: wrong })}</p>}
      {save.error && serverErrors.size > 0 && <p role="alert" className="alert error">{t('report.serverCells', { count: serverErrors.size })}</p>}
      {save.error && serverErrors.size === 0 && <ErrorMessage error={save.error} />}
      {editable && (
        <div className="actions">
          <button type="button" onClick={() => send(false)} disabled={save.isPending}>{t('report.saveDraft')}</button>{' '}
          <button type="submit" className="primary" disabled={save.isPending}>{t('report.submit')}</button>
          {dirty && <span className="muted small" data-testid="unsaved"> {t('report.unsaved')}</span>}
        </div>
      )}
    </form>
  );
}
