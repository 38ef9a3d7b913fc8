// The signal-metrics worker run from the TypeScript sources (tests, `--conditions=@rollq/source`): Node 20 does
// not apply `--import tsx` to worker threads, so the worker registers tsx itself, then loads the worker module.
import { register } from 'tsx/esm/api';

register();
await import('./signal-metrics-worker.ts');
