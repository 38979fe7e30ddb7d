import { InvalidArgumentError, type Command } from 'commander';
import { clipError, describeLocation, DomainError, ImportError } from '../core/errors.js';
import { HxlError } from '../hxl/index.js';

const nf = new Intl.NumberFormat('en-US');
export const num = (n: number | null | undefined) => (n === null || n === undefined ? '' : nf.format(n));

/** A plain text table: columns padded to their widest cell. */
export function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? num(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Prints an error as a person reads it; internal errors say only that something went wrong. */
export function printError(e: unknown): number {
  if (e instanceof DomainError) {
    const clipped = clipError(e);
    process.stderr.write(`error: ${clipped.message}\n`);
    for (const d of clipped.details) {
      const where = describeLocation(d);
      process.stderr.write(`  ${where ? `${where}: ` : ''}${d.message}\n`);
    }
    if (e instanceof ImportError && e.totalErrors > e.details.length) {
      process.stderr.write(`  ... and ${num(e.totalErrors - e.details.length)} more\n`);
    }
    return 1;
  }
  if (e instanceof HxlError) {
    process.stderr.write(`error: ${e.message}\n`);
    return 1;
  }
  const err = e as { code?: string; message?: string };
  if (err.code === 'ECONNREFUSED') {
    process.stderr.write('error: cannot connect to the database (is PostgreSQL running? check DATABASE_URL)\n');
    return 1;
  }
  process.stderr.write(`error: ${err.message ?? String(e)}\n`);
  return 1;
}

/** A one-line progress indicator on standard error, redrawn in place; silent when not on a terminal. */
export function progress(label: string) {
  const tty = process.stderr.isTTY === true;
  return {
    update(p: { rowsRead: number; bytesRead: number; totalBytes: number }) {
      if (!tty) return;
      const pct = p.totalBytes > 0 ? Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100)) : 0;
      const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
      process.stderr.write(`\r${label} [${bar}] ${String(pct).padStart(3)}%  ${num(p.rowsRead)} rows`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

/** A `--year` argument: four digits. */
export function parseYearArg(v: string): number {
  if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError('expected a four-digit year');
  return Number(v);
}

/**
 * The command group of this name, created the first time a module asks for it: several modules add
 * subcommands to `situation` (its definition here, its summary in coordination).
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
