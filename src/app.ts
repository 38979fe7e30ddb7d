import { createAccess } from './access/access.service.js';
import { createAccountService } from './access/account.service.js';
import { createAuditService } from './access/audit.service.js';
import { createAuthService, type AuthSettings } from './access/auth.service.js';
import type { Database } from './core/db.js';
import { createDecisionService } from './coordination/decision.service.js';
import { createFigureService } from './figures/figure.service.js';
import { createImportService } from './figures/import.service.js';
import { createPlatformService } from './platforms/platform.service.js';
import { createSituationService } from './situations/situation.service.js';
import { createVocabularyService } from './vocabulary/vocabulary.service.js';

/** Every service wired to one database: what the HTTP server and the CLI both stand on. */
export function createApp(database: Database, opts: { auth?: Partial<AuthSettings> } = {}) {
  const deps = { db: database.db, engine: database.engine };
  const audit = createAuditService(deps);
  const access = createAccess({ audit });
  const situations = createSituationService({ ...deps, access });
  const decisions = createDecisionService({ db: database.db, situations, access });
  return {
    database,
    access,
    audit,
    accounts: createAccountService({ db: database.db, access }),
    auth: createAuthService({ db: database.db, access, settings: opts.auth }),
    vocabulary: createVocabularyService(deps),
    figures: createFigureService(deps),
    imports: createImportService({ ...deps, access }),
    situations,
    decisions,
    platforms: createPlatformService({ db: database.db, access, situations, decisions }),
  };
}

export type App = ReturnType<typeof createApp>;
