import { defineModule } from '../core/module.js';
import { hxlCommands } from './hxl.commands.js';

export * from './tags.js';
export * from './dataset.js';
export * from './read.js';
export * from './csv.js';
export * from './write.js';
export * from './filters.js';
export * from './aggregate.js';
export * from './validate.js';
export { parseDate, excelSerialDate, readDate, type DateOrder, type DateReading } from './dates.js';
export * from './json.js';
export * from './json-scan.js';
export * from './open.js';
export * from './recipe.js';
export * from './table.js';
export * from './xlsx.js';
export * from './sheet.js';
export * from './mapping.js';

/** The Humanitarian Exchange Language engine every import and export uses: a library with one command, `tandem hxl`. */
export const hxlModule = defineModule({
  name: 'hxl',
  create: () => ({}),
  commands: (program) => hxlCommands(program),
});
