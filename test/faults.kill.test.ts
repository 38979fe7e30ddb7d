import { afterAll, describe, it } from 'vitest';
import { killChildren } from '../scripts/faults/common.js';
import { killDuringImport } from '../scripts/faults/kill-import.js';
import { ENGINES, PG_URL } from './helpers/engines.js';

// The real `tandem import` of 3,000 rows of UNHCR's 2024-2025 file (read in place from the shared data),
// killed with SIGKILL: a third of the kills anywhere in the process's life, the rest inside the import.
// 24,000 figures into an empty table: the import drops the figures' secondary indexes (and on PostgreSQL
// their foreign keys) after 20,000 and builds them again before committing, so late kills land there.
const KILLS = 12;
const ROWS = 3000;

afterAll(killChildren);

// Both engines at once: most of a run is a child process starting, which leaves room for the other engine's.
describe('kill -9 during an import', () => {
  for (const engine of ENGINES) {
    it.concurrent(`[${engine}] leaves all or nothing, a sound database and audit chain, and a retry that applies exactly once (${KILLS} kills)`, async ({ expect }) => {
      const result = await killDuringImport({ engine, runs: KILLS, pgUrl: PG_URL, rows: ROWS });
      expect(result.problems).toEqual([]);
      expect(result.runs).toBe(KILLS);
      expect(result.survived).toBe(KILLS);
      // The kills reached the import itself, not only the start-up before it.
      expect(result.details.filter((d) => d.phase === 'during-import').length).toBeGreaterThan(0);
    }, 240_000);
  }
});
