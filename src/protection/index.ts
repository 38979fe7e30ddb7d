import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { PolicyService } from '../coordination/index.js';
import { operatorCtx } from '../core/actor.js';
import type { Database, Engine } from '../core/db.js';
import type { EventBus } from '../core/events.js';
import { defineModule } from '../core/module.js';
import type { DB } from '../core/tables.js';
import { createKeyring } from './keyring.service.js';
import { createKeyService } from './keys.service.js';
import { loadMasterKeys, type MasterKeys } from './master-key.js';
import { personRoutes } from './person.routes.js';
import { createPersonService } from './person.service.js';
import { createRecordVault } from './record-vault.js';
import { protectionCommands } from './protection.commands.js';
import { seedProtectionDemo } from './protection.demo.js';
import { PROTECTION_EVENTS } from './protection.events.js';
import { PROTECTION_NOUNS, PROTECTION_POLICY } from './protection.policy.js';
import { referralRoutes } from './referral.routes.js';
import { createReferralService } from './referral.service.js';
import { createSubjectService } from './subject.service.js';
import type { CipherFactory } from './vault.js';
import * as m0301 from './migrations/20261201_0301_protection.js';
import * as m0302 from './migrations/20261201_0302_box_order.js';

/** The module's settings: tests give a clock (deadlines turn overdue without sleeping) and master keys. */
export interface ProtectionSettings {
  now?: () => Date;
  masterKeys?: MasterKeys;
  /** The benchmark's unencrypted baseline only (bench/referrals.ts); the server and the CLI never set it. */
  cipher?: CipherFactory;
}

declare module '../core/module.js' {
  interface AppConfig {
    protection?: ProtectionSettings;
  }
}

/**
 * Protection: profiling to differentiated pathways, referrals between organisations with consent and
 * deadlines (R7), and the people they concern, whose personal data is encrypted per field under keys kept
 * outside the database, searchable only through keyed hashes, retained no longer than declared.
 *
 * Its background jobs: retention once a day, the overdue announcement every hour; `tandem retention run` and
 * `tandem referrals overdue` do the same by hand.
 */
export const protectionModule = defineModule({
  name: 'protection',
  migrations: { '20261201_0301_protection': m0301, '20261201_0302_box_order': m0302 },
  resources: PROTECTION_NOUNS,
  policy: PROTECTION_POLICY,
  events: PROTECTION_EVENTS,
  create(deps: {
    database: Database; db: Kysely<DB>; engine: Engine; events: EventBus; config: { protection?: ProtectionSettings };
    access: Pick<Access, 'check' | 'allowed' | 'scope' | 'audit'>; accounts: Pick<AccountService, 'organisationBySlug'>;
    policies: Pick<PolicyService, 'inForce'>;
  }) {
    const now = deps.config.protection?.now ?? (() => new Date());
    // Loaded lazily: a process that never touches personal data (most CLI commands) never creates a key file.
    let keyring: ReturnType<typeof createKeyring> | null = null;
    const ring = () => (keyring ??= createKeyring({ db: deps.db, masters: deps.config.protection?.masterKeys ?? loadMasterKeys(deps.database) }));
    const lazyKeyring = new Proxy({} as ReturnType<typeof createKeyring>, { get: (_t, p) => Reflect.get(ring(), p) });
    const base = { ...deps, keyring: lazyKeyring, now, cipher: deps.config.protection?.cipher };
    const protectionPeople = createPersonService(base);
    const referrals = createReferralService({ ...base, people: protectionPeople, policies: deps.policies });
    return {
      protectionPeople, referrals, protectionNow: now,
      protectionSubjects: createSubjectService({ people: protectionPeople, referrals, now }),
      protectionKeys: createKeyService({ keyring: lazyKeyring }),
      protectionVault: createRecordVault({ db: deps.db, keyring: lazyKeyring }),
    };
  },
  async routes(api, app) {
    await personRoutes(api, app);
    await referralRoutes(api, app);
  },
  jobs: (app) => [
    { name: 'protection: erase records past their retention', everyMs: 24 * 3_600_000, run: () => app.protectionPeople.runRetention(operatorCtx()) },
    { name: 'protection: announce overdue referrals', everyMs: 3_600_000, run: () => app.referrals.announceOverdue(operatorCtx()) },
  ],
  commands: protectionCommands,
  seed: seedProtectionDemo,
});

export type { PersonService } from './person.service.js';
export type { RecordVault, RecordCipher } from './record-vault.js';
export type { ReferralService } from './referral.service.js';
export { PATHWAYS, PROTECTION_PATHWAYS, type Pathway } from './profiling.rules.js';
export { REFERRAL_STATUSES, PRIORITIES, type ReferralStatus, type Priority } from './referral.rules.js';
