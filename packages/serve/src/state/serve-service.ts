import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { type HistoryEntry, OnlineManager, type RoutineLogEntry, readRoutineLog, readState, STATE_FILE } from '@rollq/online';
import { closeRecorderStore, type RecorderStore, type TaskComponents } from '@rollq/workflow';
import type { Logger } from 'pino';
import { type AuditEntry, AuditLog, JsonLinesLog, parseAuditLog } from '../admin/audit-log.js';
import type { ServeConfig } from '../config/serve-config.js';
import type { ServeMetrics } from '../http/metrics.js';
import { HttpProblem } from '../http/problems.js';
import { PredictLatencyWatch, routineAlerts } from '../monitor/ops-monitor.js';
import { alertCause, qualityAlerts, type SignalAlert, type SignalQuality, signalQuality } from '../monitor/signal-monitor.js';
import { armOf, type CanaryArm, type CanaryRun, canaryVerdict } from './canary.js';
import { PredictPool, predictPoolSize } from './predict-pool.js';
import { PredictionCache } from './prediction-cache.js';
import { Predictor } from './predictor.js';
import { type ServiceIssue, ServiceStateMachine } from './service-state.js';
import { calendarMtimeOf, disposeSnapshot, loadSnapshot, type ServeSnapshot } from './snapshot.js';

/** What a reload did. */
export interface ReloadResult {
  changed: boolean;
  commit: number | null;
  error?: string;
}

/** Options of {@link ServeService}. */
export interface ServeServiceOptions {
  logger: Logger;
  metrics: ServeMetrics;
  /** The recorder store (default: opened from each state's `store` location). */
  store?: RecorderStore;
  components?: TaskComponents;
  /** The wall clock (tests move it). */
  now?: () => Date;
  /** Test only: how long a prediction worker's task of (model, day) blocks its thread first (a computation a timeout cuts off). */
  predictDelayMs?: (recorderId: string, date: string) => number;
}

/** Who asked for an admin action, for the audit log. */
export type Caller = AuditEntry['who'];

const DAY_MS = 86_400_000;

/**
 * The served state and everything that changes with it: the snapshot of the last committed state read, its
 * {@link Predictor} and cache, the {@link ServiceStateMachine}, and the watcher that reads each new commit
 * (polling `state.json`). A new commit is loaded completely before it replaces the old snapshot, so a
 * request is answered from one commit; the old snapshot's models are disposed once its requests are done.
 */
export class ServeService {
  readonly machine: ServiceStateMachine;
  readonly cache: PredictionCache;
  readonly audit: AuditLog;
  readonly alertLog: JsonLinesLog<SignalAlert>;
  /** The prediction workers (null: `predict.workers: 0`, computed days in the server's thread). */
  readonly pool: PredictPool | null;
  private quality: SignalQuality | null = null;
  private canaryRun: CanaryRun | null = null;
  private recentAlerts: SignalAlert[] | null = null;
  private snap: ServeSnapshot | null = null;
  private pred: Predictor | null = null;
  private reloadErrors = 0;
  private lastReloadError: string | null = null;
  private reloading: Promise<ReloadResult> = Promise.resolve({ changed: false, commit: null });
  private seen: { mtimeMs: number; size: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly latencies: number[] = [];
  private latencyAt = 0;
  private lastRoutineLog: RoutineLogEntry | null = null;
  private readonly predictLatency: PredictLatencyWatch;

  constructor(
    readonly dir: string,
    readonly config: ServeConfig,
    private readonly opts: ServeServiceOptions,
  ) {
    const { metrics, logger } = opts;
    this.cache = new PredictionCache({
      maxEntries: config.cache.maxEntries,
      ttlMs: config.cache.ttlMs,
      onLookup: (kind, hit) => (hit ? metrics.cacheHits : metrics.cacheMisses).inc({ kind }),
    });
    this.machine = new ServiceStateMachine({
      failAfterReloadErrors: config.thresholds.failAfterReloadErrors,
      recoverAfterChecks: config.thresholds.recoverAfterChecks,
      now: opts.now,
      onTransition: (t) => {
        metrics.setServiceState(t.to, t.reasons);
        const log = t.to === 'Normal' || t.to === 'Recovering' ? logger.info.bind(logger) : logger.warn.bind(logger);
        log({ from: t.from, to: t.to, reasons: t.reasons }, `service state ${t.from} -> ${t.to}`);
      },
    });
    const workers = predictPoolSize(config.predict.workers);
    this.pool = workers > 0 ? new PredictPool(workers) : null;
    this.audit = new AuditLog(join(dir, config.admin.auditLog));
    this.alertLog = new JsonLinesLog<SignalAlert>(join(dir, config.monitor.alertsLog), 'alert log');
    this.predictLatency = new PredictLatencyWatch(config.thresholds);
  }

  /** The last line of the state's routine log (null before one was read, or when none was run). */
  get lastRoutine(): RoutineLogEntry | null {
    return this.lastRoutineLog;
  }

  /** Counts one answered `POST /predict` (its latency, for the predict-latency alert). */
  recordPredictRequest(ms: number): void {
    this.predictLatency.record(ms);
  }

  /**
   * On each poll: the routine log's last line into the metrics and its alerts (`update`, `latency`), and the
   * predict-latency alert. Reads only the log's tail.
   */
  async watchOperations(): Promise<void> {
    const { metrics } = this.opts;
    const now = (this.opts.now ?? (() => new Date()))();
    const last = (await readRoutineLog(this.dir, { last: 1 })).at(-1) ?? null;
    this.lastRoutineLog = last;
    if (last) {
      metrics.routineTimestamp.set(Date.parse(last.at) / 1000);
      metrics.routineOk.set(last.outcome === 'ok' ? 1 : 0);
      metrics.routineDuration.set(last.durationMs / 1000);
      if (this.config.monitor.enabled) for (const a of routineAlerts(last, this.config.thresholds, now)) await this.raise(a);
    }
    const p = this.config.monitor.enabled ? this.predictLatency.check(this.snap?.commit ?? 0, now) : null;
    if (p) await this.raise(p);
  }

  /** Logs, counts and appends an alert, unless one of the same cause is already in the log. */
  private async raise(a: SignalAlert): Promise<void> {
    const { metrics, logger } = this.opts;
    await this.loadAlerts();
    const cause = alertCause(a);
    if (this.recentAlerts!.some((x) => alertCause(x) === cause)) return;
    metrics.alerts.inc({ kind: a.kind });
    logger.warn({ alert: a }, `${a.kind} alert: ${a.message}`);
    this.recentAlerts!.push(a);
    await this.alertLog.append(a).catch((e) => logger.error({ err: e }, 'alert log append failed'));
  }

  /** The signal quality of the served commit (null before a check, or with monitoring off). */
  get signalQuality(): SignalQuality | null {
    return this.quality;
  }

  /** The last alerts of the alert log, newest last. */
  async alerts(limit = 20): Promise<SignalAlert[]> {
    await this.loadAlerts();
    return this.recentAlerts!.slice(-limit);
  }

  private async loadAlerts(): Promise<void> {
    if (this.recentAlerts !== null) return;
    const text = await readFile(this.alertLog.path, 'utf8').catch(() => '');
    this.recentAlerts = parseAuditLog<SignalAlert>(text);
  }

  /**
   * After each new commit: the blended signal's quality (IC of the last labelled day, the window's mean IC,
   * the TopK drawdown) into the metrics, and an alert line for each threshold crossed, once per commit, day
   * and kind (a restart does not repeat the alerts already in the log).
   */
  private async monitor(s: ServeSnapshot): Promise<void> {
    const m = this.config.monitor;
    if (!m.enabled || !s.signals) return;
    const { metrics } = this.opts;
    const q = signalQuality(s.provider, s.signals, m);
    this.quality = q;
    metrics.signalIc.reset();
    if (q.ic !== null) metrics.signalIc.set({ kind: 'ic' }, q.ic);
    if (q.rankIc !== null) metrics.signalIc.set({ kind: 'rank_ic' }, q.rankIc);
    if (q.icMean !== null) metrics.signalIc.set({ kind: 'ic_mean' }, q.icMean);
    if (q.drawdown !== null) metrics.topkDrawdown.set(q.drawdown);
    for (const a of qualityAlerts(q, m, s.commit, (this.opts.now ?? (() => new Date()))())) await this.raise(a);
  }

  /** The snapshot served now (null before the first state was read). */
  get snapshot(): ServeSnapshot | null {
    return this.snap;
  }

  /** The predictor of the served snapshot (null when none is loaded). */
  get predictor(): Predictor | null {
    return this.pred;
  }

  /** Reads the state once, then watches it every `state.pollIntervalMs`. */
  async start(): Promise<void> {
    await this.reload();
    await this.watchOperations().catch((e) => this.opts.logger.error({ err: e }, 'reading the routine log failed'));
    this.evaluate();
    this.timer = setInterval(() => {
      void this.reload()
        .then(() => this.watchOperations().catch((e) => this.opts.logger.error({ err: e }, 'reading the routine log failed')))
        .then(() => this.evaluate())
        .then(() => this.decideCanary())
        .catch((e) => this.opts.logger.error({ err: e }, 'canary decision failed'));
    }, this.config.state.pollIntervalMs);
    this.timer.unref();
  }

  /** Stops watching and disposes the models. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.reloading.catch(() => {});
    if (this.canaryRun) await this.retire(this.canaryRun.stable, 0);
    this.canaryRun = null;
    if (this.snap) await this.retire(this.snap, 0);
    this.snap = null;
    this.pred = null;
    await this.pool?.close();
  }

  /**
   * Reads the committed state when it changed (or `force`), and serves it. Reloads run one at a time; a
   * failed one keeps the old snapshot served (the service is Degraded, then Failed after several in a row).
   */
  reload(force = false, auditSwap = true): Promise<ReloadResult> {
    const run = this.reloading.then(() => this.reloadNow(force, auditSwap));
    this.reloading = run.catch(() => ({ changed: false, commit: null }));
    return run;
  }

  private async reloadNow(force: boolean, auditSwap: boolean): Promise<ReloadResult> {
    const { metrics, logger } = this.opts;
    try {
      const st = await stat(join(this.dir, STATE_FILE));
      const same = this.seen && this.seen.mtimeMs === st.mtimeMs && this.seen.size === st.size;
      // new data days (the calendar file rewritten) are read too: they make the signals stale, and /predict can compute them
      const newData = this.snap !== null && (await calendarMtimeOf(this.snap.calendar.path)) !== this.snap.calendar.mtimeMs;
      if (same && this.snap && !force && !newData) return { changed: false, commit: this.snap.commit };
      const head = await readState(this.dir);
      if (this.snap && head.commit === this.snap.commit && this.snap.failures.length === 0 && !newData) {
        this.seen = { mtimeMs: st.mtimeMs, size: st.size };
        this.reloadOk();
        return { changed: false, commit: head.commit };
      }
      const next = await loadSnapshot(this.dir, { store: this.opts.store, components: this.opts.components });
      const prev = this.snap;
      const prevPred = this.pred;
      this.snap = next;
      this.pred = new Predictor(
        next,
        this.cache,
        (source, s) => this.recordPrediction(source, s),
        (id) => this.config.models[id]?.enabled ?? true,
        // the workers load this commit's models on its first task (dropping the last commit's)
        { pool: this.pool, delayMs: this.opts.predictDelayMs },
      );
      this.cache.clear();
      this.seen = { mtimeMs: st.mtimeMs, size: st.size };
      this.reloadOk();
      this.publish(next);
      metrics.reloads.inc({ outcome: 'ok' });
      logger.info({ commit: next.commit, online: next.online, failures: next.failures }, `serving state commit ${next.commit}`);
      const swapped = prev !== null && JSON.stringify(prev.online) !== JSON.stringify(next.online);
      const superseded = this.canaryRun;
      if (superseded) {
        // a new commit while a canary runs (another routine, a rollback from elsewhere): it ends the canary
        this.canaryRun = null;
        void this.retire(superseded.stable, this.config.server.requestTimeoutMs * 2);
        await this.audit
          .append(this.entry('watcher', 'canary_superseded', 'ok', superseded.candidate, next))
          .catch((e) => logger.error({ err: e }, 'audit log append failed'));
      }
      const canary = swapped && auditSwap && this.config.canary.share > 0 && next.state.history.at(-1)?.kind !== 'rollback';
      if (canary && prev && prevPred) {
        // the new online set serves a share of /signals until the verdict; the old one the rest
        const arm = () => ({ requests: 0, errors: 0, latenciesMs: [] });
        this.canaryRun = {
          stable: prev,
          stablePredictor: prevPred,
          candidate: next,
          startedAt: new Date(),
          arms: { stable: arm(), canary: arm() },
        };
        logger.info({ stable: prev.commit, candidate: next.commit, share: this.config.canary.share }, 'canary started');
      }
      if (auditSwap && swapped) {
        await this.audit
          .append(this.entry('watcher', canary ? 'canary_start' : 'swap', 'ok', prev, next))
          .catch((e) => logger.error({ err: e }, 'audit log append failed'));
      }
      if (prev && !canary) void this.retire(prev, this.config.server.requestTimeoutMs * 2);
      if (!prev || prev.commit !== next.commit) {
        await this.monitor(next).catch((e) => logger.error({ err: e }, 'signal monitoring failed'));
      }
      return { changed: true, commit: next.commit };
    } catch (e) {
      this.reloadErrors++;
      this.lastReloadError = e instanceof Error ? e.message : String(e);
      metrics.reloads.inc({ outcome: 'failed' });
      logger.error({ err: e, reloadErrors: this.reloadErrors }, 'reading the committed state failed');
      return { changed: false, commit: this.snap?.commit ?? null, error: this.lastReloadError };
    }
  }

  private reloadOk(): void {
    this.reloadErrors = 0;
    this.lastReloadError = null;
  }

  /** Disposes a replaced snapshot after the requests that may still use it have had time to end. */
  private async retire(s: ServeSnapshot, afterMs: number): Promise<void> {
    if (afterMs > 0) await new Promise((r) => setTimeout(r, afterMs).unref());
    disposeSnapshot(s);
    if (s.store !== this.opts.store) await closeRecorderStore(s.store).catch(() => {});
  }

  private publish(s: ServeSnapshot): void {
    const { metrics } = this.opts;
    metrics.onlineModels.reset();
    for (const st of s.state.strategies)
      metrics.onlineModels.set({ strategy: st.name }, s.models.filter((m) => m.strategy === st.name).length);
    metrics.stateCommit.set(s.commit);
    metrics.lastRoutine.set(s.state.lastRoutine ? Date.parse(`${s.state.lastRoutine}T00:00:00Z`) / 1000 : 0);
    metrics.lastRoutineInfo.reset();
    const last = s.state.history.at(-1);
    if (last) metrics.lastRoutineInfo.set({ date: last.time, kind: last.kind }, 1);
  }

  private recordPrediction(source: 'stored' | 'computed', seconds: number): void {
    this.opts.metrics.predictionDuration.observe({ source }, seconds);
    const w = this.config.thresholds.latencyWindow;
    if (this.latencies.length < w) this.latencies.push(seconds * 1000);
    else this.latencies[this.latencyAt++ % w] = seconds * 1000;
  }

  /** The p95 of the last `latencyWindow` predictions (ms), or null before any. */
  latencyP95(): number | null {
    if (this.latencies.length === 0) return null;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
  }

  /** What keeps the service from Normal now. */
  issues(): ServiceIssue[] {
    const out: ServiceIssue[] = [];
    if (this.lastReloadError !== null) out.push({ kind: 'reload', reason: `reading the state failed: ${this.lastReloadError}` });
    const r = this.lastRoutineLog;
    if (r?.outcome === 'failed') {
      const why = `${r.code ? `${r.code}: ` : ''}${r.message ?? 'no message'}${r.hint ? ` (hint: ${r.hint})` : ''}`;
      out.push({ kind: 'update', reason: `the last ${r.kind} (${r.date ?? 'no date'}, at ${r.at}) failed: ${why}` });
    }
    const s = this.snap;
    if (!s) return out;
    const cal = s.provider.calendar;
    const t = this.config.thresholds;
    const signalsEnd = s.signals?.lastDay ?? null;
    if (signalsEnd === null) out.push({ kind: 'stale', reason: 'the served state has no signals yet (no routine has run)' });
    else {
      const lag = cal.bisectRight(cal.last) - cal.bisectRight(signalsEnd);
      if (lag > t.staleTradingDays) {
        out.push({
          kind: 'stale',
          reason: `signals end ${signalsEnd}, ${lag} trading days behind the data's last day ${cal.last} (> ${t.staleTradingDays})`,
        });
      }
    }
    if (t.maxCalendarAgeDays !== null) {
      const now = (this.opts.now ?? (() => new Date()))();
      const age = Math.floor((now.getTime() - Date.parse(`${cal.last}T00:00:00Z`)) / DAY_MS);
      if (age > t.maxCalendarAgeDays) {
        out.push({ kind: 'stale', reason: `the data's last day ${cal.last} is ${age} days old (> ${t.maxCalendarAgeDays})` });
      }
    }
    for (const f of s.failures) out.push({ kind: 'model', reason: `model ${f.id} of strategy ${f.strategy} failed to load: ${f.reason}` });
    // judged over enough predictions that one cold day (features computed once) does not degrade the service
    const p95 = this.latencies.length >= Math.min(t.latencyWindow, 20) ? this.latencyP95() : null;
    if (p95 !== null && p95 > t.latencyMs) {
      out.push({ kind: 'latency', reason: `p95 prediction latency ${p95.toFixed(1)} ms > ${t.latencyMs} ms` });
    }
    return out;
  }

  /** Moves the state machine to what the service's health calls for now. */
  evaluate(): void {
    this.machine.update({ loaded: this.snap !== null, reloadErrors: this.reloadErrors, issues: this.issues() });
    this.opts.metrics.setServiceState(this.machine.state, this.machine.reasons);
  }

  /**
   * `POST /admin/rollback`: the online manager's rollback (it takes the state's writer lock, so it waits for a
   * running routine), then a reload of the new commit; audited either way.
   */
  async rollback(to: number | string, who: Caller): Promise<{ entry: HistoryEntry; commit: number | null }> {
    const before = this.snap;
    try {
      const entry = await this.managerRollback(to);
      const r = await this.reload(true, false);
      this.evaluate();
      await this.audit.append(this.entry(who, 'rollback', 'ok', before, this.snap, { to }));
      return { entry, commit: r.commit };
    } catch (e) {
      await this.audit.append(this.entry(who, 'rollback', 'error', before, this.snap, { to }, e));
      throw e;
    }
  }

  /** The online manager's rollback of this state (it waits for the state's writer lock). */
  private async managerRollback(to: number | string): Promise<HistoryEntry> {
    const state = await readState(this.dir);
    const provider = QlibProvider.open(state.dataDir ?? '');
    const m = await OnlineManager.open(this.dir, { provider, warn: (msg) => this.opts.logger.warn(msg) });
    return m.rollback(to);
  }

  /** The canary in progress, or null. */
  get canary(): CanaryRun | null {
    return this.canaryRun;
  }

  /**
   * Who answers a `/signals` request: during a canary, the caller's side (a stable hash of `caller`), else
   * the served commit. Null when nothing is served.
   */
  route(caller: string): { arm: CanaryArm | null; predictor: Predictor | null } {
    const c = this.canaryRun;
    if (!c) return { arm: null, predictor: this.pred };
    const arm = armOf(caller, this.config.canary.share);
    return { arm, predictor: arm === 'canary' ? this.pred : c.stablePredictor };
  }

  /** Counts one answer of a canary side. */
  recordArm(arm: CanaryArm, ms: number, failed: boolean): void {
    const a = this.canaryRun?.arms[arm];
    if (!a) return;
    a.requests++;
    if (failed) a.errors++;
    if (a.latenciesMs.length < 10_000) a.latenciesMs.push(ms);
  }

  /** The automatic decision, once the canary has answered enough: promote, or abort with the reasons. */
  async decideCanary(): Promise<'promoted' | 'aborted' | null> {
    const c = this.canaryRun;
    if (!c) return null;
    const v = canaryVerdict(c, this.config);
    if (!v) return null;
    if (v.abort.length > 0) await this.abortCanary('watcher', v.abort, v.facts);
    else await this.promoteCanary('watcher', v.facts);
    return v.abort.length > 0 ? 'aborted' : 'promoted';
  }

  /** Makes the canary's online set the only one served (`POST /admin/canary/promote`, or the automatic verdict). */
  async promoteCanary(who: Caller, facts: Record<string, number | null> = {}): Promise<void> {
    const c = this.canaryRun;
    if (!c) throw new HttpProblem(409, 'no_canary', null, 'no canary is running');
    this.canaryRun = null;
    void this.retire(c.stable, this.config.server.requestTimeoutMs * 2);
    this.opts.logger.info({ candidate: c.candidate.commit, facts }, 'canary promoted');
    await this.audit.append(this.entry(who, 'canary_promote', 'ok', c.stable, c.candidate, { facts }));
  }

  /**
   * Rolls the canary's online set back (`POST /admin/canary/abort`, or the automatic verdict): every caller is
   * answered by the stable side at once, then the online manager restores the stable online set as a new
   * commit (a rollback), which the service serves.
   */
  async abortCanary(who: Caller, reasons: string[] = ['aborted by an admin'], facts: Record<string, number | null> = {}): Promise<void> {
    const c = this.canaryRun;
    if (!c) throw new HttpProblem(409, 'no_canary', null, 'no canary is running');
    this.canaryRun = null;
    this.snap = c.stable;
    this.pred = c.stablePredictor;
    this.opts.logger.warn({ candidate: c.candidate.commit, reasons, facts }, 'canary aborted');
    try {
      await this.managerRollback(c.stable.state.history.length - 1);
      await this.reload(true, false);
      this.evaluate();
      await this.audit.append(this.entry(who, 'canary_abort', 'ok', c.candidate, this.snap, { reasons, facts }));
    } catch (e) {
      await this.audit.append(this.entry(who, 'canary_abort', 'error', c.candidate, this.snap, { reasons, facts }, e));
      throw e;
    } finally {
      void this.retire(c.candidate, this.config.server.requestTimeoutMs * 2);
    }
  }

  /** `POST /admin/reload`: reads the state now, audited. */
  async adminReload(who: Caller): Promise<ReloadResult> {
    const before = this.snap;
    const r = await this.reload(true, false);
    this.evaluate();
    await this.audit.append(this.entry(who, 'reload', r.error ? 'error' : 'ok', before, this.snap, undefined, r.error));
    return r;
  }

  private entry(
    who: Caller,
    action: string,
    outcome: 'ok' | 'error',
    before: ServeSnapshot | null,
    after: ServeSnapshot | null,
    params?: Record<string, unknown>,
    error?: unknown,
  ): AuditEntry {
    const side = (s: ServeSnapshot | null) => ({ commit: s?.commit ?? null, online: s ? { ...s.online } : null });
    return {
      time: (this.opts.now ?? (() => new Date()))().toISOString(),
      who,
      action,
      ...(params ? { params } : {}),
      outcome,
      ...(error !== undefined ? { error: error instanceof Error ? error.message : String(error) } : {}),
      before: side(before),
      after: side(after),
    };
  }
}
