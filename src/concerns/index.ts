import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { EventBus } from '../core/events.js';
import { defineModule } from '../core/module.js';
import type { DB } from '../core/tables.js';
import { concernsCommands } from './concerns.commands.js';
import { seedConcernsDemo } from './concerns.demo.js';
import { CONCERNS_NOUNS, CONCERNS_POLICY } from './concerns.policy.js';
import { concernRoutes } from './concerns.routes.js';
import { OPENERS } from './concerns.triggers.js';
import { createConcernService } from './concern.service.js';
import { createSmtpMailer, smtpFromEnv, type SmtpSettings } from './mailer.js';
import { createNotificationService } from './notification.service.js';
import * as m0201 from './migrations/20261201_0201_concerns.js';

declare module '../core/module.js' {
  interface AppConfig {
    concerns?: {
      /** The escalation clock (tests move it instead of sleeping); the system clock by default. */
      now?: () => Date;
      /** Where notices are mailed; by default TANDEM_SMTP_URL and TANDEM_MAIL_FROM, and no e-mail without them. `null`: no e-mail. */
      smtp?: SmtpSettings | null;
      /** How often the server's clock looks for concerns past their deadline (a minute by default). */
      everyMs?: number;
    };
  }
}

/**
 * R11: issues of concern, raised by anyone or opened by a disagreement between the agencies, escalated
 * level by level to the Chiefs of Staff liaison pair by a clock, resolved with both agencies'
 * acknowledgement; notifications in the app and, when SMTP is configured, by e-mail.
 */
export const concernsModule = defineModule({
  name: 'concerns',
  migrations: { '20261201_0201_concerns': m0201 },
  resources: CONCERNS_NOUNS,
  policy: CONCERNS_POLICY,
  create(deps: {
    db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>; accounts: Pick<AccountService, 'agencyOrgIds'>;
    config: { concerns?: { now?: () => Date; smtp?: SmtpSettings | null; everyMs?: number } };
  }) {
    const settings = deps.config.concerns ?? {};
    const now = settings.now ?? (() => new Date());
    const smtp = settings.smtp === undefined ? smtpFromEnv() : settings.smtp;
    const notifications = createNotificationService({ db: deps.db, access: deps.access, now, mailer: smtp ? createSmtpMailer(smtp) : null });
    const concerns = createConcernService({ ...deps, notifications, now });
    return { concerns, notifications };
  },
  subscriptions: ({ concerns }) => OPENERS.flatMap((o) => o.subscriptions(concerns)),
  routes: concernRoutes,
  commands: concernsCommands,
  seed: seedConcernsDemo,
  jobs: ({ concerns, notifications, config }) => [{
    name: 'concerns: escalate past deadlines, mail the notices',
    everyMs: config.concerns?.everyMs ?? 60_000,
    async run() {
      await concerns.escalateDue();
      await notifications.flushEmail();
    },
  }],
});

export type { ConcernService } from './concern.service.js';
export type { NotificationService } from './notification.service.js';
export { LEVELS, SEVERITIES, CONCERN_STATUSES, SUBJECT_KINDS, type Level, type Severity, type SubjectKind } from './concerns.rules.js';
