import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { PlatformService } from '../coordination/index.js';
import type { EventBus } from '../core/events.js';
import { defineModule } from '../core/module.js';
import type { DB } from '../core/tables.js';
import type { FigureService } from '../figures/index.js';
import type { DashboardService } from '../response/index.js';
import { createItemReader } from './item.service.js';
import { createPublicationService } from './publication.service.js';
import { PUBLICATIONS_EVENTS } from './publications.events.js';
import { PUBLICATIONS_NOUNS, PUBLICATIONS_POLICY } from './publications.policy.js';
import { publicationRoutes } from './publications.routes.js';
import * as m1101 from './migrations/20261201_1101_publications.js';

declare module '../core/module.js' {
  interface AppConfig {
    /** The clock versions are dated by (tests may move it). */
    publications?: { now?: () => Date };
  }
}

/**
 * Public reports (issue 16, part 4): a co-lead's staff or an information-management officer composes a report
 * from saved views of public data (a figure query, a plan's dashboard as the public sees it) with a title and
 * text in five languages, and publishes it: each publishing freezes a numbered version with its data; the
 * stable public address shows the latest, every version stays readable, as JSON, CSV, HXL and XLSX.
 */
export const publicationsModule = defineModule({
  name: 'publications',
  migrations: { '20261201_1101_publications': m1101 },
  resources: PUBLICATIONS_NOUNS,
  policy: PUBLICATIONS_POLICY,
  events: PUBLICATIONS_EVENTS,
  create(deps: {
    db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'allowed' | 'scope' | 'audit' | 'mayEver'>;
    accounts: Pick<AccountService, 'organisationBySlug'>; platforms: Pick<PlatformService, 'byRef'>;
    figures: Pick<FigureService, 'page'>; dashboards: Pick<DashboardService, 'cached' | 'dashboardRows'>; config: { publications?: { now?: () => Date } };
  }) {
    const items = createItemReader(deps);
    return { publications: createPublicationService({ ...deps, items, now: deps.config.publications?.now ?? (() => new Date()) }) };
  },
  routes: publicationRoutes,
});

export type { PublicationService } from './publication.service.js';
