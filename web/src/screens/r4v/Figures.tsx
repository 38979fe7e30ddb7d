import type { R4vFigures } from '../../api/r4v';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';

/**
 * R4V's two headline figures side by side: people reached by the platform's model (each country by its own),
 * and the conservative de-duplicated figure — each with one sentence on what it assumes.
 */
export function R4vFiguresPanel({ figures, detail = false }: { figures: R4vFigures; detail?: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const own = figures.byCountry.some((c) => c.model !== figures.model.name);
  // Where every country counts by one model (its own, or the platform's), the figure is that model's.
  const used = [...new Set(figures.byCountry.map((c) => c.model))];
  const model = used.length === 1 && used[0] ? used[0] : figures.model.name;
  return (
    <section aria-labelledby="r4v-figures-heading" className="r4v-figures" data-testid="r4v-figures">
      <h3 id="r4v-figures-heading">{t('r4v.figures.title')}</h3>
      <div className="grid-2">
        <div className="panel" data-testid="r4v-model-figure">
          <h4>{t('r4v.figures.model', { model: t(`r4v.model.${model}`) })}</h4>
          <p className="big"><strong>{formatNumber(figures.model.people, lng)}</strong></p>
          <p className="small">{t(`r4v.assumes.${model}`)}{own ? ` ${t('r4v.figures.ownModels')}` : ''}</p>
        </div>
        <div className="panel" data-testid="r4v-conservative-figure">
          <h4>{t('r4v.figures.conservative')}</h4>
          <p className="big"><strong>{formatNumber(figures.conservative.people, lng)}</strong></p>
          <p className="small">{t('r4v.assumes.conservative')}</p>
        </div>
      </div>
      {detail && (
        <TableWrap label={t('r4v.figures.byCountry')}>
          <table data-testid="r4v-by-country">
            <caption>{t('r4v.figures.byCountry')}</caption>
            <thead><tr>
              <th scope="col">{t('r4v.col.country')}</th><th scope="col">{t('r4v.figures.countryModel')}</th><th scope="col">{t('r4v.figures.asOf')}</th>
              <th scope="col" className="num">{t('r4v.figures.modelShort')}</th><th scope="col" className="num">{t('r4v.figures.conservativeShort')}</th>
            </tr></thead>
            <tbody>{figures.byCountry.map((c) => (
              <tr key={c.country}>
                <th scope="row"><bdi>{c.country}</bdi></th><td>{t(`r4v.model.${c.model}`)}</td><td><bdi>{c.month}</bdi></td>
                <td className="num">{formatNumber(c.people, lng)}</td><td className="num">{formatNumber(c.conservative, lng)}</td>
              </tr>
            ))}</tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
