import { buildProgram } from './main.js';
import { printError } from './output.js';

// The `tandem` command: parse the arguments, run, and turn any error into a message and an exit code.
buildProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    process.exitCode = printError(e);
  });
