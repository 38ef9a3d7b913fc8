import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OnlineManager } from '@rollq/online';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServeConfig } from '../config/load-serve-config.js';
import type { PredictAnswer } from '../state/predictor.js';
import { buildSmallState } from '../testing/small-state.js';
import { buildServer, type ServeApp } from './server.js';

const NAMES = ['AAPL', 'MSFT', 'XOM', 'KO', 'JPM', 'NOPE'];

/** A server over `dir` with `workers` prediction workers (0: computed in the server's thread). */
async function start(
  dir: string,
  workers: number,
  env: Record<string, string> = {},
  predictDelayMs?: (id: string, date: string) => number,
) {
  const app: ServeApp = await buildServer({
    stateDir: dir,
    config: loadServeConfig({
      env: {
        ROLLQ_SERVE_STATE__POLL_INTERVAL_MS: '100',
        ROLLQ_SERVE_PREDICT__WORKERS: String(workers),
        ROLLQ_SERVE_MONITOR__ENABLED: 'false',
        ...env,
      },
    }),
    logger: pino({ level: 'silent' }),
    predictDelayMs,
  });
  return { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

async function predict(url: string, date: string, instruments = NAMES) {
  const res = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instruments, date }),
  });
  return { status: res.status, body: (await res.json()) as PredictAnswer & { error?: string; reason?: string } };
}

async function until(what: string, ok: () => boolean, ms = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('/predict through the prediction workers', () => {
  let root: string;
  let dir: string;
  let manager: OnlineManager;
  let inThread: Awaited<ReturnType<typeof start>>;
  let pooled: Awaited<ReturnType<typeof start>>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-serve-pool-'));
    dir = join(root, 'state');
    ({ manager } = await buildSmallState(dir));
    inThread = await start(dir, 0);
    pooled = await start(dir, 2);
  });
  afterAll(async () => {
    await inThread?.app.close();
    await pooled?.app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('computes the same scores in the workers as in the server thread, each model in parallel', async () => {
    expect(inThread.app.service.pool).toBeNull();
    for (const date of ['2016-11-14', '2016-11-15']) {
      const a = await predict(inThread.url, date);
      const b = await predict(pooled.url, date);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(b.body.models).toHaveLength(pooled.app.service.snapshot!.models.length);
      expect(b.body.models.every((m) => m.source === 'computed')).toBe(true);
      expect(b.body.models.every((m) => typeof m.scores.AAPL === 'number' && m.scores.NOPE === null)).toBe(true);
      // the same numbers to the last bit: one implementation, two threads
      expect(b.body).toEqual(a.body);
    }
    // the pool runs two threads and the answers came from them; which thread takes which model is piscina's
    // choice (on a loaded machine one thread may take both), so the count of threads that answered is not pinned
    expect(pooled.app.service.pool!.threads).toBe(2);
    expect(pooled.app.service.pool!.workerCommits.size).toBeGreaterThanOrEqual(1);
  });

  it('answers a computation past the timeout with 503 JSON at the timeout; the next request is answered', async () => {
    const slow = await start(dir, 1, { ROLLQ_SERVE_SERVER__REQUEST_TIMEOUT_MS: '6000' }, (_id, date) =>
      date === '2016-11-16' ? 60_000 : 0,
    );
    try {
      const t0 = performance.now();
      const late = await predict(slow.url, '2016-11-16');
      const waited = performance.now() - t0;
      expect(late.status).toBe(503);
      expect(late.body).toMatchObject({ error: 'timeout', reason: 'POST /predict took longer than 6000 ms' });
      expect(waited).toBeLessThan(30_000); // the answer did not wait for the blocked worker's 60 s
      // the blocked worker was terminated, not waited for: the one thread answers the next day
      const next = await predict(slow.url, '2016-11-17');
      expect(next.status).toBe(200);
      expect(next.body.models.every((m) => m.source === 'computed')).toBe(true);
      expect(next.body).toEqual((await predict(inThread.url, '2016-11-17')).body);
    } finally {
      await slow.app.close();
    }
  });

  it('has the workers load the models of a new commit when it is swapped in', async () => {
    const before = pooled.app.service.snapshot!.commit;
    expect([...pooled.app.service.pool!.workerCommits.values()].every((c) => c === before)).toBe(true);
    await manager.routine('2016-11-14'); // new windows come online on 2016-11-14: a new online set
    await until('the new commit', () => [pooled, inThread].every((s) => s.app.service.snapshot!.commit > before));
    const after = pooled.app.service.snapshot!.commit;
    // after every stored prediction of the new models too: computed by the workers
    const a = await predict(inThread.url, '2016-12-30');
    const b = await predict(pooled.url, '2016-12-30');
    expect(b.status).toBe(200);
    expect(b.body.models.every((m) => m.source === 'computed')).toBe(true);
    expect(b.body.commit).toBe(after);
    expect(b.body).toEqual(a.body);
    expect([...pooled.app.service.pool!.workerCommits.values()]).toContain(after);
  });
});
