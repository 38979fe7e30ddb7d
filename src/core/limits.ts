import { Transform } from 'node:stream';
import { DomainError } from './errors.js';

/**
 * What an uploaded file may become once decompressed (gzip, the parts of an XLSX): a small hostile file must
 * not expand to fill the disk or memory. `TANDEM_MAX_INFLATED_MB` changes it (default 512 MB; the largest
 * real source we read, UNHCR's population.csv.gz, expands to 10 MB).
 */
export function maxInflatedBytes(): number {
  const mb = Number(process.env.TANDEM_MAX_INFLATED_MB ?? 512);
  return Math.max(1, Number.isFinite(mb) ? mb : 512) * 1024 * 1024;
}

/** Characters in one CSV record before the file is refused (an unclosed quote would otherwise read the whole file as one field). */
export const MAX_RECORD_CHARS = 1_048_576;

export const megabytes = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

/** A file that expands beyond `maxInflatedBytes`. */
export class InflatedTooLargeError extends DomainError {
  constructor(file: string, limit: number) {
    super('too_large', `${file}: the file expands beyond ${megabytes(limit)} once decompressed; nothing was imported`, [
      { file, message: `expands beyond ${megabytes(limit)}` },
    ]);
  }
}

/** A pass-through stream that fails once more than `limit` bytes have gone through it. */
export function byteCap(limit: number, tooLarge: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > limit) cb(tooLarge());
      else cb(null, chunk);
    },
  });
}
