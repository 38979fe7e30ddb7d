import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Dataset } from '../hxl/dataset.js';
import { writeHxlJson } from '../hxl/json.js';
import { writeHxlCsv } from '../hxl/write.js';

/** Streams a dataset as `hxl` (CSV), `hxl-json` or `hxl-objects`, as a download named after the list. */
export function sendHxl(reply: FastifyReply, ds: Dataset, format: string, name: string) {
  const csv = format === 'hxl';
  reply.header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.${csv ? 'hxl.csv' : 'hxl.json'}"`);
  return reply.send(Readable.from(csv ? writeHxlCsv(ds) : writeHxlJson(ds, { objects: format === 'hxl-objects' })));
}
