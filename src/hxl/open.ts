import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Dataset } from './dataset.js';
import { readHxlJson } from './json.js';
import { readHxlCsv } from './read.js';
import { readHxlXlsx } from './xlsx.js';
import { HxlError } from './tags.js';

export type HxlFormat = 'csv' | 'json' | 'xlsx';

/** What a file is, from its first bytes rather than its name: JSON, a zip (XLSX), text (CSV) or something else. */
export async function sniffFormat(path: string): Promise<HxlFormat> {
  const name = basename(path);
  const fh = await open(path, 'r').catch(() => {
    throw new HxlError(`${name}: the file does not exist or cannot be read`);
  });
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (bytesRead === 0) throw new HxlError(`${name}: the file is empty`);
    if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
    if (head.includes(0)) throw new HxlError(`${name}: not a CSV, JSON or XLSX file (binary content)`);
    const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return text.startsWith('[') || text.startsWith('{') ? 'json' : 'csv';
  } finally {
    await fh.close();
  }
}

/** Opens any HXL file Tandem reads, whatever its name says. */
export async function openHxl(path: string, opts: { untagged?: boolean } = {}): Promise<Dataset> {
  const format = await sniffFormat(path);
  if (format === 'json') return readHxlJson(path);
  if (format === 'xlsx') return readHxlXlsx(path);
  return readHxlCsv(path, opts);
}
