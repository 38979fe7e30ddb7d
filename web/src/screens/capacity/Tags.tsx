import { useQuery } from '@tanstack/react-query';
import { capacityQueries, vocabName, type Vocabulary } from '../../api/capacity';
import { useTranslation } from '../../i18n';
import { Checks } from '../protection/fields';

type Objective = Vocabulary['objectives'][number];

/** The vocabulary (asked once) and a tag's name in the interface language: "GCM 11 · Manage borders…". */
export function useVocabulary() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  const vocabulary = useQuery(capacityQueries.vocabulary()).data;
  const objective = (code: string) => vocabulary?.objectives.find((o) => o.code === code);
  return {
    vocabulary,
    tagName: (code: string) => {
      const o = objective(code);
      if (!o) return code;
      const name = vocabName(vocabulary?.objectives, code, lng);
      return o.number === null ? name : `${o.framework.toUpperCase()} ${o.number} · ${name}`;
    },
    kindName: (code: string) => vocabName(vocabulary?.kinds, code, lng),
    clusterName: (code: string) => vocabName(vocabulary?.clusters, code, lng),
    hazardName: (code: string) => vocabName(vocabulary?.hazards, code, lng),
  };
}

/** A list of tags as names, each isolated (a code inside Arabic text keeps its direction). */
export function TagList({ tags }: { tags: readonly string[] }) {
  const { tagName } = useVocabulary();
  return <ul className="tags">{tags.map((c) => <li key={c}><bdi>{tagName(c)}</bdi></li>)}</ul>;
}

/**
 * The objectives and needs a request or an offer is tagged with: the GCM's 23, the GCR's 4 and the asylum-system
 * needs, each group a set of checkboxes named in the interface language.
 */
export function TagPicker({ objectives, needs, onChange }: {
  objectives: string[]; needs: string[]; onChange: (next: { objectives: string[]; needs: string[] }) => void;
}) {
  const { t } = useTranslation();
  const { vocabulary, tagName } = useVocabulary();
  if (!vocabulary) return null;
  const of = (f: Objective['framework']) => vocabulary.objectives.filter((o) => o.framework === f).map((o) => o.code);
  return (
    <>
      <Checks legend={t('capacity.gcmObjectives')} name="gcm" codes={of('gcm')} chosen={objectives} label={tagName}
        onChange={(v) => onChange({ objectives: [...v, ...objectives.filter((o) => o.startsWith('GCR-'))], needs })} />
      <Checks legend={t('capacity.gcrObjectives')} name="gcr" codes={of('gcr')} chosen={objectives} label={tagName}
        onChange={(v) => onChange({ objectives: [...objectives.filter((o) => o.startsWith('GCM-')), ...v], needs })} />
      <Checks legend={t('capacity.asylumNeeds')} name="needs" codes={of('asylum')} chosen={needs} label={tagName}
        onChange={(v) => onChange({ objectives, needs: v })} />
    </>
  );
}
