// Runs the chart worker from its TypeScript source in a worker thread (tests: the built dist/chart-worker.js
// is what ChartRenderer starts by default).
import { register } from 'tsx/esm/api';

register();
await import('../src/report/chart-worker.ts');
