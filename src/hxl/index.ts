export * from './tags.js';
export * from './dataset.js';
export * from './read.js';
export * from './write.js';
export * from './filters.js';
export { parseDate } from './dates.js';
export * from './json.js';
export * from './open.js';
export * from './recipe.js';
