import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultWarn, FeatureStore, parseIsoDate, type QlibProvider } from '@rollq/data';
import { averageEnsemble, type PredictionTable, weightedBlend } from '@rollq/ensemble';
import { RollingGen, type TaskConfig, TimeAdjuster } from '@rollq/rolling';
import {
  DirectoryRecorderStore,
  defaultTaskComponents,
  type PredictionColumns,
  type RecorderInfo,
  TASK_ARTIFACTS,
  type TaskComponents,
  TRAIN_STATUS_TAG,
} from '@rollq/workflow';
import type { ColumnTable } from 'arquero';
import { OnlineError } from '../errors.js';
import { RollingStrategy } from '../strategy/rolling-strategy.js';
import { DelayTrainer, type ModelTrainer, Trainer, type TrainProgress } from '../trainer/trainer.js';
import { VALID_IC_RECORD } from '../trainer/valid-ic-record.js';
import type { FeatureFrameCache } from '../updater/inference-dataset.js';
import { updateOnlinePredictions } from '../updater/update-online.js';
import { applyCanary } from './canary.js';
import { canonicalJson } from './canonical-json.js';
import { mergeSignals, readSignalFile, removeSignalFile, rowsSince, signalColumns, signalTable, writeSignalFile } from './signal-file.js';
import { readState, STATE_FILE, writeState } from './state-file.js';
import {
  type CanaryConfig,
  type HistoryEntry,
  MANAGER_STATE_VERSION,
  ManagerState,
  StrategyConfig,
  type StrategyConfigInput,
} from './state-schema.js';

/** Folder of the recorder store inside the state folder. */
export const RECORDERS_DIR = 'recorders';

/** How a manager runs (not persisted: the data, the model registry, where progress goes). */
export interface OnlineManagerOptions {
  provider: QlibProvider;
  components?: TaskComponents;
  /** Training progress (the CLI renders it on stderr). */
  onProgress?: (p: TrainProgress) => void;
  /** Warnings (skipped recorders, no new tasks). Default: stderr. */
  warn?: (message: string) => void;
  /** Test hook: throw `INJECTED_CRASH` after a step has trained its models, before it commits. */
  crashAfterTrain?: boolean;
}

/** What a new manager state starts with. */
export interface InitOptions {
  strategies: StrategyConfigInput[];
  blend?: 'average' | 'weighted';
  canary?: CanaryConfig | null;
  region?: string;
  /** Manager time of the first training (default: the calendar's last day, as Qlib). */
  beginTime?: string;
}

/** One strategy in {@link OnlineManager.status}. */
export interface StrategyStatus {
  name: string;
  online: Array<{ id: string; modelClass: string; test: [string | null, string | null] | null }>;
  recorders: number;
}

/**
 * Qlib's `OnlineManager`, as a small composition: strategies decide tasks and online sets, trainers train,
 * the updater extends predictions, the ensemble blends signals, and a versioned JSON document
 * (`state.json`) records where it stands. Every step computes the next state and then commits it in one
 * atomic rename, so a crash leaves the last good state; the next step first repairs the online tags from
 * it and reuses any recorder the crashed step had finished for the same task (otherwise such leftovers
 * stay offline and are never collected). `routine` and `simulate` are two drivers of the same step.
 */
export class OnlineManager {
  readonly store: DirectoryRecorderStore;
  private strategyObjs: RollingStrategy[];
  private readonly opts: OnlineManagerOptions;
  private readonly warn: (m: string) => void;

  private constructor(
    readonly dir: string,
    private state: ManagerState,
    opts: OnlineManagerOptions,
  ) {
    // One feature cache for the manager's life: every task of every strategy reads the same handler data,
    // so features are computed once and extended by new days instead of recomputed per task.
    this.opts = { ...opts, components: opts.components ?? defaultTaskComponents({ featureStore: new FeatureStore() }) };
    this.store = new DirectoryRecorderStore(join(dir, RECORDERS_DIR));
    this.warn = opts.warn ?? defaultWarn;
    this.strategyObjs = state.strategies.map((c) => this.buildStrategy(c));
  }

  /** Creates the state folder and first-trains every strategy (Qlib's constructor + `first_train`). */
  static async init(dir: string, init: InitOptions, opts: OnlineManagerOptions): Promise<OnlineManager> {
    if (existsSync(join(dir, STATE_FILE))) {
      throw new OnlineError('STATE_EXISTS', `${join(dir, STATE_FILE)} already exists`, {
        hint: 'continue it with `rollq online routine`, or pick an empty --state folder',
      });
    }
    const strategies = init.strategies.map((s) => StrategyConfig.parse(s));
    const names = strategies.map((s) => s.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new OnlineError('STRATEGY_EXISTS', `strategy "${dup}" is given twice`, { hint: 'give each --strategy a distinct name' });
    const cal = opts.provider.calendar.dates;
    const begin = init.beginTime ?? cal[cal.length - 1]!;
    await mkdir(dir, { recursive: true });
    const state = ManagerState.parse({
      schemaVersion: MANAGER_STATE_VERSION,
      region: init.region ?? 'cn',
      strategies: [],
      blend: init.blend ?? 'average',
      canary: init.canary ?? null,
      beginTime: begin,
      curTime: begin,
      recorders: {},
      history: [],
    });
    const m = new OnlineManager(dir, state, opts);
    await m.commit(structuredClone(state), null);
    await m.addStrategies(strategies, 'first_train');
    return m;
  }

  /** Loads a manager from its state folder (a fresh process continues where the last one stopped). */
  static async open(dir: string, opts: OnlineManagerOptions): Promise<OnlineManager> {
    return new OnlineManager(dir, await readState(dir), opts);
  }

  /** The committed state (a copy). */
  snapshot(): ManagerState {
    return structuredClone(this.state);
  }

  /** Which models were online after each step. */
  history(): HistoryEntry[] {
    return structuredClone(this.state.history);
  }

  /** Qlib's `add_strategy`: first-trains the new strategies at the current time, then keeps them. */
  async addStrategy(configs: StrategyConfigInput[]): Promise<void> {
    const parsed = configs.map((c) => StrategyConfig.parse(c));
    for (const c of parsed) {
      if (this.state.strategies.some((s) => s.name === c.name)) {
        throw new OnlineError('STRATEGY_EXISTS', `strategy "${c.name}" already exists`, { hint: 'choose another name' });
      }
    }
    await this.addStrategies(parsed, 'add_strategy');
  }

  /**
   * Qlib's `routine(cur_time)`: per strategy, new due tasks are trained, the online set switches, online
   * predictions are extended to `curTime` (not past it: a routine dated in the past stays causal), then the
   * signals are re-blended. Default `curTime`: the calendar's last day.
   */
  async routine(curTime?: string): Promise<void> {
    const day = this.tradingDay(curTime);
    await this.step(day, 'routine', false);
  }

  /**
   * Qlib's `simulate` with a DelayTrainer: a routine for every trading day in `[start, end]` that only records
   * the due tasks, then `delay_prepare`: every model that went online is trained and the signals are prepared
   * at each change of the online set. The signals equal those of calling `routine` day by day.
   */
  async simulate(start: string, end: string): Promise<PredictionTable | null> {
    const from = parseIsoDate(start, 'simulate start');
    const to = parseIsoDate(end, 'simulate end');
    if (from > to) throw new OnlineError('CONFIG_INVALID', `simulate start ${from} is after its end ${to}`, { hint: 'give start <= end' });
    const [si, ei] = this.opts.provider.calendar.locate(from, to);
    const first = this.state.history.length;
    for (let i = si; i <= ei; i++) await this.step(this.opts.provider.calendar.dates[i]!, 'simulate', true);
    await this.delayPrepare(first);
    return this.getSignals();
  }

  /** The blended signals (`datetime, instrument, score`), all days or one `date`; null before the first routine. */
  async getSignals(date?: string): Promise<ColumnTable | null> {
    if (!this.state.signals) return null;
    const t = signalTable(await readSignalFile(this.dir, this.state.signals.file));
    return date === undefined ? t : t.params({ d: date }).filter((r: { datetime: string }, p: { d: string }) => r.datetime === p.d);
  }

  /**
   * Beyond Qlib: makes the online set of history entry `target` (an index, or the last entry on or before a
   * date) online again, tags and state, and records the rollback as a new history entry.
   */
  async rollback(target: number | string): Promise<HistoryEntry> {
    const h = this.state.history;
    const day = typeof target === 'number' ? null : parseIsoDate(target, 'rollback date');
    const idx = day === null ? (target as number) : h.reduce((best, e) => (e.time <= day ? e.index : best), -1);
    const entry = h[idx];
    if (!entry) {
      throw new OnlineError(
        'HISTORY_NOT_FOUND',
        `no history entry ${typeof target === 'number' ? `#${target}` : `on or before ${target}`} (history has ${h.length})`,
        {
          hint: 'see `rollq online status` for the history length; indexes start at 0',
        },
      );
    }
    const next = structuredClone(this.state);
    for (const s of this.strategyObjs) {
      if (entry.online[s.name]) await s.tool.resetOnlineTag(entry.online[s.name]!);
    }
    const e: HistoryEntry = {
      index: h.length,
      time: next.curTime,
      kind: 'rollback',
      online: { ...this.lastOnline(), ...entry.online },
      trained: {},
      canary: [],
      rollbackTo: entry.index,
    };
    next.history.push(e);
    await this.commit(next, undefined);
    return e;
  }

  /** Online models per strategy, last routine date, history length. */
  async status(): Promise<{
    strategies: StrategyStatus[];
    curTime: string;
    lastRoutine: string | null;
    history: number;
    signalsTo: string | null;
  }> {
    const strategies: StrategyStatus[] = [];
    for (const s of this.strategyObjs) {
      const online = (await s.tool.onlineModels()).map((r) => {
        const task = r.task as unknown as TaskConfig | null;
        return {
          id: r.id,
          modelClass: task?.model.class ?? 'unknown',
          test: (task?.dataset.kwargs.segments.test ?? null) as [string | null, string | null] | null,
        };
      });
      strategies.push({ name: s.name, online, recorders: this.state.recorders[s.name]?.length ?? 0 });
    }
    return {
      strategies,
      curTime: this.state.curTime,
      lastRoutine: this.state.lastRoutine,
      history: this.state.history.length,
      signalsTo: this.state.signals?.maxDate ?? null,
    };
  }

  // ---- the step ----------------------------------------------------------------------------------

  private async addStrategies(configs: StrategyConfig[], kind: 'first_train' | 'add_strategy'): Promise<void> {
    const next = structuredClone(this.state);
    const objs = configs.map((c) => this.buildStrategy(c));
    const trainer = this.trainer(false);
    const entry = this.newEntry(next, next.curTime, kind);
    for (const s of objs) {
      next.strategies.push(configs[objs.indexOf(s)]!);
      next.recorders[s.name] = [];
      const trained = await this.trainOrReuse(s, s.firstTasks(), trainer, next);
      const online = await s.prepareOnlineModels(trained);
      entry.online[s.name] = online.map((r) => r.id);
      entry.trained[s.name] = trained.map((r) => r.id);
      await trainer.endTrain(trained, s.name);
    }
    if (this.opts.crashAfterTrain) throw injected();
    next.history.push(entry);
    this.strategyObjs = [...this.strategyObjs, ...objs];
    // Qlib's first_train prepares no signals; the first routine does
    await this.commit(next, undefined);
  }

  private async step(curTime: string, kind: 'routine' | 'simulate', delay: boolean): Promise<void> {
    await this.repairTags();
    const next = structuredClone(this.state);
    next.status = delay ? 'simulating' : 'online';
    const trainer = this.trainer(delay);
    const entry = this.newEntry(next, curTime, kind);
    const trainedAll = new Map<string, RecorderInfo[]>();
    // strategies over the same handler and market predict the same new days from the same features
    const frames: FeatureFrameCache = new Map();
    for (const s of this.strategyObjs) {
      const rejected = await Promise.all((next.rejected[s.name] ?? []).map((id) => this.store.getRecorder(id)));
      const trained = await this.trainOrReuse(s, await s.prepareTasks(curTime, rejected), trainer, next);
      trainedAll.set(s.name, trained);
      const online = await this.goOnline(s, trained, next, entry);
      entry.online[s.name] = online.map((r) => r.id);
      entry.trained[s.name] = trained.map((r) => r.id);
      if (kind === 'routine') {
        await updateOnlinePredictions(s, curTime, {
          store: this.store,
          provider: this.opts.provider,
          components: this.opts.components,
          warn: this.warn,
          frames,
        });
      }
    }
    if (this.opts.crashAfterTrain && [...trainedAll.values()].some((t) => t.length > 0)) throw injected();
    next.history.push(entry);
    next.curTime = curTime;
    next.lastRoutine = curTime;
    let signals: PredictionColumns | null | undefined;
    if (!delay) {
      for (const [name, trained] of trainedAll) await trainer.endTrain(trained, name);
      signals = await this.prepareSignals(next, await this.currentSignals());
    }
    await this.commit(next, signals);
  }

  /** Qlib's `delay_prepare`: trains each online set of the simulated history where it changed, preparing signals there. */
  private async delayPrepare(firstEntry: number): Promise<void> {
    const next = structuredClone(this.state);
    const trainer = this.trainer(true);
    const before = next.history[firstEntry - 1];
    const last = new Map(this.strategyObjs.map((s) => [s.name, new Set(before?.online[s.name] ?? [])]));
    let signals = await this.currentSignals();
    let changedAny = false;
    // recorders the simulation logged but has not trained yet: left out of the signals until trained (they
    // have no predictions yet, and would only be skipped with a warning)
    const pending = new Set(next.history.slice(firstEntry).flatMap((e) => Object.values(e.trained).flat()));
    for (const entry of next.history.slice(firstEntry)) {
      let changed = false;
      for (const s of this.strategyObjs) {
        const ids = entry.online[s.name] ?? [];
        const prev = last.get(s.name)!;
        if (prev.size === ids.length && ids.every((id) => prev.has(id))) continue;
        const recs = await Promise.all(ids.map((id) => this.store.getRecorder(id)));
        await trainer.endTrain(recs, s.name);
        for (const id of ids) pending.delete(id);
        await s.tool.resetOnlineTag(ids);
        last.set(s.name, new Set(ids));
        changed = true;
      }
      if (changed) {
        signals = await this.prepareSignals(next, signals, pending);
        changedAny = true;
      }
    }
    if (!changedAny || signals === null) signals = await this.prepareSignals(next, signals, pending);
    next.status = 'online';
    await this.commit(next, signals);
  }

  /** Puts the step's new models online, through the canary gate when configured. */
  private async goOnline(s: RollingStrategy, trained: RecorderInfo[], next: ManagerState, entry: HistoryEntry): Promise<RecorderInfo[]> {
    if (!next.canary || trained.length === 0) return s.prepareOnlineModels(trained);
    const current = await s.tool.onlineModels();
    const out = await applyCanary(this.store, s.name, next.canary, current, trained);
    entry.canary.push(...out.decisions);
    if (out.rejected.length > 0) next.rejected[s.name] = [...(next.rejected[s.name] ?? []), ...out.rejected.map((r) => r.id)];
    if (out.rejected.length === trained.length) return current;
    await s.tool.resetOnlineTag(out.online);
    return out.online;
  }

  /**
   * Trains the tasks, except that a task equal (canonical JSON) to a FINISHED recorder a crashed step left
   * behind (not in the committed state) reuses that recorder: the newest such match, provided it is usable by
   * this trainer (a saved model for immediate training). Deterministic, and no work is done twice.
   */
  private async trainOrReuse(s: RollingStrategy, tasks: TaskConfig[], trainer: ModelTrainer, next: ManagerState): Promise<RecorderInfo[]> {
    const committed = new Set(next.recorders[s.name] ?? []);
    const leftovers = (await this.store.listRecorders(s.name, { status: 'FINISHED' })).filter(
      (r) => !committed.has(r.id) && r.tags[TRAIN_STATUS_TAG] !== undefined,
    );
    const reused: Array<RecorderInfo | undefined> = [];
    for (const task of tasks) {
      const key = canonicalJson(task);
      let found: RecorderInfo | undefined;
      for (const r of leftovers) {
        if (canonicalJson(r.task) !== key) continue;
        if (!trainer.isDelay() && !(await this.store.listArtifacts(r.id)).some((a) => a.startsWith(TASK_ARTIFACTS.modelPrefix))) continue;
        found = r;
        break;
      }
      if (found) leftovers.splice(leftovers.indexOf(found), 1);
      reused.push(found);
    }
    // the rest trained in one call, in task order, so progress reads "task i of n"
    const fresh = await trainer.train(
      tasks.filter((_, i) => !reused[i]),
      s.name,
    );
    const out = reused.map((r) => r ?? fresh.shift()!);
    if (out.length > 0) (next.recorders[s.name] ??= []).push(...out.map((r) => r.id));
    return out;
  }

  /** Qlib's `prepare_signals`: blend every strategy's collected predictions, merged with the old signals. */
  private async prepareSignals(
    next: ManagerState,
    old: PredictionColumns | null,
    notYetTrained: ReadonlySet<string> = new Set(),
  ): Promise<PredictionColumns | null> {
    const perStrategy: Record<string, Record<string, PredictionTable>> = {};
    // mergeSignals keeps the old signals before their last day and takes the rest from the new blend
    const since = old && old.datetime.length > 0 ? old.datetime[old.datetime.length - 1]! : null;
    for (const s of this.strategyObjs) {
      const ids = (next.recorders[s.name] ?? []).filter((id) => !notYetTrained.has(id));
      const got = await s.collect(new Set(ids), this.warn);
      if (Object.keys(got).length > 0)
        perStrategy[s.name] = Object.fromEntries(Object.entries(got).map(([k, t]) => [k, rowsSince(t, since)]));
    }
    if (Object.keys(perStrategy).length === 0) return old;
    let blended: PredictionTable;
    if (next.blend === 'weighted') {
      const weights = new Map(next.strategies.map((c) => [c.name, c.weight]));
      blended = weightedBlend(
        Object.fromEntries(Object.entries(perStrategy).map(([n, p]) => [n, { table: averageEnsemble(p), weight: weights.get(n) ?? 1 }])),
      );
    } else {
      blended = averageEnsemble(perStrategy);
    }
    return mergeSignals(old, signalColumns(blended));
  }

  // ---- plumbing ----------------------------------------------------------------------------------

  /** Makes the tags agree with the committed state (after a crash between tagging and committing). */
  private async repairTags(): Promise<void> {
    const online = this.lastOnline();
    for (const s of this.strategyObjs) {
      const want = online[s.name] ?? [];
      const have = (await s.tool.onlineModels()).map((r) => r.id);
      if (have.length !== want.length || !want.every((id) => have.includes(id))) await s.tool.resetOnlineTag(want);
    }
  }

  private lastOnline(): Record<string, string[]> {
    const h = this.state.history;
    return h.length > 0 ? h[h.length - 1]!.online : {};
  }

  private async currentSignals(): Promise<PredictionColumns | null> {
    return this.state.signals ? readSignalFile(this.dir, this.state.signals.file) : null;
  }

  /** Writes the signals (if new) under a fresh name, then the state document: the rename is the commit. */
  private async commit(next: ManagerState, signals: PredictionColumns | null | undefined): Promise<void> {
    next.commit = this.state.commit + 1;
    const oldFile = this.state.signals?.file;
    if (signals) {
      const file = await writeSignalFile(this.dir, next.commit, signals);
      next.signals = { file, maxDate: signals.datetime[signals.datetime.length - 1] ?? null, rows: signals.datetime.length };
    }
    await writeState(this.dir, next);
    this.state = ManagerState.parse(next);
    if (oldFile && oldFile !== this.state.signals?.file) await removeSignalFile(this.dir, oldFile);
  }

  private newEntry(next: ManagerState, time: string, kind: HistoryEntry['kind']): HistoryEntry {
    return { index: next.history.length, time, kind, online: { ...this.lastOnline() }, trained: {}, canary: [] };
  }

  private trainer(delay: boolean): ModelTrainer {
    const o = {
      store: this.store,
      provider: this.opts.provider,
      region: this.state.region,
      components: this.opts.components,
      onProgress: this.opts.onProgress,
    };
    return delay ? new DelayTrainer(o) : new Trainer(o);
  }

  private buildStrategy(c: StrategyConfig): RollingStrategy {
    const cal = this.opts.provider.calendar;
    const rollingGen = new RollingGen(new TimeAdjuster(cal), {
      step: c.rolling.step,
      rtype: c.rolling.rtype,
      truncDays: c.rolling.truncDays,
    });
    // the canary needs each model's validation IC, logged by ValidICRecord right after training
    const template = (c.template as TaskConfig[]).map((t) => (this.state.canary ? withValidIC(t) : t));
    return new RollingStrategy({ name: c.name, template, rollingGen, store: this.store, calendar: cal, warn: this.warn });
  }

  /** `d` as a trading day: the last one on or before it (default: the calendar's last day). */
  private tradingDay(d?: string): string {
    const cal = this.opts.provider.calendar;
    if (d === undefined) return cal.dates[cal.dates.length - 1]!;
    const i = cal.bisectRight(parseIsoDate(d, 'routine date')) - 1;
    if (i < 0)
      throw new OnlineError('CONFIG_INVALID', `date ${d} is before the calendar start ${cal.dates[0]}`, {
        hint: 'give a date inside the data',
      });
    return cal.dates[i]!;
  }
}

function withValidIC(task: TaskConfig): TaskConfig {
  const list = task.record === undefined ? [] : Array.isArray(task.record) ? task.record : [task.record];
  if (!task.dataset.kwargs.segments.valid || list.some((r) => (typeof r === 'string' ? r : r.class).endsWith(VALID_IC_RECORD))) return task;
  return { ...task, record: [...list, { class: VALID_IC_RECORD, kwargs: {} }] };
}

function injected(): OnlineError {
  return new OnlineError('INJECTED_CRASH', 'injected crash after training, before the step committed', {
    hint: 'test hook (crashAfterTrain / ROLLQ_ONLINE_CRASH_AFTER_TRAIN); run the step again to repair',
  });
}
