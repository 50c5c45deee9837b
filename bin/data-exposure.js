#!/usr/bin/env node
// The `data-exposure` command: scans JS/TS files for Excessive Data Exposure and Mass Assignment.
// The implementation is compiled TypeScript in dist/ (src/cli/main.ts).
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: Boolean(process.stderr.isTTY),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
});
// Let stdout drain before exiting (a large report piped to a file or another process).
process.stdout.write('', () => process.exit(code));
