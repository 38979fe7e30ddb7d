import type { Kysely } from 'kysely';
import type { Ctx } from '../core/actor.js';
import { NotFoundError } from '../core/errors.js';
import { defineModule } from '../core/module.js';
import type { PolicyRule, ResourceNouns } from '../core/permissions.js';
import type { DB } from '../core/tables.js';
import type { Database, Engine } from '../core/db.js';
import { loadAuditKey, type AuditKey } from './audit-key.js';
import { createAccess } from './access.service.js';
import { accessCommands } from './access.commands.js';
import { ACCESS_NOUNS, ACCESS_POLICY } from './access.policy.js';
import { accessRoutes } from './access.routes.js';
import { createAccountService } from './account.service.js';
import { createAuditService } from './audit.service.js';
import { createAuthService, type AuthSettings } from './auth.service.js';
import { syncBuiltInOrganisations } from './organisations.js';
import * as m0006 from './migrations/20261128_0006_accounts.js';
import * as m0007 from './migrations/20261128_0007_audit.js';
import * as m0014 from './migrations/20261201_0014_audit_key.js';

declare module '../core/module.js' {
  interface AppConfig {
    /** Session lifetimes and sign-in throttling (tests shorten them). */
    auth?: Partial<AuthSettings>;
    /** The key of the audit chain; by default loaded (or created) as loadAuditKey says. */
    auditKey?: AuditKey;
  }
}

/**
 * Identity, organisations, roles, object-level authorization and the tamper-evident audit: the module
 * every other one stands on.
 */
export const accessModule = defineModule({
  name: 'access',
  migrations: { '20261128_0006_accounts': m0006, '20261128_0007_audit': m0007, '20261201_0014_audit_key': m0014 },
  sync: syncBuiltInOrganisations,
  resources: ACCESS_NOUNS,
  policy: ACCESS_POLICY,
  create(deps: {
    database: Database; db: Kysely<DB>; engine: Engine; policy: readonly PolicyRule[]; nouns: ResourceNouns;
    config: { auth?: Partial<AuthSettings>; auditKey?: AuditKey };
  }) {
    const audit = createAuditService({ ...deps, key: deps.config.auditKey ?? loadAuditKey(deps.database) });
    const access = createAccess({ audit, policy: deps.policy, nouns: deps.nouns });
    return {
      audit,
      access,
      accounts: createAccountService({ db: deps.db, access }),
      auth: createAuthService({ db: deps.db, access, settings: deps.config.auth }),
      trails: {
        /** The audit trail of one object, for the organisations it concerns and the administrator; the read is audited. */
        async read(ctx: Ctx, resource: string, objectId: string) {
          const trail = await audit.trail(resource, objectId);
          await access.check(ctx, 'audit', 'read', { id: objectId, facts: { concernedOrgIds: trail.concernedOrgs } });
          if (trail.entries.length === 0) throw new NotFoundError('audit trail');
          await audit.record(ctx, { action: 'read', resource: 'audit', objectId, outcome: 'allowed', concernedOrgs: trail.concernedOrgs });
          return { entries: trail.entries };
        },
      },
    };
  },
  routes: accessRoutes,
  commands: accessCommands,
});

export type { Access, Can } from './access.service.js';
export { ForbiddenError, UnauthenticatedError } from './access.service.js';
export type { AuditService } from './audit.service.js';
export type { AccountService } from './account.service.js';
export type { AuthService } from './auth.service.js';
export { NOTHING, scopeIsEmpty, authorizer, type Scope } from './authorize.rules.js';
export { ORGANISATION_KINDS, type OrganisationKind, OrganisationSchema } from './access.schemas.js';
export type { OrganisationTable } from './access.tables.js';
