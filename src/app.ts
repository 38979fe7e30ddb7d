import type { Database } from './core/db.js';
import { createDecisionService } from './coordination/decision.service.js';
import { createFigureService } from './figures/figure.service.js';
import { createImportService } from './figures/import.service.js';
import { createSituationService } from './situations/situation.service.js';
import { createVocabularyService } from './vocabulary/vocabulary.service.js';

/** Every service wired to one database: what the HTTP server and the CLI both stand on. */
export function createApp(database: Database) {
  const deps = { db: database.db, engine: database.engine };
  const situations = createSituationService(deps);
  return {
    database,
    vocabulary: createVocabularyService(deps),
    figures: createFigureService(deps),
    imports: createImportService(deps),
    situations,
    decisions: createDecisionService({ db: database.db, situations }),
  };
}

export type App = ReturnType<typeof createApp>;
