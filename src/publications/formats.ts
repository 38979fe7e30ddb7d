import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { ValidationError } from '../core/errors.js';
import { sheetName, tableCsv } from './publications.rules.js';
import type { PublishedItem } from './publications.schemas.js';

/** A published version as the download routes need it. */
interface Version { slug: string; version: number; title: { en: string }; items: PublishedItem[] }

const itemTitle = (it: PublishedItem, n: number) => it.spec.caption?.en?.trim() || `Item ${n}: ${it.data.source.label}`;

/**
 * Writes a workbook with one sheet per item (headers, then HXL hashtags, then the rows), streamed as exceljs
 * writes it, as src/hxl/xlsx.ts writes one dataset.
 */
async function writeWorkbook(v: Version, out: PassThrough): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  for (const [i, it] of v.items.entries()) {
    const sheet = wb.addWorksheet(sheetName(i + 1, itemTitle(it, i + 1)));
    sheet.addRow(it.data.columns.map((c) => c.header)).commit();
    sheet.addRow(it.data.columns.map((c) => c.tag)).commit();
    for (const r of it.data.rows) sheet.addRow(r).commit();
    sheet.commit();
  }
  await wb.commit();
}

/**
 * Sends a published version as CSV or HXL CSV (one item's table with `item`, else every item's table one
 * after another, each under a line naming it and followed by an empty line), or as XLSX (a sheet per item).
 */
export async function sendVersion(reply: FastifyReply, v: Version, format: 'csv' | 'hxl' | 'xlsx', item: number | undefined): Promise<void> {
  const name = `${v.slug}-v${v.version}`;
  if (item !== undefined && item > v.items.length) throw new ValidationError('no such item', [{ field: 'item', message: `the report has ${v.items.length} item(s)` }]);
  if (format === 'xlsx') {
    const out = new PassThrough();
    writeWorkbook(item === undefined ? v : { ...v, items: [v.items[item - 1]!] }, out).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`);
    await reply.send(out);
    return;
  }
  const hxl = format === 'hxl';
  const text = item !== undefined
    ? tableCsv(v.items[item - 1]!.data, hxl)
    : v.items.map((it, i) => `${tableCsv({ columns: [{ header: itemTitle(it, i + 1), tag: '' }], rows: [] }, false)}${tableCsv(it.data, hxl)}`).join('\r\n');
  const file = `${name}${item !== undefined ? `-item${item}` : ''}${hxl ? '.hxl.csv' : '.csv'}`;
  reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`);
  await reply.send(Readable.from([text]));
}
