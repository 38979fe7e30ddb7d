import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SHARED_DATA } from './engines.js';

/** The shared mixed-movement files (../shared/data/mixed_movements), read in place. */
export const MM = join(SHARED_DATA, 'mixed_movements');

/** A shared file's rows as records: these files quote every text field and hold no comma inside one (plain or gzipped). */
export function records(file: string): Array<Record<string, string>> {
  const raw = readFileSync(join(MM, file));
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',').map((c) => c.replaceAll('"', ''));
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v.replaceAll('"', '')])));
}
