/**
 * `rollq serve` under load: autocannon against `GET /signals` (cached) and `POST /predict` (50 names, a new
 * set each request: every request misses the cache) over a real online state with 2 online LightGBM models
 * (2 strategies, 100 S&P 500 names, Alpha158). The server runs in a child process so the load generator
 * does not share its event loop. Prints req/s, p50 / p99 latency, the server's CPU seconds and the load
 * average (the numbers mean little on a loaded machine).
 * Run: npm run bench -w @rollq/serve   (BENCH_SECONDS=10 by default; BENCH_CONNECTIONS=32)
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { OnlineManager } from '@rollq/online';
import type { TaskConfig } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { smallGbdtTask } from '@rollq/workflow/testing';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { loadServeConfig } from '../src/config/load-serve-config.js';
import { buildServer } from '../src/http/server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

function template(names: string[], depth: number): TaskConfig {
  return smallGbdtTask({ testEnd: '2016-10-14', instruments: names, rounds: 20, depth });
}

/**
 * The child: serves `dir` on a loopback port, tells the parent its URL, reports its CPU time (every thread's,
 * the prediction workers' too) when asked. `workers`: `predict.workers` ('' = the default, cores - 1).
 */
async function serveChild(dir: string, workers: string): Promise<void> {
  const config = loadServeConfig({
    env: {
      ROLLQ_SERVE_THRESHOLDS__STALE_TRADING_DAYS: '100000',
      // the computed-day rows queue requests that each compute every model: not a timeout's business here
      ROLLQ_SERVE_SERVER__REQUEST_TIMEOUT_MS: '120000',
      ...(workers === '' ? {} : { ROLLQ_SERVE_PREDICT__WORKERS: workers }),
    },
  });
  const app = await buildServer({ stateDir: dir, config, logger: pino({ level: 'warn' }) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ url });
  process.on('message', async (m: { cmd: string }) => {
    if (m.cmd === 'cpu') process.send!({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
    if (m.cmd === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
}

async function main(): Promise<void> {
  const provider = QlibProvider.open(await usQlibDir());
  const cal = provider.calendar;
  const members = provider.listInstruments('sp500', cal.indexOf('2016-01-04'), cal.indexOf('2016-10-14'));
  const names = [...members.keys()].sort().slice(0, 100);
  const root = mkdtempSync(join(tmpdir(), 'rollq-serve-bench-'));
  const dir = join(root, 'state');
  const t0 = performance.now();
  const m = await OnlineManager.init(
    dir,
    {
      strategies: [
        { name: 'shallow', template: [template(names, 3)], rolling: { step: 10 } },
        { name: 'deep', template: [template(names, 6)], rolling: { step: 10 } },
      ],
      beginTime: '2016-10-14',
      region: 'us',
    },
    { provider, warn: () => {} },
  );
  await m.routine('2016-10-14');
  const online = Object.values(m.history().at(-1)!.online).flat().length;
  const buildS = (performance.now() - t0) / 1000;

  const { url, ask, stop } = await startChild(dir, '');

  const pick = (k: number) => {
    const a = [...names];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, k);
  };
  // a day after the stored predictions: computed from the features and the models, once per model
  const coldStart = performance.now();
  const cold = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instruments: pick(50), date: '2016-10-17' }),
  });
  const coldMs = performance.now() - coldStart;
  if (cold.status !== 200) throw new Error(`cold /predict answered ${cold.status}: ${await cold.text()}`);
  await fetch(`${url}/signals`);

  // warm-up (JIT, the cache's first entries), not measured
  await autocannon({ url: `${url}/signals`, connections: CONNECTIONS, duration: 2 });
  await autocannon({
    url: `${url}/predict`,
    connections: CONNECTIONS,
    duration: 2,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instruments: pick(50), date: '2016-10-14' }),
  });
  const rows: string[][] = [];
  const cpuBefore = await ask<NodeJS.CpuUsage>('cpu', 'cpu');
  const run = async (label: string, opts: Omit<autocannon.Options, 'url'>) => {
    const c0 = await ask<NodeJS.CpuUsage>('cpu', 'cpu');
    const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...opts });
    const c1 = await ask<NodeJS.CpuUsage>('cpu', 'cpu');
    const cpu = (c1.user - c0.user + c1.system - c0.system) / 1e6;
    const bad = r.non2xx + r.errors + r.timeouts;
    rows.push([label, r.requests.average.toFixed(0), r.latency.p50.toFixed(2), r.latency.p99.toFixed(2), String(bad), cpu.toFixed(1)]);
  };
  await run('GET /signals (cached, all 100 rows)', { requests: [{ method: 'GET', path: '/signals' }] });
  await run('GET /signals?top=10 (cached)', { requests: [{ method: 'GET', path: '/signals?top=10' }] });
  await run('POST /predict, 50 names, stored day, uncached', {
    requests: [
      {
        method: 'POST',
        path: '/predict',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ instruments: pick(50), date: '2016-10-14' }) }),
      },
    ],
  });
  await run('POST /predict, 50 names, computed day, uncached names', {
    requests: [
      {
        method: 'POST',
        path: '/predict',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ instruments: pick(50), date: '2016-10-17' }) }),
      },
    ],
  });
  const cpuAfter = await ask<NodeJS.CpuUsage>('cpu', 'cpu');
  const rss = await ask<number>('cpu', 'rss');
  await stop();

  // every request a day no request asked before (after the stored predictions): each model's day is computed,
  // in the server's thread (0) or by the worker pool; one server per row, each with an empty cache
  const days = cal.dates.slice(cal.indexOf('2016-10-17'));
  const amount = Math.min(days.length, Number(process.env.BENCH_COMPUTED_REQUESTS ?? 40));
  const cores = cpus().length;
  for (const workers of [0, Math.max(1, cores - 1), 2].filter((w, i, a) => a.indexOf(w) === i)) {
    const srv = await startChild(dir, String(workers));
    // not measured: the workers start (and load the models) on the first computed day, the thread JITs
    const warm = await fetch(`${srv.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instruments: pick(50), date: cal.last }),
    });
    if (warm.status !== 200) throw new Error(`warm-up /predict answered ${warm.status}: ${await warm.text()}`);
    let next = 0;
    const c0 = await srv.ask<NodeJS.CpuUsage>('cpu', 'cpu');
    const r = await autocannon({
      url: srv.url,
      connections: 2,
      amount,
      requests: [
        {
          method: 'POST',
          path: '/predict',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ instruments: pick(50), date: days[next++ % days.length] }) }),
        },
      ],
    });
    const c1 = await srv.ask<NodeJS.CpuUsage>('cpu', 'cpu');
    await srv.stop();
    const cpu = (c1.user - c0.user + c1.system - c0.system) / 1e6;
    const label = `POST /predict, 50 names, a new computed day each (${amount}), ${workers === 0 ? 'in-thread' : `${workers} worker${workers > 1 ? 's' : ''}`}`;
    const bad = r.non2xx + r.errors + r.timeouts;
    rows.push([label, (amount / r.duration).toFixed(1), r.latency.p50.toFixed(0), r.latency.p99.toFixed(0), String(bad), cpu.toFixed(1)]);
  }
  rmSync(root, { recursive: true, force: true });

  const head = ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx+err', 'server cpu s'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`rollq serve bench: ${online} online models, ${names.length} names, ${CONNECTIONS} connections, ${SECONDS} s per row`);
  console.log(
    `state built in ${buildS.toFixed(1)} s; first /predict of a day after the stored ones (computes 2 models' features): ${coldMs.toFixed(0)} ms`,
  );
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  const cpu = (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / 1e6;
  console.log(
    `server: ${cpu.toFixed(1)} CPU s (user+sys) over the rows, RSS ${(rss / 2 ** 20).toFixed(0)} MiB; ${cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

/** A server child over `dir`: its URL, a request for a figure it reports, and its stop. */
async function startChild(dir: string, workers: string) {
  const child = fork(new URL(import.meta.url).pathname, ['--serve', dir, workers], { execArgv: process.execArgv, stdio: 'inherit' });
  const ask = <T>(cmd: string, key: string) =>
    new Promise<T>((r) => {
      const on = (msg: Record<string, unknown>) => {
        if (key in msg) {
          child.off('message', on);
          r(msg[key] as T);
        }
      };
      child.on('message', on);
      if (cmd) child.send({ cmd });
    });
  const url = await ask<string>('', 'url');
  const stop = async () => {
    child.send({ cmd: 'stop' });
    await new Promise((r) => child.on('exit', r));
  };
  return { url, ask, stop };
}

if (process.argv[2] === '--serve') await serveChild(process.argv[3]!, process.argv[4] ?? '');
else await main();
