import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { PolicyService } from '../coordination/index.js';
import type { DisclosureSetting } from '../core/disclosure/index.js';
import type { EventBus } from '../core/events.js';
import { defineModule } from '../core/module.js';
import type { DB } from '../core/tables.js';
import { createAgreementService } from './agreement.service.js';
import { sharingCommands } from './sharing.commands.js';
import { SHARING_EVENTS } from './sharing.events.js';
import { SHARING_NOUNS, SHARING_POLICY } from './sharing.policy.js';
import { sharingRoutes } from './sharing.routes.js';
import { sharingSubscriptions } from './sharing.subscriptions.js';
import { sharedDataRepo } from './shared-data.repo.js';
import { createSharedDataService } from './shared-data.service.js';
import { createTransferService } from './transfer.service.js';
import * as m0701 from './migrations/20261201_0701_sharing.js';
import * as m0702 from './migrations/20261201_0702_sharing_releases.js';
import * as m0704 from './migrations/20261201_0704_agreement_lapse.js';

declare module '../core/module.js' {
  interface AppConfig {
    sharing?: {
      /** The clock agreements start and lapse by (tests move it instead of sleeping); the system clock by default. */
      now?: () => Date;
    };
  }
}

/**
 * R6: data-sharing agreements (parties, kinds of data, purpose, granularity, fields, start and expiry, each
 * party's approval), the append-only transfer register (also in the keyed audit chain), and disclosure
 * control for published tables (cell suppression, pure: the kit in src/core/disclosure).
 */
export const sharingModule = defineModule({
  name: 'sharing',
  migrations: { '20261201_0701_sharing': m0701, '20261201_0702_sharing_releases': m0702, '20261201_0704_agreement_lapse': m0704 },
  resources: SHARING_NOUNS,
  policy: SHARING_POLICY,
  events: SHARING_EVENTS,
  create(deps: {
    db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>; policies: Pick<PolicyService, 'inForce'>;
    config: { sharing?: { now?: () => Date } }; disclosure: Pick<DisclosureSetting, 'provideReleases'>;
  }) {
    const now = deps.config.sharing?.now ?? (() => new Date());
    // The store of what earlier releases hid serves every module that publishes tables (dashboards, reports).
    deps.disclosure.provideReleases({
      previous: (table) => sharedDataRepo.previousRelease(deps.db, table),
      keep: async (table, hidden) => { await sharedDataRepo.keepRelease(deps.db, table, hidden.map((k) => [...k]), now().toISOString()); },
    });
    const transfers = createTransferService({ db: deps.db, access: deps.access, now });
    const agreements = createAgreementService({ db: deps.db, events: deps.events, access: deps.access, transfers, now });
    const sharedData = createSharedDataService({ db: deps.db, access: deps.access, transfers, policies: deps.policies, now });
    return { agreements, transfers, sharedData };
  },
  subscriptions: sharingSubscriptions,
  commands: sharingCommands,
  jobs: ({ agreements }) => [{ name: 'sharing: announce lapsed agreements', everyMs: 3_600_000, run: () => agreements.announceLapsed() }],
  routes: sharingRoutes,
});

export type { AgreementService } from './agreement.service.js';
export type { SharedDataService } from './shared-data.service.js';
export type { TransferRecord, TransferService } from './transfer.service.js';
export { DATA_KINDS, GRANULARITIES, LEGAL_BASES, TRANSFER_KINDS, type DataKind, type Granularity, type LegalBasis, type TransferKind } from './sharing.rules.js';
