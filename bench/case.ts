import { CASES } from './cases.js';

// Child process: runs one case and prints its result as one JSON line.
const [name, file] = process.argv.slice(2);
const run = name ? CASES[name] : undefined;
if (!run || !file) {
  console.error(`usage: case.ts <${Object.keys(CASES).join('|')}> FILE`);
  process.exit(2);
}
const result = await run(file);
console.log(JSON.stringify({ name, ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
