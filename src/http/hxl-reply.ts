import { PassThrough, Readable } from 'node:stream';
import { writeHxlXlsx } from '../hxl/xlsx.js';
import { listAsDataset, type HxlField } from '../hxl/table.js';
import type { FastifyReply } from 'fastify';
import type { Dataset } from '../hxl/dataset.js';
import { writeHxlJson } from '../hxl/json.js';
import { writeHxlCsv } from '../hxl/write.js';

/** Streams a dataset as `hxl` (CSV), `hxl-json`, `hxl-objects` or `xlsx`, as a download named after the list. */
export function sendHxl(reply: FastifyReply, ds: Dataset, format: string, name: string) {
  if (format === 'xlsx') {
    const out = new PassThrough();
    writeHxlXlsx(ds, out).catch((e: unknown) => out.destroy(e as Error));
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`);
    return reply.send(out);
  }
  const csv = format === 'hxl';
  reply.header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.${csv ? 'hxl.csv' : 'hxl.json'}"`);
  return reply.send(Readable.from(csv ? writeHxlCsv(ds) : writeHxlJson(ds, { objects: format === 'hxl-objects' })));
}

/** A list route's answer: the JSON value as it is, or the items exported in the requested HXL format. */
export function replyList<T>(reply: FastifyReply, format: string, json: unknown, items: Iterable<T>, fields: ReadonlyArray<HxlField<T>>, name: string) {
  return format === 'json' ? json : sendHxl(reply, listAsDataset(fields, items), format, name);
}
