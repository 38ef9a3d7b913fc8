import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { SERVICE_STATES, type ServiceStateName } from '../state/service-state.js';

/**
 * The service's Prometheus metrics, in a registry of its own (several servers in one process, as in tests,
 * do not share counters): the process defaults plus what `/metrics` promises.
 */
export class ServeMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'route' | 'method' | 'status_code'>;
  readonly cacheHits: Counter<'kind'>;
  readonly cacheMisses: Counter<'kind'>;
  readonly predictionDuration: Histogram<'source'>;
  readonly onlineModels: Gauge<'strategy'>;
  readonly lastRoutine: Gauge;
  readonly lastRoutineInfo: Gauge<'date' | 'kind'>;
  readonly stateCommit: Gauge;
  readonly reloads: Counter<'outcome'>;
  readonly serviceState: Gauge<'state'>;
  readonly serviceStateReason: Gauge<'state' | 'reason'>;
  readonly signalIc: Gauge<'kind'>;
  readonly topkDrawdown: Gauge;
  readonly alerts: Counter<'kind'>;
  readonly routineTimestamp: Gauge;
  readonly routineOk: Gauge;
  readonly routineDuration: Gauge;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'rollq_serve_' });
    this.requestDuration = new Histogram({
      name: 'rollq_serve_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['route', 'method', 'status_code'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.cacheHits = new Counter({ name: 'rollq_serve_cache_hits_total', help: 'prediction cache hits', labelNames: ['kind'], registers });
    this.cacheMisses = new Counter({
      name: 'rollq_serve_cache_misses_total',
      help: 'prediction cache misses',
      labelNames: ['kind'],
      registers,
    });
    this.predictionDuration = new Histogram({
      name: 'rollq_serve_prediction_duration_seconds',
      help: 'time to answer one model for one day: stored (read from the predictions) or computed (from features and the model)',
      labelNames: ['source'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    this.onlineModels = new Gauge({
      name: 'rollq_serve_online_models',
      help: 'online models served, by strategy',
      labelNames: ['strategy'],
      registers,
    });
    this.lastRoutine = new Gauge({
      name: 'rollq_serve_last_routine_timestamp_seconds',
      help: 'the manager time of the last routine of the served state (0: none yet)',
      registers,
    });
    this.lastRoutineInfo = new Gauge({
      name: 'rollq_serve_last_step_info',
      help: 'the last history step of the served state: its date and kind (routine, rollback, ...); value 1',
      labelNames: ['date', 'kind'],
      registers,
    });
    this.stateCommit = new Gauge({ name: 'rollq_serve_state_commit', help: 'commit number of the served manager state', registers });
    this.reloads = new Counter({
      name: 'rollq_serve_reloads_total',
      help: 'reads of a new committed state, by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.serviceState = new Gauge({
      name: 'rollq_serve_service_state',
      help: 'the service state: 1 for the current one of Normal, Degraded, Failed, Recovering',
      labelNames: ['state'],
      registers,
    });
    this.serviceStateReason = new Gauge({
      name: 'rollq_serve_service_state_reason',
      help: 'why the service is in its state (one series per reason, value 1)',
      labelNames: ['state', 'reason'],
      registers,
    });
    this.signalIc = new Gauge({
      name: 'rollq_serve_signal_ic',
      help: 'IC of the blended signal on the last labelled day (kind ic, rank_ic) and its mean over the monitor window (ic_mean)',
      labelNames: ['kind'],
      registers,
    });
    this.topkDrawdown = new Gauge({
      name: 'rollq_serve_topk_drawdown',
      help: 'max drawdown of the TopK portfolio on the blended signal over the monitor window (0.1 = 10 %)',
      registers,
    });
    this.alerts = new Counter({
      name: 'rollq_serve_alerts_total',
      help: 'alerts raised, by kind (ic, drawdown, update, latency, predict_latency)',
      labelNames: ['kind'],
      registers,
    });
    this.routineTimestamp = new Gauge({
      name: 'rollq_serve_routine_end_timestamp_seconds',
      help: "wall-clock time the last routine of the state's routine log ended (0: none logged)",
      registers,
    });
    this.routineOk = new Gauge({
      name: 'rollq_serve_last_routine_ok',
      help: 'whether the last routine succeeded (1) or failed (0)',
      registers,
    });
    this.routineDuration = new Gauge({ name: 'rollq_serve_routine_duration_seconds', help: 'how long the last routine took', registers });
    this.setServiceState('Recovering', ['starting']);
  }

  /** Sets the state gauge and its reasons. */
  setServiceState(state: ServiceStateName, reasons: readonly string[]): void {
    for (const s of SERVICE_STATES) this.serviceState.set({ state: s }, s === state ? 1 : 0);
    this.serviceStateReason.reset();
    for (const reason of reasons) this.serviceStateReason.set({ state, reason }, 1);
  }
}
