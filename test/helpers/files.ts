import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = mkdtempSync(join(tmpdir(), 'tandem-files-'));

/** Writes a small test file (plain, or gzip when the name ends in .gz) and returns its path. */
export function writeFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  writeFileSync(path, name.endsWith('.gz') && typeof content === 'string' ? gzipSync(data) : data);
  return path;
}

export const UNHCR_HEADER =
  'year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst';

/** A UNHCR population file from rows of [year, coo_iso, coa_iso, refugees, asylum_seekers, ...]. */
export function unhcrCsv(rows: string[]): string {
  return [UNHCR_HEADER, ...rows].join('\n') + '\n';
}

/** A row with the given counts for refugees and asylum-seekers, others zero, OIP not available. */
export function unhcrRow(year: number, coo: string, coa: string, ref: string | number, asy: string | number): string {
  return `${year},"x","x",${coo},"y","y",${coa},${ref},${asy},0,0,0,0,0,,0`;
}
