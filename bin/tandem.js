#!/usr/bin/env node
// Entry point of the `tandem` command: runs the compiled CLI (built by `npm install` / `npm run build`).
import '../dist/cli/run.js';
