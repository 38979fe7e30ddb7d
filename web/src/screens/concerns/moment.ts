import { useTranslation } from '../../i18n';

/** A moment as a reader needs it: date and time in the interface language. */
export function useMoment() {
  const { i18n } = useTranslation();
  return (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
