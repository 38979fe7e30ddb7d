import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldMessage, movementsChanged, PERIODS, saveMapping, TARGETS, type Mapping, type MappingBody, type MappingColumn, type Period, type Preview } from '../../api/movements';
import { ErrorMessage } from '../../components/feedback';
import { useTranslation } from '../../i18n';
import { useLeaveGuard } from '../../router';
import { Field } from './fields';

const TYPES = ['text', 'date', 'count', 'number'] as const;
type ColumnType = (typeof TYPES)[number];
/** A column rule as edited: matched by the exact header or by a pattern; a recoding of values, when the mapping copied had one, kept as it was. */
type Rule = { by: 'header' | 'pattern'; text: string; tag: string; type: ColumnType | ''; values?: Record<string, string> };
type Draft = {
  name: string; target: MappingBody['target']; sheet: string; headerRow: string; headerRows: string; dateOrder: '' | 'dmy' | 'mdy';
  period: Period; sum: boolean; dataset: string; date: string; rules: Rule[]; constants: Array<{ tag: string; value: string }>; ignore: string;
};
const EMPTY: Draft = {
  name: '', target: 'flows', sheet: '', headerRow: '1', headerRows: '1', dateOrder: '', period: 'month', sum: false, dataset: '', date: '',
  rules: [{ by: 'header', text: '', tag: '', type: '' }], constants: [], ignore: '',
};

function fromMapping(m: Mapping): Draft {
  const r = m.read;
  return {
    ...EMPTY, target: m.target === 'figures' ? 'figures' : 'flows', sheet: r.sheet === undefined ? '' : String(r.sheet), headerRow: String(r.headerRow ?? 1),
    headerRows: String(r.headerRows ?? 1), dateOrder: r.dateOrder ?? '', period: m.flows?.period ?? 'month', sum: m.flows?.sum ?? false,
    dataset: m.figures?.dataset ?? '', date: m.figures?.date ?? '',
    rules: r.columns.map((c) => ({ by: c.pattern !== undefined ? 'pattern' : 'header', text: c.pattern ?? c.header ?? '', tag: c.tag, type: c.type ?? '', values: c.values })),
    constants: (r.constants ?? []).map((c) => ({ ...c })), ignore: (r.ignore ?? []).join('\n'),
  };
}

/** The body the server checks: every rule and setting as typed (the server names what is wrong, field by field). */
function bodyOf(d: Draft, asOrg: string): MappingBody {
  const int = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const sheet = d.sheet.trim() === '' ? undefined : /^\d+$/.test(d.sheet.trim()) ? Number(d.sheet.trim()) : d.sheet.trim();
  const columns: MappingColumn[] = d.rules.map((r) => ({
    ...(r.by === 'header' ? { header: r.text } : { pattern: r.text }), tag: r.tag.trim(), ...(r.type ? { type: r.type } : {}), ...(r.values ? { values: r.values } : {}),
  }));
  const ignore = d.ignore.split('\n').map((s) => s.trim()).filter(Boolean);
  return {
    name: d.name.trim(), target: d.target,
    read: {
      columns, ...(sheet !== undefined ? { sheet } : {}), headerRow: int(d.headerRow), headerRows: int(d.headerRows), ...(d.dateOrder ? { dateOrder: d.dateOrder } : {}),
      ...(d.constants.length ? { constants: d.constants.map((c) => ({ tag: c.tag.trim(), value: c.value })) } : {}), ...(ignore.length ? { ignore } : {}),
    },
    ...(d.target === 'flows' ? { flows: { period: d.period, ...(d.sum ? { sum: true } : {}) } } : { figures: { dataset: d.dataset.trim(), date: d.date } }),
    ...(asOrg ? { asOrg } : {}),
  };
}

/**
 * Saves a mapping for the organisation (saving a name again replaces it), so that next month's file is read
 * the same way: which sheet and header rows, and each column's hashtag by its exact header or a pattern. It
 * can start from the mapping chosen above, and take in the columns the preview found unmapped.
 */
export function MappingForm({ base, preview, asOrg, onSaved }: { base: Mapping | null; preview: Preview | null; asOrg: string; onSaved: (name: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [d, setD] = useState<Draft>(EMPTY);
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => saveMapping(bodyOf(d, asOrg)),
    onSuccess: async (m) => { await movementsChanged.mappings(client); setSaved(m.name); setTouched(false); onSaved(m.name); },
  });
  useLeaveGuard(touched, t('movements.leaveQuestion'));
  const edit = (next: Partial<Draft>) => { setD({ ...d, ...next }); setTouched(true); setSaved(null); };
  const setRule = (i: number, r: Partial<Rule>) => edit({ rules: d.rules.map((x, j) => (j === i ? { ...x, ...r } : x)) });
  const setConstant = (i: number, c: Partial<{ tag: string; value: string }>) => edit({ constants: d.constants.map((x, j) => (j === i ? { ...x, ...c } : x)) });
  // Columns the preview left unmapped, but for those a mapping leaves out on purpose.
  const key = (h: string) => h.trim().toLowerCase();
  const left = new Set([...(base?.read.ignore ?? []), ...d.ignore.split('\n')].map(key));
  const unmapped = preview?.headers.filter((h) => h.tag === null && h.header !== '' && !left.has(key(h.header)) && !d.rules.some((r) => r.by === 'header' && r.text === h.header)) ?? [];
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  const err = save.error;
  const ruleError = (i: number) => fieldMessage(err, `columns.${i}`);
  return (
    <form className="panel movement-form" onSubmit={submit} noValidate aria-labelledby="mapping-form-heading" data-testid="mapping-form">
      <h2 id="mapping-form-heading">{t('movements.saveMappingTitle')}</h2>
      <p className="muted small">{t('movements.saveMappingHelp')}</p>
      <div className="actions">
        {base && <button type="button" onClick={() => { setD({ ...fromMapping(base), name: d.name }); setTouched(true); setSaved(null); }}>{t('movements.startFrom', { name: base.name })}</button>}
        {unmapped.length > 0 && (
          <button type="button" onClick={() => edit({ rules: [...d.rules.filter((r) => r.text || r.tag), ...unmapped.map((h): Rule => ({ by: 'header', text: h.header, tag: '', type: '' }))] })}>
            {t('movements.addUnmapped', { count: unmapped.length })}
          </button>
        )}
      </div>
      <div className="mapping-settings">
        <Field id="mf-name" name="name" label={`${t('movements.mappingName')} (${t('common.required')})`} error={err} help={t('movements.mappingNameHelp')} className="grow">
          {(tie) => <input {...tie} value={d.name} onChange={(e) => edit({ name: e.target.value })} required dir="ltr" autoComplete="off" />}
        </Field>
        <Field id="mf-target" name="target" label={t('movements.targetLabel')} error={err}>
          {(tie) => <select {...tie} value={d.target} onChange={(e) => edit({ target: e.target.value as Draft['target'] })}>
            {TARGETS.map((x) => <option key={x} value={x}>{t(`movements.target.${x}`)}</option>)}
          </select>}
        </Field>
        <Field id="mf-sheet" name="sheet" label={t('movements.sheet')} error={err} help={t('movements.sheetHelp')}>
          {(tie) => <input {...tie} value={d.sheet} onChange={(e) => edit({ sheet: e.target.value })} dir="auto" autoComplete="off" />}
        </Field>
        <Field id="mf-header-row" name="headerRow" label={t('movements.headerRow')} error={err}>
          {(tie) => <input {...tie} type="number" min={1} max={200} value={d.headerRow} onChange={(e) => edit({ headerRow: e.target.value })} />}
        </Field>
        <Field id="mf-header-rows" name="headerRows" label={t('movements.headerRows')} error={err} help={t('movements.headerRowsHelp')}>
          {(tie) => <input {...tie} type="number" min={1} max={5} value={d.headerRows} onChange={(e) => edit({ headerRows: e.target.value })} />}
        </Field>
        <Field id="mf-date-order" name="dateOrder" label={t('movements.dateOrder')} error={err} help={t('movements.dateOrderHelp')}>
          {(tie) => <select {...tie} value={d.dateOrder} onChange={(e) => edit({ dateOrder: e.target.value as Draft['dateOrder'] })}>
            <option value="">{t('movements.dateOrderNone')}</option>
            <option value="dmy">{t('movements.dateOrderDmy')}</option>
            <option value="mdy">{t('movements.dateOrderMdy')}</option>
          </select>}
        </Field>
        {d.target === 'flows' ? (
          <>
            <Field id="mf-period" name="flows.period" label={t('movements.period')} error={err} help={t('movements.periodHelp')}>
              {(tie) => <select {...tie} value={d.period} onChange={(e) => edit({ period: e.target.value as Period })}>
                {PERIODS.map((p) => <option key={p} value={p}>{t(`movements.periodValue.${p}`)}</option>)}
              </select>}
            </Field>
            <div className="field check">
              <input id="mf-sum" type="checkbox" checked={d.sum} onChange={(e) => edit({ sum: e.target.checked })} aria-describedby="mf-sum-help" />
              <label htmlFor="mf-sum">{t('movements.sum')}</label>
              <p id="mf-sum-help" className="muted small">{t('movements.sumHelp')}</p>
            </div>
          </>
        ) : (
          <>
            <Field id="mf-dataset" name="figures.dataset" label={`${t('movements.dataset')} (${t('common.required')})`} error={err} help={t('movements.datasetHelp')}>
              {(tie) => <input {...tie} value={d.dataset} onChange={(e) => edit({ dataset: e.target.value })} dir="ltr" autoComplete="off" />}
            </Field>
            <Field id="mf-date" name="figures.date" label={`${t('movements.figuresDate')} (${t('common.required')})`} error={err}>
              {(tie) => <input {...tie} type="date" value={d.date} onChange={(e) => edit({ date: e.target.value })} />}
            </Field>
          </>
        )}
      </div>

      <fieldset className="mapping-rules">
        <legend>{t('movements.columns')}</legend>
        <p className="muted small" id="rules-help">{t('movements.columnsHelp')}</p>
        {d.rules.map((r, i) => {
          const whole = ruleError(i);
          return (
            <fieldset key={i} className="mapping-rule" data-testid="mapping-rule">
              <legend>{t('movements.columnN', { n: i + 1 })}</legend>
              <Field id={`mr-by-${i}`} name={`columns.${i}.by`} label={t('movements.matchBy')} error={null}>
                {(tie) => <select {...tie} value={r.by} onChange={(e) => setRule(i, { by: e.target.value as Rule['by'] })}>
                  <option value="header">{t('movements.byHeader')}</option>
                  <option value="pattern">{t('movements.byPattern')}</option>
                </select>}
              </Field>
              <Field id={`mr-text-${i}`} name={`columns.${i}.${r.by}`} label={r.by === 'header' ? t('movements.headerText') : t('movements.patternText')} error={err} className="grow">
                {(tie) => <input {...tie} value={r.text} onChange={(e) => setRule(i, { text: e.target.value })} dir="auto" autoComplete="off" />}
              </Field>
              <Field id={`mr-tag-${i}`} name={`columns.${i}.tag`} label={t('movements.hashtag')} error={err}>
                {(tie) => <input {...tie} value={r.tag} onChange={(e) => setRule(i, { tag: e.target.value })} dir="ltr" placeholder="#affected+f+children" autoComplete="off" />}
              </Field>
              <Field id={`mr-type-${i}`} name={`columns.${i}.type`} label={t('movements.readAs')} error={err}>
                {(tie) => <select {...tie} value={r.type} onChange={(e) => setRule(i, { type: e.target.value as Rule['type'] })}>
                  <option value="">{t('movements.typeDefault')}</option>
                  {TYPES.map((x) => <option key={x} value={x}>{t(`movements.type.${x}`)}</option>)}
                </select>}
              </Field>
              <button type="button" onClick={() => edit({ rules: d.rules.filter((_, j) => j !== i) })} disabled={d.rules.length === 1}>{t('movements.removeColumn', { n: i + 1 })}</button>
              {whole && <p className="field-error" data-testid={`error-rule-${i}`}>{whole}</p>}
            </fieldset>
          );
        })}
        <p><button type="button" onClick={() => edit({ rules: [...d.rules, { by: 'header', text: '', tag: '', type: '' }] })}>{t('movements.addColumn')}</button></p>
      </fieldset>

      <fieldset className="mapping-rules">
        <legend>{t('movements.constants')}</legend>
        <p className="muted small">{t('movements.constantsHelp')}</p>
        {d.constants.map((c, i) => (
          <fieldset key={i} className="mapping-rule">
            <legend>{t('movements.constantN', { n: i + 1 })}</legend>
            <Field id={`mc-tag-${i}`} name={`constants.${i}.tag`} label={t('movements.hashtag')} error={err}>
              {(tie) => <input {...tie} value={c.tag} onChange={(e) => setConstant(i, { tag: e.target.value })} dir="ltr" autoComplete="off" />}
            </Field>
            <Field id={`mc-value-${i}`} name={`constants.${i}.value`} label={t('movements.value')} error={err} className="grow">
              {(tie) => <input {...tie} value={c.value} onChange={(e) => setConstant(i, { value: e.target.value })} dir="auto" autoComplete="off" />}
            </Field>
            <button type="button" onClick={() => edit({ constants: d.constants.filter((_, j) => j !== i) })}>{t('movements.removeConstant', { n: i + 1 })}</button>
          </fieldset>
        ))}
        <p><button type="button" onClick={() => edit({ constants: [...d.constants, { tag: '', value: '' }] })}>{t('movements.addConstant')}</button></p>
      </fieldset>

      <Field id="mf-ignore" name="ignore" label={t('movements.ignore')} error={err} help={t('movements.ignoreHelp')}>
        {(tie) => <textarea {...tie} rows={2} value={d.ignore} onChange={(e) => edit({ ignore: e.target.value })} dir="auto" />}
      </Field>
      <ErrorMessage error={err} />
      <button type="submit" className="primary" disabled={save.isPending}>{t('movements.saveMapping')}</button>
      {saved && <p role="status" className="alert success" data-testid="mapping-saved">{t('movements.mappingSaved', { name: saved })}</p>}
    </form>
  );
}
