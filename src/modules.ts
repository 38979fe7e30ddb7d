import { accessModule } from './access/index.js';
import { capacityModule } from './capacity/index.js';
import { concernsModule } from './concerns/index.js';
import { coordinationModule } from './coordination/index.js';
import { figuresModule } from './figures/index.js';
import { hxlModule } from './hxl/index.js';
import { protectionModule } from './protection/index.js';
import { responseModule } from './response/index.js';
import { sharingModule } from './sharing/index.js';
import { situationsModule } from './situations/index.js';
import { solutionsModule } from './solutions/index.js';
import { vocabularyModule } from './vocabulary/index.js';
import { movementsModule } from './movements/index.js';
import { publicationsModule } from './publications/index.js';

/**
 * Every capability, in dependency order: a module may use the services of those before it. The app, the
 * HTTP server, the CLI, the migrations and the demo seed all iterate this list; adding a module is a
 * folder and one line here (docs/ARCHITECTURE.md walks through it).
 */
export const MODULES = [
  accessModule,
  vocabularyModule,
  hxlModule,
  figuresModule,
  situationsModule,
  coordinationModule,
  responseModule,
  protectionModule,
  concernsModule,
  capacityModule,
  sharingModule,
  solutionsModule,
  movementsModule,
  publicationsModule,
] as const;
