import { afterAll, expect, it } from 'vitest';
import { killChildren } from '../scripts/faults/common.js';
import { sigtermUnderLoad } from '../scripts/faults/shutdown.js';

afterAll(killChildren);

it('stops on SIGTERM under load: in-flight requests answered, later ones 503 or refused, exit 0 within 10 s, nothing lost', async () => {
  // The real `tandem serve` on SQLite, a few hundred requests from 127.0.0.1 with uploads among them; the
  // signal (sent twice) falls while the server handles an upload.
  const result = await sigtermUnderLoad({ runs: 1, requests: 400 });
  expect(result.problems).toEqual([]);
  expect(result.survived).toBe(1);
}, 150_000);
