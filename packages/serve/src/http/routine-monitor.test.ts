import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OnlineManager } from '@rollq/online';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuditLog } from '../admin/audit-log.js';
import { loadServeConfig } from '../config/load-serve-config.js';
import type { SignalAlert } from '../monitor/signal-monitor.js';
import { buildSmallState } from '../testing/small-state.js';
import { buildServer } from './server.js';

interface Ready {
  ready: boolean;
  state: string;
  reasons: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The value of an unlabelled metric in a /metrics text. */
const metric = (text: string, name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1]);

/** The routine's outcome and latency, and /predict's latency, as metrics, alerts (once per cause) and the service state. */
describe('rollq serve and the routine log', () => {
  let root: string;
  let dir: string;
  let manager: OnlineManager;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-serve-routines-'));
    dir = join(root, 'state');
    ({ manager } = await buildSmallState(dir, '2016-11-04'));
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports the last routine; a failed one alerts once and degrades the service until a routine succeeds', async () => {
    const app = await buildServer({
      stateDir: dir,
      config: loadServeConfig({
        env: {
          ROLLQ_SERVE_STATE__POLL_INTERVAL_MS: '50',
          ROLLQ_SERVE_THRESHOLDS__STALE_TRADING_DAYS: '100000',
          ROLLQ_SERVE_THRESHOLDS__UPDATE_LATENCY_MS: '1',
        },
      }),
      logger: pino({ level: 'silent' }),
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const get = async (path: string) => (await fetch(`${url}${path}`)).text();
    const alerts = () => parseAuditLog<SignalAlert>(readFileSync(join(dir, 'serve-alerts.jsonl'), 'utf8'));
    const until = async (ok: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await ok()); i++) await sleep(50);
    };
    try {
      const m0 = await get('/metrics');
      expect(metric(m0, 'rollq_serve_last_routine_ok')).toBe(1);
      const first = app.service.lastRoutine!;
      expect(first).toMatchObject({ outcome: 'ok', date: '2016-11-04' });
      expect(metric(m0, 'rollq_serve_routine_end_timestamp_seconds')).toBe(Date.parse(first.at) / 1000);
      expect(metric(m0, 'rollq_serve_routine_duration_seconds')).toBe(first.durationMs / 1000);
      // the routine took more than the 1 ms allowed: one latency alert, however many polls read it
      await sleep(300);
      const latency = alerts().filter((a) => a.kind === 'latency');
      expect(latency).toHaveLength(1);
      expect(latency[0]).toMatchObject({ value: first.durationMs, threshold: 1, cause: `latency|${first.at}` });
      expect(metric(await get('/metrics'), 'rollq_serve_alerts_total\\{kind="latency"\\}')).toBe(1);

      // a routine dated before the manager's time fails: nothing committed, the log says why
      const err = (await manager.routine('2016-11-01').catch((e) => e)) as { hint: string };
      await until(async () => (JSON.parse(await get('/readyz')) as Ready).state === 'Degraded');
      const ready = JSON.parse(await get('/readyz')) as Ready;
      expect(ready).toMatchObject({ ready: true, state: 'Degraded' });
      expect(ready.reasons).toEqual([
        expect.stringContaining(`the last routine (2016-11-01, at ${app.service.lastRoutine!.at}) failed: CONFIG_INVALID: `),
      ]);
      expect(ready.reasons[0]).toContain(`(hint: ${err.hint})`);
      const m1 = await get('/metrics');
      expect(metric(m1, 'rollq_serve_last_routine_ok')).toBe(0);
      await sleep(300);
      const update = alerts().filter((a) => a.kind === 'update');
      expect(update).toHaveLength(1);
      expect(update[0]!.message).toMatch(/^the routine 2016-11-01 at \S+ failed: CONFIG_INVALID: .+ \(hint: .+\)$/);
      expect(update[0]!.commit).toBe(manager.snapshot().commit);
      expect(metric(await get('/metrics'), 'rollq_serve_alerts_total\\{kind="update"\\}')).toBe(1);
      const q = JSON.parse(await get('/quality')) as { alerts: SignalAlert[] };
      expect(q.alerts).toContainEqual(update[0]);

      // the next routine succeeds: the service is no longer held Degraded by the failed one
      await manager.routine('2016-11-07');
      await until(async () => (JSON.parse(await get('/readyz')) as Ready).state === 'Normal');
      expect(JSON.parse(await get('/readyz'))).toMatchObject({ state: 'Normal', reasons: [] });
      expect(metric(await get('/metrics'), 'rollq_serve_last_routine_ok')).toBe(1);
      expect(alerts().filter((a) => a.kind === 'update')).toHaveLength(1);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('alerts once when the p99 of the last /predict requests is over the threshold', async () => {
    const app = await buildServer({
      stateDir: dir,
      config: loadServeConfig({
        env: {
          ROLLQ_SERVE_STATE__POLL_INTERVAL_MS: '50',
          ROLLQ_SERVE_THRESHOLDS__PREDICT_LATENCY_MS: '0.001',
          ROLLQ_SERVE_THRESHOLDS__PREDICT_LATENCY_REQUESTS: '3',
          ROLLQ_SERVE_MONITOR__ALERTS_LOG: 'predict-alerts.jsonl',
        },
      }),
      logger: pino({ level: 'silent' }),
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const predict = () =>
      fetch(`${url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ instruments: ['AAPL', 'MSFT'], date: '2016-11-04' }),
      });
    const log = join(dir, 'predict-alerts.jsonl');
    const mine = () =>
      (existsSync(log) ? parseAuditLog<SignalAlert>(readFileSync(log, 'utf8')) : []).filter((a) => a.kind === 'predict_latency');
    try {
      // two requests: not yet a full window, no alert
      for (let i = 0; i < 2; i++) expect((await predict()).status).toBe(200);
      await sleep(200);
      expect(mine()).toEqual([]);
      expect((await predict()).status).toBe(200);
      await sleep(200);
      expect(mine()).toHaveLength(1);
      expect(mine()[0]).toMatchObject({ threshold: 0.001, commit: app.service.snapshot!.commit });
      expect(mine()[0]!.value).toBeGreaterThan(0.001);
      expect(mine()[0]!.message).toMatch(/^p99 of the last 3 \/predict requests is [\d.]+ ms > 0.001 ms$/);
      // still over: no new alert on the later polls
      for (let i = 0; i < 3; i++) await predict();
      await sleep(200);
      expect(mine()).toHaveLength(1);
    } finally {
      await app.close();
    }
  }, 60_000);
});
