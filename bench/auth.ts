import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operatorCtx } from '../src/core/actor.js';
import { createApp } from '../src/app.js';
import { openDatabase } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer } from '../src/http/server.js';

/**
 * An authenticated, authorized read of a situation (session cookie, policy check) against the same server
 * built without its access layer, in the same process and run. Goal: at least 0.8x the throughput.
 */
export async function benchAuthorizedRead(requests = 16000): Promise<{ authorized: number; bypassed: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-auth-'));
  const database = openDatabase({ file: join(dir, 'bench.db') });
  try {
    await migrate(database);
    const app = createApp(database);
    await seedDemoIfEmpty(app);
    const op = operatorCtx();
    const user = await app.accounts.createUser(op, { email: 'bench@bench.invalid', displayName: 'Bench', password: 'bench password 123' });
    await app.accounts.addMembership(op, { userId: user.id, organisation: 'iom', role: 'coordinator' });

    const full = await buildServer(app);
    const signIn = await full.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'bench@bench.invalid', password: 'bench password 123' } });
    const cookie = String([signIn.headers['set-cookie']].flat()[0]).split(';')[0]!;

    const bare = await buildServer(app, { withoutAccessLayerForBenchmark: true });

    const url = '/api/v1/situations/nicaragua-costa-rica';
    const run = async (server: typeof full, headers: Record<string, string>, n: number) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const res = await server.inject({ method: 'GET', url, headers });
        if (res.statusCode !== 200) throw new Error(`unexpected ${res.statusCode}`);
      }
      return performance.now() - t0;
    };
    await run(full, { cookie }, 2000);
    await run(bare, {}, 2000);
    // Alternate blocks so that both paths see the same machine conditions.
    let a = 0;
    let b = 0;
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      a += await run(full, { cookie }, requests / rounds);
      b += await run(bare, {}, requests / rounds);
    }
    await full.close();
    await bare.close();
    return { authorized: requests / (a / 1000), bypassed: requests / (b / 1000) };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
