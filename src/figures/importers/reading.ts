import { DomainError, ImportError } from '../../core/errors.js';
import { HxlError } from '../../hxl/index.js';

/** An HXL reading error, or a file too large once expanded, as the import's refusal naming the file and row. */
export function asImportError(file: string, e: unknown): unknown {
  if (e instanceof HxlError) return new ImportError(e.message, [{ file, row: e.row, message: e.message.replace(`${file}: `, '') }]);
  if (e instanceof DomainError && e.code === 'too_large') return new ImportError(e.message, e.details);
  return e;
}

/** Rows whose reading may fail part-way (a hostile JSON value, a broken CSV quote): failures become refusals. */
export async function* readingErrors<T>(file: string, rows: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (e) {
    throw asImportError(file, e);
  }
}
