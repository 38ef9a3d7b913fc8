// Runs the CLI from its TypeScript sources (no build): npx tsx --conditions=@rollq/source apps/cli/bin/rollq-dev.ts <command>
import { main } from '../src/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
