#!/usr/bin/env node
// Thin launcher: the CLI is built by tsup into dist/main.js (run `npm run setup` first).
import { main } from '../dist/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
