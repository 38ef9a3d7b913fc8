import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import type { OnlineManager } from '@rollq/online';
import { lastOnline, readState, updatePredictions } from '@rollq/online';
import { openRecorderStore, RECORD_ARTIFACTS } from '@rollq/workflow';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuditLog } from '../admin/audit-log.js';
import { readTokenFile } from '../admin/bearer-token.js';
import { loadServeConfig } from '../config/load-serve-config.js';
import type { SignalAlert } from '../monitor/signal-monitor.js';
import type { ModelAnswer, SignalRow } from '../state/predictor.js';
import { buildSmallState } from '../testing/small-state.js';
import { buildServer } from './server.js';

const TOKEN = 'test-admin-token-0123456789abcdef';

/** A server on a loopback port over `dir`, its base URL and the log lines it wrote. */
async function start(dir: string, env: Record<string, string>, tokenFile?: string) {
  const logs: string[] = [];
  const app = await buildServer({
    stateDir: dir,
    config: loadServeConfig({ env: { ROLLQ_SERVE_STATE__POLL_INTERVAL_MS: '100', ...env } }),
    token: tokenFile ? readTokenFile(tokenFile) : null,
    logger: pino({ level: 'info' }, { write: (line: string) => void logs.push(line) }),
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, logs };
}

/** The JSON answers, typed just enough for the assertions (a field an answer lacks fails them). */
interface Body {
  [key: string]: unknown;
  commit: number;
  date: string;
  rows: SignalRow[];
  models: ModelAnswer[];
  reason: string;
  reasons: string[];
  strategies: Array<{ name: string; online: Array<{ id: string; loaded: boolean }> }>;
  history: Array<Record<string, unknown>>;
}

async function call(url: string, init?: RequestInit & { json?: unknown }) {
  const { json, ...rest } = init ?? {};
  const res = await fetch(
    url,
    json === undefined
      ? rest
      : {
          ...rest,
          method: rest.method ?? 'POST',
          headers: { 'content-type': 'application/json', ...rest.headers },
          body: JSON.stringify(json),
        },
  );
  const text = await res.text();
  let body = {} as Body;
  try {
    body = JSON.parse(text) as Body;
  } catch {
    // not JSON: /metrics
  }
  return { status: res.status, body, text, type: res.headers.get('content-type') ?? '', headers: res.headers };
}

const metric = (text: string, series: string): number => {
  // a labelled counter has no series until its first increment: 0, as Prometheus reads it
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

describe('rollq serve on a real online state, over HTTP', () => {
  let root: string;
  let dir: string;
  let manager: OnlineManager;
  let fresh: Awaited<ReturnType<typeof start>>;
  let stale: Awaited<ReturnType<typeof start>> | undefined;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-serve-'));
    dir = join(root, 'state');
    ({ manager } = await buildSmallState(dir));
    writeFileSync(join(root, 'token'), `${TOKEN}\n`);
    // the shipped data runs to 2018: "fresh" here means any lag is fine
    fresh = await start(dir, { ROLLQ_SERVE_THRESHOLDS__STALE_TRADING_DAYS: '100000' }, join(root, 'token'));
  });
  afterAll(async () => {
    await fresh?.app.close();
    await stale?.app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz, and unknown paths with 404 JSON', async () => {
    expect(await call(`${fresh.url}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await call(`${fresh.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      ready: true,
      commit: manager.snapshot().commit,
      signalsTo: '2016-11-11',
      models: { loaded: 6, failed: 0 },
    });
    expect(['Normal', 'Recovering']).toContain(ready.body.state);
    const missing = await call(`${fresh.url}/nowhere?x=1`);
    expect(missing.status).toBe(404);
    expect(missing.type).toMatch(/application\/json/);
    expect(missing.body).toEqual({ error: 'not_found', field: 'path', reason: 'no route GET /nowhere' });
  });

  it('serves the committed blended signal, a day of it, the top names, and counts cache hits', async () => {
    const all = (await manager.getSignals())!;
    const day = (d: string) => {
      const dt = all.array('datetime') as string[];
      const inst = all.array('instrument') as string[];
      const score = all.array('score') as Float64Array;
      return Object.fromEntries(dt.flatMap((x, i) => (x === d ? [[inst[i]!, score[i]!]] : [])));
    };
    const latest = await call(`${fresh.url}/signals`);
    expect(latest.status).toBe(200);
    expect(latest.body.date).toBe('2016-11-11');
    expect(Object.fromEntries(latest.body.rows.map((r: SignalRow) => [r.instrument, r.score]))).toEqual(day('2016-11-11'));
    const top = await call(`${fresh.url}/signals?date=2016-11-04&top=3`);
    const want = Object.entries(day('2016-11-04')).sort((a, b) => b[1] - a[1]);
    expect(top.body.rows.map((r: SignalRow) => r.score)).toEqual(want.slice(0, 3).map((w) => w[1]));

    const before = await call(`${fresh.url}/metrics`);
    const hits0 = metric(before.text, 'rollq_serve_cache_hits_total{kind="signals"}');
    for (let i = 0; i < 3; i++) expect((await call(`${fresh.url}/signals?date=2016-11-04&top=3`)).body).toEqual(top.body);
    const after = await call(`${fresh.url}/metrics`);
    expect(after.type).toMatch(/text\/plain/);
    expect(metric(after.text, 'rollq_serve_cache_hits_total{kind="signals"}')).toBe(hits0 + 3);
    expect(metric(after.text, 'rollq_serve_cache_misses_total{kind="signals"}')).toBe(2);
    expect(metric(after.text, 'rollq_serve_online_models{strategy="gbdt"}')).toBe(3);
    expect(metric(after.text, 'rollq_serve_last_routine_timestamp_seconds')).toBe(Date.parse('2016-11-04T00:00:00Z') / 1000);
    expect(after.text).toMatch(/rollq_serve_http_request_duration_seconds_count\{route="\/signals",method="GET",status_code="200"\} \d+/);
    expect(after.text).toMatch(/rollq_serve_process_cpu_seconds_total/);
  });

  it('serves one strategy, and refuses an unknown one with 404 JSON', async () => {
    const s = await call(`${fresh.url}/signals/gbdt?date=2016-11-04`);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ strategy: 'gbdt', date: '2016-11-04' });
    expect(s.body.rows).toHaveLength(12);
    expect(s.body.rows[0].score!).toBeGreaterThanOrEqual(s.body.rows[11].score!);
    const none = await call(`${fresh.url}/signals/nope`);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ error: 'not_found', field: 'strategy' });
    expect(none.body.reason).toMatch(/strategies: gbdt, deep/);
  });

  it('predicts stored days from the stored predictions and later days from the stored features and models', async () => {
    const names = ['AAPL', 'MSFT', 'NOPE'];
    const stored = await call(`${fresh.url}/predict`, { json: { instruments: names, date: '2016-11-04' } });
    expect(stored.status).toBe(200);
    expect(stored.body.models).toHaveLength(6);
    const store = await openRecorderStore(join(dir, 'recorders'));
    const m0 = stored.body.models[0];
    const preds = await store.loadPredictions(m0.id, RECORD_ARTIFACTS.pred);
    const rows = preds.objects() as Array<{ datetime: string; instrument: string; score: number }>;
    const row = rows.find((r) => r.datetime === '2016-11-04' && r.instrument === 'AAPL')!;
    expect(m0).toMatchObject({ source: 'stored', scores: { AAPL: row.score, NOPE: null } });
    const sig = await call(`${fresh.url}/signals?date=2016-11-04`);
    expect(stored.body.blend).toEqual({
      source: 'stored',
      scores: {
        AAPL: sig.body.rows.find((r: SignalRow) => r.instrument === 'AAPL')!.score,
        MSFT: sig.body.rows.find((r: SignalRow) => r.instrument === 'MSFT')!.score,
        NOPE: null,
      },
    });

    // 2016-11-14 is after every stored prediction: computed in memory, as the prediction updater would
    const computed = await call(`${fresh.url}/predict`, { json: { instruments: names, date: '2016-11-14' } });
    expect(computed.status).toBe(200);
    expect(computed.body.models.every((m: ModelAnswer) => m.source === 'computed')).toBe(true);
    expect(computed.body.blend).toMatchObject({ source: 'computed' });
    const copy = join(root, 'copy');
    cpSync(dir, copy, { recursive: true });
    const copyStore = await openRecorderStore(join(copy, 'recorders'));
    await updatePredictions(m0.id, { store: copyStore, provider: QlibProvider.open(manager.snapshot().dataDir!), toDate: '2016-11-14' });
    const extended = (await copyStore.loadPredictions(m0.id, RECORD_ARTIFACTS.pred)).objects() as Array<{
      datetime: string;
      instrument: string;
      score: number;
    }>;
    for (const n of ['AAPL', 'MSFT']) {
      const want = extended.find((r) => r.datetime === '2016-11-14' && r.instrument === n)!.score;
      expect(computed.body.models[0].scores[n]).toBeCloseTo(want, 12);
    }
    rmSync(copy, { recursive: true, force: true });
    // the same names in another order: one cache entry
    const again = await call(`${fresh.url}/predict`, { json: { instruments: [...names].reverse(), date: '2016-11-14' } });
    expect(again.body.models[0].scores).toEqual(computed.body.models[0].scores);
    const m = await call(`${fresh.url}/metrics`);
    expect(metric(m.text, 'rollq_serve_cache_hits_total{kind="predict"}')).toBeGreaterThanOrEqual(7);
    expect(m.text).toMatch(/rollq_serve_prediction_duration_seconds_count\{source="computed"\} [1-9]/);
  });

  it('answers bad queries and bodies with 400 JSON naming the field, never a 500', async () => {
    const cases: Array<[string, RequestInit & { json?: unknown }, string]> = [
      ['/signals?top=abc', {}, 'top'],
      ['/signals?top=0', {}, 'top'],
      ['/signals?date=2016-13-01', {}, 'date'],
      ['/signals?colour=red', {}, 'colour'],
      ['/signals/gbdt?date=yesterday', {}, 'date'],
      ['/predict', { json: { instruments: [] } }, 'instruments'],
      ['/predict', { json: { instruments: ['AAPL'], date: '2016-11-05' } }, 'date'],
      ['/predict', { json: { instruments: ['AAPL', 7] } }, 'instruments.1'],
      ['/predict', { json: { instruments: ['AAPL'], extra: 1 } }, 'extra'],
      ['/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"instruments": [' }, 'body'],
      ['/predict', { method: 'POST' }, 'instruments'],
    ];
    for (const [path, init, field] of cases) {
      const r = await call(`${fresh.url}${path}`, init);
      expect([path, r.status, r.body.error, r.body.field]).toEqual([path, 400, 'bad_request', field]);
      expect(typeof r.body.reason).toBe('string');
    }
    const saturday = await call(`${fresh.url}/predict`, { json: { instruments: ['AAPL'], date: '2016-11-05' } });
    expect(saturday.body.reason).toMatch(/2016-11-05 is not a trading day/);
    const noDay = await call(`${fresh.url}/signals?date=2016-06-01`);
    expect(noDay).toMatchObject({ status: 404, body: { error: 'not_found', field: 'date' } });
  });

  it('admin endpoints need the bearer token; each call is audited', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: TOKEN }];
    for (const headers of attempts) {
      const r = await call(`${fresh.url}/admin/reload`, { method: 'POST', headers });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: 'unauthorized', field: 'authorization' });
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const ok = await call(`${fresh.url}/admin/reload`, { method: 'POST', headers: auth });
    expect(ok).toMatchObject({ status: 200, body: { changed: false, commit: manager.snapshot().commit } });
    const lines = parseAuditLog(readFileSync(join(dir, 'serve-audit.jsonl'), 'utf8'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      action: 'reload',
      outcome: 'ok',
      who: { token: readTokenFile(join(root, 'token')).id, remote: '127.0.0.1' },
    });
    expect(lines[0]!.before.online).toEqual(lines[0]!.after.online);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it('picks up a routine’s commit during traffic with no error response, audits the swap, and rolls back', async () => {
    const c0 = manager.snapshot().commit;
    const online0 = manager.history().at(-1)!.online;
    const seen: Array<{ status: number; commit: number }> = [];
    let stop = false;
    const traffic = async (k: number) => {
      while (!stop) {
        const r =
          k % 2 === 0
            ? await call(`${fresh.url}/signals?top=5`)
            : await call(`${fresh.url}/predict`, { json: { instruments: ['AAPL', 'XOM', 'KO'], date: '2016-11-04' } });
        seen.push({ status: r.status, commit: r.body.commit });
      }
    };
    const clients = [0, 1, 2, 3].map(traffic);
    await manager.routine('2016-11-14'); // new windows come online on 2016-11-14
    const c1 = manager.snapshot().commit;
    for (let i = 0; i < 100 && (await call(`${fresh.url}/models`)).body.commit !== c1; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(clients);
    expect(seen.length).toBeGreaterThan(8);
    expect(seen.filter((s) => s.status !== 200)).toEqual([]);
    expect(new Set(seen.map((s) => s.commit))).toEqual(new Set([c0, c1]));
    const models = await call(`${fresh.url}/models`);
    const online1 = manager.history().at(-1)!.online;
    expect(online1).not.toEqual(online0);
    expect(models.body.strategies.map((s: Body['strategies'][number]) => [s.name, s.online.map((o: { id: string }) => o.id)])).toEqual(
      Object.entries(online1).map(([n, ids]) => [n, ids]),
    );
    expect((await call(`${fresh.url}/signals`)).body.date).toBe(manager.snapshot().signals!.maxDate);

    const rb = await call(`${fresh.url}/admin/rollback`, { json: { to: 1 }, headers: auth });
    expect(rb.status).toBe(200);
    expect(rb.body).toMatchObject({ rolledBackTo: 1, online: online0 });
    const after = await call(`${fresh.url}/models`);
    expect(after.body.strategies.map((s: Body['strategies'][number]) => s.online.map((o: { id: string }) => o.id))).toEqual(
      Object.values(online0),
    );
    expect(after.body.history.at(-1)).toMatchObject({ kind: 'rollback', rollbackTo: 1 });
    const bad = await call(`${fresh.url}/admin/rollback`, { json: { to: 99 }, headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toMatch(/no history entry #99/);

    const lines = parseAuditLog(readFileSync(join(dir, 'serve-audit.jsonl'), 'utf8'));
    expect(lines.map((l) => `${l.action}:${l.outcome}`)).toEqual(['reload:ok', 'swap:ok', 'rollback:ok', 'rollback:error']);
    expect(lines[1]).toMatchObject({ who: 'watcher', before: { commit: c0, online: online0 }, after: { commit: c1, online: online1 } });
    expect(lines[2]).toMatchObject({ params: { to: 1 }, before: { online: online1 }, after: { online: online0 } });
  }, 240_000);

  it('is Degraded (and not ready) when the signals lag the data; admin is off without a token', async () => {
    // every IC is below 1: this server alerts on the served commit's last labelled day
    stale = await start(dir, { ROLLQ_SERVE_MONITOR__MIN_DAILY_IC: '1' });
    const r = await call(`${stale.url}/readyz`);
    expect(r.status).toBe(503);
    expect(r.body.state).toBe('Degraded');
    expect(r.body.reasons[0]).toMatch(/^signals end 2016-11-\d\d, \d+ trading days behind the data's last day/);
    const m = await call(`${stale.url}/metrics`);
    expect(metric(m.text, 'rollq_serve_service_state{state="Degraded"}')).toBe(1);
    expect(metric(m.text, 'rollq_serve_service_state{state="Normal"}')).toBe(0);
    expect(stale.logs.some((l) => /service state Recovering -> Degraded/.test(l))).toBe(true);
    // still answers from the state it has
    expect((await call(`${stale.url}/signals?top=1`)).status).toBe(200);
    const off = await call(`${stale.url}/admin/reload`, { method: 'POST', headers: auth });
    expect(off).toMatchObject({ status: 403, body: { error: 'admin_disabled' } });

    const q = await call(`${stale.url}/quality`);
    const quality = q.body.quality as { date: string; ic: number; icMean: number; drawdown: number };
    expect(q.body.commit).toBe(r.body.commit);
    expect(quality.date).toBe(r.body.signalsTo);
    expect(metric(m.text, 'rollq_serve_signal_ic{kind="ic"}')).toBeCloseTo(quality.ic, 12);
    expect(metric(m.text, 'rollq_serve_topk_drawdown')).toBeCloseTo(quality.drawdown, 12);
    const alerts = parseAuditLog<SignalAlert>(readFileSync(join(dir, 'serve-alerts.jsonl'), 'utf8'));
    const mine = alerts.filter((a) => a.commit === r.body.commit && a.kind === 'ic' && a.date === quality.date);
    expect(mine).toHaveLength(1); // once per commit, day and kind, whichever server raised it
    expect(mine[0]!.value).toBeCloseTo(quality.ic, 12);
    expect(q.body.alerts).toContainEqual(mine[0]);
  });

  it('is Degraded but still ready when predictions are slower than the threshold', async () => {
    const slow = await start(dir, {
      ROLLQ_SERVE_THRESHOLDS__STALE_TRADING_DAYS: '100000',
      ROLLQ_SERVE_THRESHOLDS__LATENCY_MS: '0.000001',
      ROLLQ_SERVE_THRESHOLDS__LATENCY_WINDOW: '1',
    });
    try {
      expect((await call(`${slow.url}/readyz`)).body.state).not.toBe('Degraded');
      expect((await call(`${slow.url}/predict`, { json: { instruments: ['AAPL'], date: '2016-11-04' } })).status).toBe(200);
      const m = await call(`${slow.url}/metrics`); // evaluates the state
      expect(metric(m.text, 'rollq_serve_service_state{state="Degraded"}')).toBe(1);
      const r = await call(`${slow.url}/readyz`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ready: true, state: 'Degraded' });
      expect(r.body.reasons[0]).toMatch(/^p95 prediction latency [\d.]+ ms > 0.000001 ms$/);
    } finally {
      await slow.app.close();
    }
  });

  it('is Degraded with the reason when an online model cannot be loaded', async () => {
    const copy = join(root, 'broken');
    cpSync(dir, copy, { recursive: true });
    // the state on disk (the server rolled it back; this test's manager object has not seen that)
    const [strategy, ids] = Object.entries(lastOnline(await readState(copy)))[0]!;
    rmSync(join(copy, 'recorders', strategy, ids[0]!, 'artifacts', 'model'), { recursive: true, force: true });
    // this one loads, but cannot predict a day after its stored predictions (no processor state)
    rmSync(join(copy, 'recorders', strategy, ids[1]!, 'artifacts', 'dataset.json'));
    const broken = await start(copy, { ROLLQ_SERVE_THRESHOLDS__STALE_TRADING_DAYS: '100000' });
    try {
      const r = await call(`${broken.url}/readyz`);
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ state: 'Degraded', models: { failed: 1 } });
      expect(r.body.reasons.join('\n')).toContain(`model ${ids[0]} of strategy ${strategy} failed to load`);
      const models = await call(`${broken.url}/models`);
      expect(models.body.strategies[0].online[0]).toMatchObject({ id: ids[0], loaded: false });
      const p = await call(`${broken.url}/predict`, { json: { instruments: ['AAPL'], date: '2016-12-30' } }); // after the signals and every stored prediction
      expect(p.status).toBe(200);
      const byId = new Map(p.body.models.map((m: ModelAnswer) => [m.id, m]));
      expect(byId.has(ids[0]!)).toBe(false);
      expect(byId.get(ids[1]!)).toMatchObject({
        source: null,
        scores: { AAPL: null },
        error: expect.stringMatching(/no fitted dataset state/),
      });
      expect(p.body.models.filter((m: ModelAnswer) => m.id !== ids[1]).every((m: ModelAnswer) => m.source === 'computed')).toBe(true);
      expect(p.body.blend).toMatchObject({ source: 'computed', scores: { AAPL: expect.any(Number) } });
    } finally {
      await broken.app.close();
    }
  });
});
