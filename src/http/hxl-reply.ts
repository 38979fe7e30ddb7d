import { PassThrough, Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { listAsDataset, writeHxlCsv, writeHxlJson, writeHxlXlsx, type Dataset, type HxlField } from '../hxl/index.js';
import type { ExportFormat } from './schemas.js';

/**
 * Streams a dataset as `hxl` (CSV), `hxl-json`, `hxl-objects` or `xlsx`, as a download named after the
 * list, and resolves once it is sent.
 */
export async function sendHxl(reply: FastifyReply, ds: Dataset, format: Exclude<ExportFormat, 'json'>, name: string): Promise<void> {
  if (format === 'xlsx') {
    const out = new PassThrough();
    writeHxlXlsx(ds, out).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`);
    await reply.send(out);
    return;
  }
  const csv = format === 'hxl';
  reply.header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.${csv ? 'hxl.csv' : 'hxl.json'}"`);
  await reply.send(Readable.from(csv ? writeHxlCsv(ds) : writeHxlJson(ds, { objects: format === 'hxl-objects' })));
}

/** A list route's answer: the JSON value as it is, or the items exported in the requested HXL format. */
export async function replyList<J, T>(reply: FastifyReply, format: ExportFormat, json: J, items: Iterable<T>, fields: ReadonlyArray<HxlField<T>>, name: string): Promise<J | undefined> {
  if (format === 'json') return json;
  await sendHxl(reply, listAsDataset(fields, items), format, name);
  return undefined;
}

/** Streams a file as a download, resolving once it is sent. */
export async function sendStream(reply: FastifyReply, stream: Readable, contentType: string, filename: string): Promise<void> {
  reply.header('content-type', contentType).header('content-disposition', `attachment; filename="${filename}"`);
  await reply.send(stream);
}
