import type { App } from '../app.js';
import { operatorCtx } from '../core/actor.js';
import type { TandemModule } from '../core/module.js';
import { MODULES } from '../modules.js';

/**
 * Seeds the demo when the database holds no situation yet: every module's part, in module order, through
 * the same services as any user, as the local operator. Returns whether it seeded. Figures are published
 * ones typed in with their citation; everything personal is synthetic and says so. `only` names the modules
 * whose part is seeded (a test that needs the platforms need not wait for every module's demo).
 */
export async function seedDemoIfEmpty(app: App, only?: readonly string[]): Promise<boolean> {
  const { total } = await app.situations.list({ limit: 1, offset: 0 });
  if (total > 0) return false;
  const ctx = operatorCtx();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const m of MODULES as readonly TandemModule<string, any, object>[]) if (!only || only.includes(m.name)) await m.seed?.(app, ctx);
  return true;
}
