import { R4V_MODELS } from '../../api/r4v';
import { useTranslation } from '../../i18n';

/** What each consolidation model assumes about who was reached twice (from R4V's code, as the reference note reads it). */
export function ModelHelp() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="r4v-models-heading" className="panel" data-testid="r4v-model-help">
      <h2 id="r4v-models-heading">{t('r4v.help.title')}</h2>
      <p className="muted small">{t('r4v.help.intro')}</p>
      <dl className="r4v-models">
        {R4V_MODELS.map((m) => (
          <div key={m}>
            <dt>{t(`r4v.model.${m}`)}</dt>
            <dd>{t(`r4v.assumes.${m}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">{t('r4v.help.withinSector')}</p>
    </section>
  );
}
