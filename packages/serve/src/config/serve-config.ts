import { z } from '@rollq/data/zod';

/** Settings of one strategy's `/signals/:strategy` (the strategy layer; unset fields fall back to `signals`). */
export const StrategyLayer = z.strictObject({
  top: z.int().min(1).optional().describe('rows of /signals/:strategy when the request gives no top'),
  timeoutMs: z.int().min(1).optional().describe('request timeout of this strategy (ms)'),
});
export type StrategyLayer = z.output<typeof StrategyLayer>;

/** Settings of one online model (by recorder id) (the model layer). */
export const ModelLayer = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('false: left out of /predict and of blends the service computes (the committed signals stay as the routine blended them)'),
});
export type ModelLayer = z.output<typeof ModelLayer>;

/**
 * The configuration of `rollq serve` (`serve.yaml`): every field has a default, so an empty file (or none)
 * is a valid configuration. Layers, later wins: defaults, the YAML file, `ROLLQ_SERVE_…` variables, CLI flags.
 */
export const ServeConfig = z.strictObject({
  server: z
    .strictObject({
      port: z.int().min(0).max(65_535).default(8080).describe('TCP port (0: any free port)'),
      host: z.string().min(1).default('127.0.0.1').describe('address to listen on (0.0.0.0: every interface)'),
      requestTimeoutMs: z.int().min(1).default(5000).describe('time a request may take before a 503 (ms)'),
      bodyLimitBytes: z.int().min(1024).default(1_048_576).describe('largest request body accepted (bytes)'),
      trustProxy: z
        .union([z.boolean(), z.string().min(1)])
        .default(false)
        .describe(
          "behind a reverse proxy: whose X-Forwarded-For gives the caller's address (the audit log's and the canary's caller): true (any sender) or the proxies' addresses / CIDRs ('127.0.0.1,10.0.0.0/8'); false: the socket's peer. No hop counts: fastify 5 ignores them (it cannot check the peer)",
        ),
    })
    .prefault({}),
  predict: z
    .strictObject({
      workers: z
        .int()
        .min(0)
        .nullable()
        .default(null)
        .describe(
          "prediction worker threads that compute /predict's days off the server's thread (null: cores - 1, at least 1; 0: in the server's thread)",
        ),
    })
    .prefault({}),
  state: z
    .strictObject({
      pollIntervalMs: z.int().min(50).default(2000).describe('how often state.json is checked for a new commit (ms)'),
    })
    .prefault({}),
  cache: z
    .strictObject({
      maxEntries: z.int().min(1).default(10_000).describe('entries of the prediction cache'),
      ttlMs: z.int().min(0).default(0).describe('age after which a cached entry is dropped (ms; 0: until the state changes)'),
    })
    .prefault({}),
  thresholds: z
    .strictObject({
      staleTradingDays: z
        .int()
        .min(0)
        .default(1)
        .describe("trading days the signals may lag the calendar's last day before the service is Degraded"),
      maxCalendarAgeDays: z
        .int()
        .min(1)
        .nullable()
        .default(null)
        .describe("calendar days the data's last day may lag today before the service is Degraded (null: not checked)"),
      latencyMs: z.number().positive().default(250).describe('p95 prediction latency above which the service is Degraded (ms)'),
      latencyWindow: z.int().min(1).default(200).describe('predictions the latency p95 is taken over'),
      updateLatencyMs: z
        .number()
        .positive()
        .default(300_000)
        .describe("alert when the last routine took longer (ms; the seeds' latency > 5 min)"),
      predictLatencyMs: z.number().positive().default(2000).describe('alert when the p99 of the last /predict requests is above it (ms)'),
      predictLatencyRequests: z.int().min(1).default(100).describe('/predict requests the p99 of the predict-latency alert is taken over'),
      failAfterReloadErrors: z.int().min(1).default(3).describe('reloads in a row that fail before the service is Failed'),
      recoverAfterChecks: z.int().min(1).default(2).describe('healthy checks in a row that take Recovering back to Normal'),
    })
    .prefault({}),
  signals: z
    .strictObject({
      defaultTop: z.int().min(1).nullable().default(null).describe('rows of /signals when the request gives no top (null: all)'),
    })
    .prefault({}),
  canary: z
    .strictObject({
      share: z
        .number()
        .min(0)
        .max(1)
        .default(0)
        .describe('share of /signals callers the new online set of a routine serves first (0: off, every swap at once)'),
      minRequests: z.int().min(1).default(200).describe('canary requests before the automatic decision'),
      maxErrorRate: z.number().min(0).max(1).default(0.01).describe('abort when more of the canary requests fail (5xx)'),
      maxLatencyRatio: z
        .number()
        .positive()
        .default(2)
        .describe("abort when the canary's p95 latency is above the stable one's times this"),
      icTolerance: z
        .number()
        .default(0.02)
        .describe("abort when the canary signal's IC of the last labelled day is below the stable one's minus this"),
    })
    .prefault({}),
  monitor: z
    .strictObject({
      enabled: z.boolean().default(true).describe('check signal quality on each new commit the service reads'),
      windowDays: z.int().min(1).default(20).describe('signal days (with a known label) the rolling IC and the drawdown are taken over'),
      minDailyIc: z.number().default(0.05).describe("alert when the last labelled day's IC is below it (the seeds' 0.05)"),
      maxDrawdown: z
        .number()
        .positive()
        .default(0.1)
        .describe("alert when the TopK portfolio's drawdown over the window is above it (0.1 = 10 %)"),
      topk: z.int().min(1).default(50).describe('names held by the TopK portfolio of the drawdown check'),
      alertsLog: z.string().min(1).default('serve-alerts.jsonl').describe('alert log file, relative to the state folder'),
    })
    .prefault({}),
  admin: z
    .strictObject({
      auditLog: z.string().min(1).default('serve-audit.jsonl').describe('audit log file, relative to the state folder'),
    })
    .prefault({}),
  strategies: z.record(z.string(), StrategyLayer).default({}).describe('per-strategy layer, by strategy name'),
  models: z.record(z.string(), ModelLayer).default({}).describe('per-model layer, by recorder id'),
});
/** The merged, validated configuration. */
export type ServeConfig = z.output<typeof ServeConfig>;
/** A configuration as written (every field optional). */
export type ServeConfigInput = z.input<typeof ServeConfig>;

/** The defaults: `ServeConfig` of an empty file. */
export function defaultServeConfig(): ServeConfig {
  return ServeConfig.parse({});
}

/** The top of `/signals/:strategy`: the request's, else the strategy layer's, else the global default. */
export function strategyTop(config: ServeConfig, strategy: string, requested: number | undefined): number | null {
  return requested ?? config.strategies[strategy]?.top ?? config.signals.defaultTop;
}
