import { useTranslation } from '../../i18n';
import { useSession } from '../../session';

export { fieldMessage } from '../../api/client';
export { FormField as Field } from '../../components/FormField';

/** A synthetic record says so, wherever it is shown. */
export function SyntheticTag({ synthetic }: { synthetic: boolean }) {
  return synthetic ? <span className="tag synthetic" data-testid="synthetic">SYNTHETIC</span> : null;
}

/** Today, as the date inputs want it. */
export const today = () => new Date().toISOString().slice(0, 10);

/**
 * Who did something, as the account reading it may be told: "you", or the account's short reference (the
 * server records accounts by id, never by name); the system's own steps keep their word.
 */
export function useActorName() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (label: string) => (label === user?.id ? t('solutions.actor.you') : /^[0-9a-f-]{36}$/.test(label) ? t('solutions.actor.account', { id: label.slice(-8) }) : label);
}
