/**
 * @packageDocumentation
 * `@rollq/serve`: the prediction service over an online manager's committed state (`rollq serve`): signals
 * and predictions over HTTP, health and readiness, Prometheus metrics, the Normal / Degraded / Failed /
 * Recovering service state, and token-guarded admin actions written to an audit log.
 */
export type { AuditEntry } from './admin/audit-log.js';
export { AuditLog, JsonLinesLog, parseAuditLog } from './admin/audit-log.js';
export type { AdminToken } from './admin/bearer-token.js';
export { bearerMatches, readTokenFile, tokenOf } from './admin/bearer-token.js';
export type { ConfigOverride, LoadServeConfigOptions } from './config/load-serve-config.js';
export { envOverrides, loadServeConfig, SERVE_ENV_PREFIX } from './config/load-serve-config.js';
export type { ServeConfigInput } from './config/serve-config.js';
export { defaultServeConfig, ModelLayer, ServeConfig, StrategyLayer, strategyTop } from './config/serve-config.js';
export { SERVE_ERROR_CODES, ServeError, type ServeErrorCode } from './errors.js';
export { ServeMetrics } from './http/metrics.js';
export type { ProblemBody } from './http/problems.js';
export { PredictBody, RollbackBody, SignalsQuery } from './http/request-schemas.js';
export type { BuildServerOptions, ServeApp } from './http/server.js';
export { buildServer } from './http/server.js';
export type { SignalAlert, SignalQuality } from './monitor/signal-monitor.js';
export { LABEL_EXPR, qualityAlerts, signalQuality } from './monitor/signal-monitor.js';
export type { ArmStats, CanaryArm, CanaryRun } from './state/canary.js';
export { armOf, canaryVerdict } from './state/canary.js';
export type { DayScores } from './state/model-day.js';
export { computeModelDay } from './state/model-day.js';
export { PredictPool, predictPoolSize } from './state/predict-pool.js';
export type { PredictTask, PredictTaskResult } from './state/predict-worker.js';
export { PredictionCache } from './state/prediction-cache.js';
export type { ModelAnswer, NameScores, PredictAnswer, PredictorCompute, ScoreSource, SignalRow } from './state/predictor.js';
export { Predictor } from './state/predictor.js';
export type { ReloadResult } from './state/serve-service.js';
export { ServeService } from './state/serve-service.js';
export type { HealthCheck, ServiceIssue, ServiceStateName, Transition } from './state/service-state.js';
export { SERVICE_STATES, ServiceStateMachine } from './state/service-state.js';
export type { ModelFailure, ServedModel, ServeSnapshot } from './state/snapshot.js';
export { loadSnapshot } from './state/snapshot.js';
