/**
 * Test helper run as its own process (`node --import tsx --conditions=@rollq/source serve-once.ts <state> <workers>`): serves
 * the state, prints `/models` and a `/predict` of a stored and of a computed day as one JSON line, then closes
 * the server and returns, without `process.exit`: the process ends only when nothing is left open (a MongoDB
 * client, a worker thread), so a test that waits for its exit checks that shutdown closed them.
 */
import { pino } from 'pino';
import { loadServeConfig } from '../config/load-serve-config.js';
import { buildServer } from '../http/server.js';

const [stateDir, workers] = process.argv.slice(2) as [string, string];
const app = await buildServer({
  stateDir,
  config: loadServeConfig({ env: { ROLLQ_SERVE_PREDICT__WORKERS: workers, ROLLQ_SERVE_MONITOR__ENABLED: 'false' } }),
  logger: pino({ level: 'silent' }),
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const predict = async (date: string) =>
  (
    await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instruments: ['AAPL', 'MSFT', 'XOM'], date }),
    })
  ).json();
const out = {
  store: app.service.snapshot?.storeLocation ?? null,
  models: await (await fetch(`${url}/models`)).json(),
  stored: await predict('2016-11-04'),
  computed: await predict('2016-11-14'),
};
await app.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
