import { formatNumber, useTranslation } from '../../i18n';
import { RETURN_STATUSES, type ReturnOperation, type ReturnStatus } from '../../api/solutions';

/** Where a return stands, styled by how far it has come. */
export function ReturnStatusWord({ status }: { status: ReturnStatus }) {
  const { t } = useTranslation();
  return <strong className={`return-status ${status}`} data-testid="return-status">{t(`solutions.status.${status}`)}</strong>;
}

/** The lifecycle as a line of steps: those passed, the current one, those ahead. */
export function Lifecycle({ status }: { status: ReturnStatus }) {
  const { t } = useTranslation();
  const at = RETURN_STATUSES.indexOf(status);
  return (
    <ol className="solutions-lifecycle" aria-label={t('solutions.lifecycle')}>
      {RETURN_STATUSES.map((s, i) => (
        <li key={s} className={i < at ? 'passed' : i === at ? 'current' : 'ahead'} aria-current={i === at ? 'step' : undefined}>{t(`solutions.status.${s}`)}</li>
      ))}
    </ol>
  );
}

/** The caseload in words: "120 refugees (REF), 8 asylum-seekers (ASY)". */
export function CaseloadWords({ op }: { op: Pick<ReturnOperation, 'caseload'> }) {
  const { t, i18n } = useTranslation();
  return <>{op.caseload.map((c) => `${formatNumber(c.people, i18n.language)} ${t(`solutions.popType.${c.type}`, { defaultValue: c.type })}`).join(', ')}</>;
}

/** Why this agency leads, in the interface language, from the caseload (the server's rule, put into words). */
export function LeadReason({ op }: { op: Pick<ReturnOperation, 'programme' | 'caseload'> }) {
  const { t } = useTranslation();
  const protection = op.caseload.filter((c) => ['REF', 'ASY', 'OIP'].includes(c.type)).map((c) => c.type).join(', ');
  return <>{op.programme === 'voluntary-repatriation' ? t('solutions.leadReason.unhcr', { types: protection }) : t('solutions.leadReason.iom')}</>;
}
