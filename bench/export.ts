import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operatorCtx } from '../src/core/actor.js';
import { createApp } from '../src/app.js';
import { openDatabase } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import type { FigureDraft } from '../src/figures/figure.model.js';
import { buildServer } from '../src/http/server.js';

/**
 * Exports `n` figures as HXL CSV through the HTTP API (a real socket, the response streamed) and reports
 * the time to the last byte and the server's peak memory. The figures are synthetic: every origin-host
 * pair of a country list, by year.
 */
export async function benchExport(n = 1_000_000): Promise<{ figures: number; seconds: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-export-'));
  const database = openDatabase({ file: join(dir, 'bench.db') });
  try {
    await migrate(database);
    const app = createApp(database);
    const codes = (await database.db.selectFrom('countries').select('iso3').where('is_pseudo', '=', 0).execute()).map((r) => r.iso3);
    async function* rows() {
      let i = 0;
      for (let year = 1900; i < n; year++) {
        for (const origin of codes) {
          for (const host of codes) {
            if (i >= n) return;
            const d: FigureDraft = { refDate: `${year}-12-31`, datePrecision: 'year', origin, host, area: null, type: 'MIG', sex: 'total',
              value: i % 9973, includesProtection: false, sourceOrg: 'iom', sourceDataset: 'bench', sourceRow: i, method: 'synthetic' };
            yield { row: ++i, rowKey: String(i), figures: [d], errors: [] };
          }
        }
      }
    }
    await app.imports.ingest(operatorCtx(), 'bench', 'synthetic', rows(), { sha256: () => '', asOrg: 'iom' });
    const server = await buildServer(app);
    const address = await server.listen({ port: 0, host: '127.0.0.1' });
    const t0 = performance.now();
    const bytes = await new Promise<number>((resolve, reject) => {
      get(`${address}/api/v1/figures?format=hxl`, (res) => {
        let total = 0;
        res.on('data', (c: Buffer) => { total += c.length; });
        res.on('end', () => resolve(total));
        res.on('error', reject);
      }).on('error', reject);
    });
    const seconds = (performance.now() - t0) / 1000;
    await server.close();
    return { figures: n, seconds, bytes };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
