import { expect, it } from 'vitest';
import { postgresBin } from '../scripts/faults/pg-cluster.js';
import { pgRestartUnderTraffic } from '../scripts/faults/pg-restart.js';

// Tandem in this process on a throwaway PostgreSQL cluster (initdb in a temporary directory, its own port):
// the shared cluster the other tests use is never restarted. Without initdb and pg_ctl the test is skipped,
// unless TANDEM_REQUIRE_PG=1 (then it fails).
const available = postgresBin() !== null || process.env.TANDEM_REQUIRE_PG === '1';
if (!available) console.warn('PostgreSQL restart scenario skipped: no initdb / pg_ctl under /usr/lib/postgresql (set TANDEM_PG_BIN)');

it.skipIf(!available)('answers 503 at once while PostgreSQL restarts or crashes, and 200 again within 10 s of its return', async () => {
  const result = await pgRestartUnderTraffic({ cycles: 2 });
  expect(result.problems).toEqual([]);
  expect(result.survived).toBe(2);
}, 150_000);
