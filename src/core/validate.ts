import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValidationError, type ErrorDetail } from './errors.js';

/** A day of the calendar, YYYY-MM-DD, that exists: 2027-02-30 has the shape of a day and is none. */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** JSON Schema formats the schemas use, known to every validator: here TypeBox's, in http/server.ts Ajv's. */
export const FORMATS = { date: isCalendarDay } as const;
for (const [name, check] of Object.entries(FORMATS)) FormatRegistry.Set(name, check);

/** How many problems a refused input lists. */
const MAX_DETAILS = 50;

/**
 * A service's check of its input against the same TypeBox schema its route declares, compiled once.
 * Whatever the channel (API, CLI, seed, another module), the input is refused with every field at fault
 * named (`rows[3].newReached`), and never coerced: `null`, `""` or `"12"` for a number are errors.
 */
export function inputCheck<T extends TSchema>(schema: T, what: string): (value: unknown) => Static<T> {
  const compiled = TypeCompiler.Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return value;
    const details: ErrorDetail[] = [];
    const seen = new Set<string>();
    for (const e of compiled.Errors(value)) {
      const field = fieldOf(e.path);
      // A union of fixed values fails once per value: say it once, naming the values.
      const choices = literalChoices(e.schema);
      const message = choices ? `must be one of ${choices.join(', ')}` : e.message.replace(/^Expected/, 'expected');
      const key = `${field}|${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      details.push({ field, message });
      if (details.length >= MAX_DETAILS) break;
    }
    throw new ValidationError(`the ${what} is not valid`, details);
  };
}

/** `/rows/3/newReached` → `rows[3].newReached`. */
function fieldOf(path: string): string {
  const parts = path.split('/').filter(Boolean).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(input)';
}

function literalChoices(schema: TSchema): string[] | null {
  const anyOf = (schema as { anyOf?: Array<{ const?: unknown }> }).anyOf;
  if (!anyOf?.length || !anyOf.every((s) => s.const !== undefined)) return null;
  return anyOf.map((s) => String(s.const));
}

/**
 * A stored code read back as one of its allowed values. The database only ever holds allowed values; a
 * value outside them means the data was changed behind Tandem's back, an internal error, never coerced.
 */
export function member<const T extends string>(values: readonly T[], value: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new Error(`stored value "${value}" is not one of ${values.join(', ')}`);
  return found;
}
