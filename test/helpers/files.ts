import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

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

/**
 * A zip written byte by byte, so that a test can make it lie: `declaredSize` replaces an entry's true
 * uncompressed size in both headers (a zip bomb hides its size that way).
 */
export function makeZip(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 10); local.writeUInt32LE(crc, 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10); central.writeUInt32LE(0, 12); central.writeUInt32LE(crc, 16); central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
