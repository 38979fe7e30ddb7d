import { ImportError } from '../core/errors.js';
import { HxlError } from '../hxl/index.js';

/** A reading failure as the import's refusal, naming the file (and the row, when known): what imports and previews answer. */
export function asImport(e: unknown, file: string): unknown {
  if (e instanceof HxlError) return new ImportError(e.message, [{ file, row: e.row, column: e.column, message: e.message.replace(`${file}: `, '') }]);
  return e;
}
