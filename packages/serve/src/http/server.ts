import { resolve } from 'node:path';
import { isRollqError } from '@rollq/data';
import type { RecorderStore, TaskComponents } from '@rollq/workflow';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { type Logger, pino } from 'pino';
import { type AdminToken, bearerMatches } from '../admin/bearer-token.js';
import type { ServeConfig } from '../config/serve-config.js';
import { strategyTop } from '../config/serve-config.js';
import type { Predictor } from '../state/predictor.js';
import { ServeService } from '../state/serve-service.js';
import { ServeMetrics } from './metrics.js';
import { HttpProblem, parseRequest, sendProblem, withTimeout } from './problems.js';
import { PredictBody, RollbackBody, SignalsQuery } from './request-schemas.js';

/** Options of {@link buildServer}. */
export interface BuildServerOptions {
  /** The online manager's state folder. */
  stateDir: string;
  config: ServeConfig;
  /** The admin token (from `--token-file`); without one the admin endpoints answer 403. */
  token?: AdminToken | null;
  /** Where logs go (default: JSON lines on stderr at `info`). */
  logger?: Logger;
  /** The recorder store (default: opened from the state's `store` location). */
  store?: RecorderStore;
  components?: TaskComponents;
  /** The wall clock (tests move it). */
  now?: () => Date;
  /** Test only: how long a prediction worker's task of (model, day) blocks its thread first (a computation a timeout cuts off). */
  predictDelayMs?: (recorderId: string, date: string) => number;
}

/** The fastify instance of `rollq serve`, with the service it answers from. */
export type ServeApp = FastifyInstance & { readonly service: ServeService; readonly metrics: ServeMetrics };

/**
 * Builds the prediction service over the committed state of `stateDir` (not listening yet: call
 * `app.listen({ port, host })`, or `app.inject()`). The state is read before it returns and watched after;
 * `app.close()` stops the watcher.
 *
 * | route | answer |
 * | --- | --- |
 * | `GET /healthz` | the process is up |
 * | `GET /readyz` | 200 when a fresh state is served with every model loaded, else 503 with the reasons |
 * | `GET /metrics` | Prometheus text |
 * | `GET /signals?date&top` | the blended signal of a day (default: the last) |
 * | `GET /signals/:strategy?date&top` | one strategy's signal |
 * | `POST /predict {instruments, date}` | each online model's scores and the blend of those names |
 * | `GET /models` | the online set and the history |
 * | `GET /quality` | the blended signal's IC, mean IC and TopK drawdown after the last routine, and the last alerts |
 * | `POST /admin/reload`, `POST /admin/rollback {to}`, `POST /admin/canary/promote`, `/abort` | bearer token; audited |
 *
 * @example
 * ```ts
 * const app = await buildServer({ stateDir: 'state/', config: loadServeConfig({ file: 'serve.yaml' }) });
 * await app.listen({ port: 8080, host: '127.0.0.1' });
 * ```
 */
export async function buildServer(opts: BuildServerOptions): Promise<ServeApp> {
  const { config } = opts;
  const logger = opts.logger ?? pino({ level: 'info', base: { service: 'rollq-serve' } }, pino.destination(2));
  const metrics = new ServeMetrics();
  const stateDir = resolve(opts.stateDir);
  const service = new ServeService(stateDir, config, {
    logger,
    metrics,
    store: opts.store,
    components: opts.components,
    now: opts.now,
    predictDelayMs: opts.predictDelayMs,
  });
  const app = Fastify({
    loggerInstance: logger,
    // one log line per request would cost more than answering a cached one; /metrics has the counts
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.server.bodyLimitBytes,
    requestTimeout: config.server.requestTimeoutMs,
    return503OnClosing: true,
    // req.ip (the audit log's caller, the canary's fallback caller) is the proxy's address unless it is trusted
    trustProxy: config.server.trustProxy,
  }) as unknown as FastifyInstance;
  app.decorate('service', service);
  app.decorate('metrics', metrics);

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requestDuration.observe({ route, method: req.method, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (route === '/predict') service.recordPredictRequest(reply.elapsedTime);
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, { status: 404, error: 'not_found', field: 'path', reason: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );
  app.setErrorHandler((err: Error, req, reply) => {
    if (err instanceof HttpProblem)
      return sendProblem(reply, { status: err.status, error: err.error, field: err.field, reason: err.reason });
    const status = (err as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // fastify's own refusals: bad JSON, wrong content type, a body over the limit
      return sendProblem(reply, { status, error: 'bad_request', field: 'body', reason: err.message });
    }
    const code = (err as { code?: unknown }).code;
    if (isRollqError(err) && err.exitCode === 2) {
      // a rollq usage error from below (a rollback to a history entry that does not exist)
      return sendProblem(reply, { status: 400, error: err.code.toLowerCase(), field: null, reason: err.message });
    }
    req.log.error({ err }, 'request failed');
    return sendProblem(reply, {
      status: 500,
      error: 'internal',
      field: null,
      reason: typeof code === 'string' ? `${code}: ${err.message}` : err.message,
    });
  });
  app.addHook('onClose', async () => {
    await service.stop();
  });

  const predictor = () => {
    const p = service.predictor;
    if (!p) throw new HttpProblem(503, 'unavailable', null, `no committed state is served: ${service.machine.reasons.join('; ')}`);
    return p;
  };
  const timeoutMs = config.server.requestTimeoutMs;

  app.get('/healthz', async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));

  app.get('/readyz', async (_req, reply) => {
    const s = service.snapshot;
    const body = {
      ready: service.machine.ready,
      state: service.machine.state,
      reasons: service.machine.reasons,
      commit: s?.commit ?? null,
      signalsTo: s?.signals?.lastDay ?? null,
      dataTo: s?.provider.calendar.last ?? null,
      models: { loaded: s?.models.length ?? 0, failed: s?.failures.length ?? 0 },
    };
    return reply.code(body.ready ? 200 : 503).send(body);
  });

  app.get('/metrics', async (_req, reply) => {
    service.evaluate();
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  /**
   * Runs a `/signals` answer on the caller's side of a canary (the `x-rollq-caller` header, else the address:
   * one caller stays on one side), counting it for the verdict.
   */
  const onArm = async <T extends object>(req: FastifyRequest, answer: (p: Predictor) => Promise<T>) => {
    const caller = req.headers['x-rollq-caller'];
    const { arm, predictor: routed } = service.route(typeof caller === 'string' && caller !== '' ? caller : req.ip);
    const p = routed ?? predictor();
    const t0 = performance.now();
    try {
      const out = await answer(p);
      if (arm) service.recordArm(arm, performance.now() - t0, false);
      return { commit: p.snap.commit, ...(arm ? { arm } : {}), ...out };
    } catch (e) {
      // only the service's own failures count against a side, not a request for a day it does not have
      if (arm) service.recordArm(arm, performance.now() - t0, !(e instanceof HttpProblem && e.status < 500));
      throw e;
    }
  };

  app.get('/signals', async (req) => {
    const q = parseRequest(SignalsQuery, req.query, 'query');
    return onArm(req, (p) => withTimeout(p.signals(q.date, q.top ?? config.signals.defaultTop), timeoutMs, 'GET /signals'));
  });

  app.get<{ Params: { strategy: string } }>('/signals/:strategy', async (req) => {
    const q = parseRequest(SignalsQuery, req.query, 'query');
    const { strategy } = req.params;
    const ms = config.strategies[strategy]?.timeoutMs ?? timeoutMs;
    const out = await onArm(req, (p) =>
      withTimeout(p.strategySignals(strategy, q.date, strategyTop(config, strategy, q.top)), ms, `GET /signals/${strategy}`),
    );
    return { strategy, ...out };
  });

  app.post('/predict', async (req) => {
    const b = parseRequest(PredictBody, req.body, 'body');
    const p = predictor();
    const date = p.tradingDay(b.date);
    // a timed-out request stops its workers' computations (their results are dropped, the threads replaced)
    const abort = new AbortController();
    try {
      return await withTimeout(p.predict(b.instruments, date, abort.signal), timeoutMs, 'POST /predict');
    } finally {
      abort.abort();
    }
  });

  app.get('/quality', async () => {
    const s = service.snapshot;
    return { commit: s?.commit ?? null, quality: service.signalQuality, alerts: await service.alerts() };
  });

  app.get('/models', async () => {
    const p = predictor();
    const { state } = p.snap;
    const c = service.canary;
    return {
      commit: p.snap.commit,
      canary: c
        ? {
            stable: c.stable.commit,
            candidate: c.candidate.commit,
            share: config.canary.share,
            since: c.startedAt.toISOString(),
            arms: Object.fromEntries(Object.entries(c.arms).map(([k, a]) => [k, { requests: a.requests, errors: a.errors }])),
          }
        : null,
      curTime: state.curTime,
      lastRoutine: state.lastRoutine,
      strategies: state.strategies.map((st) => ({
        name: st.name,
        online: (p.snap.online[st.name] ?? []).map((id) => {
          const m = p.snap.models.find((x) => x.id === id);
          const failure = p.snap.failures.find((f) => f.id === id);
          return {
            id,
            modelClass: m?.modelClass ?? null,
            predictionsTo: m?.preds.lastDay ?? null,
            loaded: m !== undefined,
            enabled: config.models[id]?.enabled ?? true,
            ...(failure ? { error: failure.reason } : {}),
          };
        }),
      })),
      history: state.history.map((h) => ({
        index: h.index,
        time: h.time,
        kind: h.kind,
        online: h.online,
        ...(h.rollbackTo !== undefined ? { rollbackTo: h.rollbackTo } : {}),
      })),
    };
  });

  /** Who calls an admin endpoint; a refused call is answered with the bearer challenge header. */
  const admin = (req: FastifyRequest, reply: FastifyReply) => {
    try {
      if (!opts.token) {
        throw new HttpProblem(403, 'admin_disabled', 'authorization', 'admin endpoints are off: start rollq serve with --token-file');
      }
      if (!bearerMatches(req.headers.authorization, opts.token)) {
        throw new HttpProblem(401, 'unauthorized', 'authorization', 'give the admin token as `Authorization: Bearer <token>`');
      }
      return { token: opts.token.id, remote: req.ip };
    } catch (e) {
      reply.header('www-authenticate', 'Bearer realm="rollq-serve"');
      throw e;
    }
  };

  app.post('/admin/reload', async (req, reply) => {
    const who = admin(req, reply);
    const r = await service.adminReload(who);
    if (r.error) throw new HttpProblem(503, 'reload_failed', null, r.error);
    return { changed: r.changed, commit: r.commit, state: service.machine.state };
  });

  app.post('/admin/rollback', async (req, reply) => {
    const who = admin(req, reply);
    const b = parseRequest(RollbackBody, req.body, 'body');
    const { entry, commit } = await withTimeout(service.rollback(b.to, who), Math.max(timeoutMs, 60_000), 'POST /admin/rollback');
    return { rolledBackTo: entry.rollbackTo, history: entry.index, online: entry.online, commit };
  });

  app.post('/admin/canary/promote', async (req, reply) => {
    const who = admin(req, reply);
    const c = service.canary;
    await service.promoteCanary(who);
    return { promoted: c?.candidate.commit ?? null };
  });

  app.post('/admin/canary/abort', async (req, reply) => {
    const who = admin(req, reply);
    await withTimeout(service.abortCanary(who), Math.max(timeoutMs, 60_000), 'POST /admin/canary/abort');
    return { aborted: true, commit: service.snapshot?.commit ?? null };
  });

  await service.start();
  return app as ServeApp;
}
