import { useQuery } from '@tanstack/react-query';
import { concernQueries, LEVELS, type Concern } from '../../api/concerns';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { Deadline } from '../protection/Deadline';
import { ConcernActions } from './Actions';
import { useMoment } from './moment';

/**
 * One issue of concern: what it is about, its escalation ladder (each level, when it was reached and left, the
 * deadline of the level it stands at), the resolution with each agency's acknowledgement, the whole history,
 * and the steps this account may take now (the server's `can`).
 */
export function ConcernScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data: c, error, refetch } = useQuery(concernQueries.one(id));
  useTitle(c?.subject ?? t('concerns.concern'));
  if (error) return <><h1>{t('concerns.concern')}</h1><ErrorMessage error={error} onRetry={() => void refetch()} /></>;
  if (!c) return <Loading />;
  return (
    <>
      <p className="crumbs"><Link href="/concerns">{t('concerns.title')}</Link></p>
      <h1><bdi>{c.subject}</bdi> <span className="muted small">{t(`concernStatus.${c.status}`)}</span></h1>
      <p>
        <span className={`severity ${c.severity}`}>{t(`severity.${c.severity}`)}</span> · {t(`concernLevel.${c.level}`)}
        {c.status !== 'resolved' && <> · <Deadline dueAt={c.dueAt} overdue={c.overdue} answeredAt={null} /></>}
      </p>
      <ConcernActions c={c} />
      <div className="grid-2">
        <section aria-labelledby="about-heading">
          <h2 id="about-heading">{t('concerns.about')}</h2>
          <blockquote dir="auto" data-testid="description">{c.description}</blockquote>
          <dl className="facts">
            <dt>{t('concerns.subjectKind')}</dt><dd>{t(`concernAbout.${c.about.kind}`)}{c.about.ref && <> · <bdi>{c.about.ref}</bdi></>}</dd>
            <dt>{t('concerns.raisedBy')}</dt><dd>{c.raisedBy.organisation?.name ?? (c.raisedBy.event ? t('concerns.openedByEvent', { event: c.raisedBy.event }) : '—')}</dd>
            <dt>{t('concerns.organisations')}</dt><dd>{c.organisations.map((o) => o.name).join(', ')}</dd>
          </dl>
          <Resolution c={c} />
        </section>
        <section aria-labelledby="ladder-heading">
          <h2 id="ladder-heading">{t('concerns.ladder')}</h2>
          <Ladder c={c} />
        </section>
      </div>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('concerns.history')}</h2>
        <History c={c} />
      </section>
    </>
  );
}

/** The four levels, lowest first: reached (when), left (when), or where the concern stands, with its deadline. */
function Ladder({ c }: { c: Concern }) {
  const { t } = useTranslation();
  const at = useMoment();
  const reached = (level: string) => c.history.find((h) => h.level === level && (h.kind === 'raised' || h.kind === 'escalated'))?.at;
  const current = LEVELS.indexOf(c.level);
  return (
    <ol className="ladder" data-testid="ladder">
      {LEVELS.map((level, i) => {
        const when = reached(level);
        const state = i < current ? 'passed' : i === current ? 'current' : 'ahead';
        return (
          <li key={level} className={`ladder-step ${state}`} aria-current={i === current ? 'step' : undefined}>
            <strong>{t(`concernLevel.${level}`)}</strong>
            <span className="small"> · {t(`concerns.ladderState.${state}`)}</span>
            {when && <p className="small">{t('concerns.reachedAt', { date: at(when) })}</p>}
            {state === 'current' && c.status !== 'resolved' && c.dueAt && <p className="small" data-testid="level-deadline">{t('concerns.levelDeadline', { date: at(c.dueAt) })}</p>}
            {state === 'current' && c.status === 'resolved' && <p className="small">{t('concerns.resolvedHere')}</p>}
          </li>
        );
      })}
    </ol>
  );
}

function Resolution({ c }: { c: Concern }) {
  const { t } = useTranslation();
  const at = useMoment();
  if (!c.resolution) return <p className="muted" data-testid="resolution">{t('concerns.noResolution')}</p>;
  const r = c.resolution;
  return (
    <div className="panel" data-testid="resolution">
      <h3>{t('concerns.resolution')}</h3>
      <blockquote dir="auto">{r.text}</blockquote>
      <ul className="plain">
        {(['iom', 'unhcr'] as const).map((a) => (
          <li key={a} data-testid={`ack-${a}`}>
            <strong>{a.toUpperCase()}</strong>: {r.proposedBy === a ? t('concerns.ackProposed') : r.acknowledgedBy.includes(a) ? t('concerns.ackGiven') : t('concerns.ackAwaited')}
          </li>
        ))}
      </ul>
      {r.resolvedAt && <p className="small">{t('concerns.resolvedAt', { date: at(r.resolvedAt) })}</p>}
    </div>
  );
}

function History({ c }: { c: Concern }) {
  const { t } = useTranslation();
  const at = useMoment();
  const { user } = useSession();
  const who = (actor: string, agency: string | null) =>
    actor === 'clock' ? t('concerns.actor.clock') : actor === 'event' ? t('concerns.actor.event') : actor === 'operator' ? t('concerns.actor.operator')
      : actor === user?.id ? t('concerns.actor.you') : agency ? t('concerns.actor.agency', { agency: agency.toUpperCase() }) : t('concerns.actor.someone');
  return (
    <ol className="history" data-testid="history">
      {c.history.map((h, i) => (
        <li key={i} className="card">
          <p><strong>{t(`concerns.event.${h.kind}`)}</strong> · {t(`concernLevel.${h.level}`)} · <time dateTime={h.at}>{at(h.at)}</time></p>
          <p className="small">{t('concerns.by', { who: who(h.actor, h.agency) })}</p>
          {h.note && <blockquote dir="auto">{h.note}</blockquote>}
        </li>
      ))}
    </ol>
  );
}
