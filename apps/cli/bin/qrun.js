#!/usr/bin/env node
// `qrun <workflow.yaml>` is Qlib's name for `rollq run <workflow.yaml>`.
import { main } from '../dist/main.js';

main([process.argv[0], process.argv[1], 'run', ...process.argv.slice(2)]).then((code) => {
  process.exitCode = code;
});
