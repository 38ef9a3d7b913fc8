import { join, resolve } from 'node:path';
import type { PredictionColumns, QlibProvider } from '@rollq/data';
import type { PredictionTable } from '@rollq/ensemble';
import { locationScheme, type RecorderInfo, type RecorderStore, type RecorderStoreRouter, type TaskComponents } from '@rollq/workflow';
import type { ColumnTable } from 'arquero';
import { OnlineError } from '../errors.js';
import type { OnlineStrategy } from '../strategy/online-strategy.js';
import { StrategyConfig, type StrategyConfigInput } from '../strategy/strategy-config.js';
import type { StrategyFactory } from '../strategy/strategy-factory.js';
import { trainOrReuse } from '../trainer/train-or-reuse.js';
import type { ModelTrainer, TrainProgress } from '../trainer/trainer.js';
import type { TrainerFactory } from '../trainer/trainer-factory.js';
import type { FeatureFrameCache } from '../updater/inference-dataset.js';
import { updateOnlinePredictions } from '../updater/update-online.js';
import { blendStrategies, prepareSignals } from './blend.js';
import { goOnline } from './canary.js';
import { delayPrepare } from './delay-prepare.js';
import { lastOnline, type ManagerStatus, managerStatus, newEntry, repairOnlineTags, rollbackTarget } from './history.js';
import { type ManagerParts, resolveParts, stateStoreOf } from './manager-parts.js';
import { loggedRoutine } from './routine-log.js';
import { signalColumns, signalTable } from './signal-file.js';
import { type CanaryConfig, type HistoryEntry, MANAGER_STATE_VERSION, ManagerState } from './state-schema.js';
import type { ManagerStateStore } from './state-store.js';
import { TradingClock } from './trading-clock.js';

/** Default recorder store location inside the state folder. */
export const RECORDERS_DIR = 'recorders';

/**
 * How a manager runs (not persisted): the data, where progress goes, and the parts it composes. Every part
 * has a default; pass one to replace it (a MongoDB recorder store, a worker-pool trainer, a test double).
 */
export interface OnlineManagerOptions {
  provider: QlibProvider;
  /** Builds datasets and models from task specs (default: the registries, with one feature cache for the manager's life). */
  components?: TaskComponents;
  /** The recorder store (default: opened by `storeRouter` from the state's `store` location). */
  store?: RecorderStore;
  /** Opens the state's `store` location when `store` is not given (default: folders and file:// URLs). */
  storeRouter?: RecorderStoreRouter;
  /** Where the state document and signals are committed (default: the state folder). */
  stateStore?: ManagerStateStore;
  /** Builds each strategy from its config (default: Qlib's RollingStrategy). */
  strategyFactory?: StrategyFactory;
  /** Gives immediate / delayed trainers (default: this process trains). */
  trainerFactory?: TrainerFactory;
  /** Training progress (the CLI renders it on stderr). */
  onProgress?: (p: TrainProgress) => void;
  /** Warnings (skipped recorders, no new tasks). Default: stderr. */
  warn?: (message: string) => void;
  /** How long a second writer of the same state waits before `STATE_LOCKED` (default 30 000 ms). */
  lockTimeoutMs?: number;
}

/** What a new manager state starts with. */
export interface InitOptions {
  strategies: StrategyConfigInput[];
  blend?: 'average' | 'weighted';
  canary?: CanaryConfig | null;
  region?: string;
  /** Manager time of the first training (default: the calendar's last day, as Qlib). */
  beginTime?: string;
  /** Recorder store location (default `recorders` inside the state folder). */
  store?: string;
  /** The workflow YAML the strategies came from, kept beside the state as `workflow.yaml` (provenance). */
  workflowYaml?: string;
}

/**
 * Qlib's `OnlineManager`, as a composition of parts that each own one job:
 *
 * | Qlib                 | rollq                                                                              |
 * | -------------------- | ---------------------------------------------------------------------------------- |
 * | `first_train`        | {@link OnlineManager.init}: strategies' first tasks → trainer → online models      |
 * | `routine`            | {@link OnlineManager.routine}: prepare tasks → train → online → update preds → signals |
 * | `simulate`           | {@link OnlineManager.simulate}: routines with a delay trainer, then `delay_prepare` |
 * | `add_strategy`       | {@link OnlineManager.addStrategy}                                                  |
 * | `get_signals`        | {@link OnlineManager.getSignals}                                                   |
 *
 * The clock ({@link TradingClock}), strategies ({@link StrategyFactory}), trainers ({@link TrainerFactory}),
 * canary gate, blend and crash repair are separate modules; the recorder store and the state store are
 * injected. Every write holds the state's writer lock and commits the next state in one atomic write, so a
 * crash leaves the last good state; the next step first repairs the online tags from it and reuses any
 * recorder the crashed step had finished for the same task.
 *
 * @example
 * ```ts
 * const provider = await QlibProvider.open('data/us_qlib');
 * const m = await OnlineManager.init('state/', { strategies: [{ name: 'gbdt', template: [task] }], region: 'us' }, { provider });
 * await m.routine('2017-03-01');
 * const signals = await m.getSignals('2017-03-01');
 * ```
 */
export class OnlineManager {
  readonly store: RecorderStore;
  private strategyObjs: OnlineStrategy[];

  private constructor(
    readonly dir: string,
    private state: ManagerState,
    private readonly parts: ManagerParts,
  ) {
    this.store = parts.store;
    this.strategyObjs = this.buildStrategies(state);
  }

  /**
   * Creates the state and first-trains every strategy (Qlib's constructor + `first_train`). It either commits
   * a complete state or leaves nothing behind: on an error, what it created is removed; after a kill, the
   * folder has no state and `init` runs again, reusing every recorder that had finished.
   */
  static async init(dir: string, init: InitOptions, opts: OnlineManagerOptions): Promise<OnlineManager> {
    const strategies = init.strategies.map((s) => StrategyConfig.parse(s));
    const names = strategies.map((s) => s.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new OnlineError('STRATEGY_EXISTS', `strategy "${dup}" is given twice`, { hint: 'give each --strategy a distinct name' });
    const states = stateStoreOf(dir, opts);
    const clock = new TradingClock(opts.provider.calendar);
    const begin = init.beginTime ?? clock.last;
    clock.tradingDay(begin, 'begin time'); // a real day, not before the data
    if (begin > clock.last) {
      throw new OnlineError('CONFIG_INVALID', `begin time ${init.beginTime} is after the last data day ${clock.last}`, {
        hint: `give a day on or before ${clock.last}, or import newer data first`,
      });
    }
    // the empty state counts as commit 1 (it is never written: a state on disk always has its strategies)
    const state = ManagerState.parse({
      schemaVersion: MANAGER_STATE_VERSION,
      region: init.region ?? 'cn',
      dataDir: resolve(opts.provider.root),
      store: init.store ?? RECORDERS_DIR,
      strategies: [],
      blend: init.blend ?? 'average',
      canary: init.canary ?? null,
      beginTime: begin,
      curTime: begin,
      recorders: {},
      history: [],
      commit: 1,
    });
    return states.withWriteLock(async () => {
      if (await states.exists()) {
        throw new OnlineError('STATE_EXISTS', `${join(states.location, 'state.json')} already exists`, {
          hint: 'continue it with `rollq online routine`, or pick an empty --state folder',
        });
      }
      try {
        const m = new OnlineManager(dir, state, await resolveParts(dir, state, opts, states));
        if (init.workflowYaml !== undefined) await states.writeAttachment('workflow.yaml', init.workflowYaml);
        await m.addStrategies(strategies, 'first_train');
        return m;
      } catch (e) {
        await states.discardInit();
        throw e;
      }
    });
  }

  /** Loads a manager from its state (a fresh process continues where the last one stopped). */
  static async open(dir: string, opts: OnlineManagerOptions): Promise<OnlineManager> {
    const states = stateStoreOf(dir, opts);
    const state = await states.read();
    return new OnlineManager(dir, state, await resolveParts(dir, state, opts, states));
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
  addStrategy(configs: StrategyConfigInput[]): Promise<void> {
    const parsed = configs.map((c) => StrategyConfig.parse(c));
    return this.writing(async () => {
      for (const c of parsed) {
        if (this.state.strategies.some((s) => s.name === c.name)) {
          throw new OnlineError('STRATEGY_EXISTS', `strategy "${c.name}" already exists`, { hint: 'choose another name' });
        }
      }
      await this.addStrategies(parsed, 'add_strategy');
    });
  }

  /**
   * Qlib's `routine(cur_time)`: per strategy, new due tasks are trained, the online set switches, online
   * predictions are extended to `curTime` (not past it: a routine dated in the past stays causal), then the
   * signals are re-blended. Default `curTime`: the calendar's last day.
   */
  routine(curTime?: string): Promise<void> {
    let day: string | null = curTime ?? null;
    return this.logged(
      'routine',
      () => day,
      () => {
        const d = this.parts.clock.tradingDay(curTime);
        day = d;
        return this.writing(async () => {
          this.notBeforeManagerTime(d, 'routine date');
          await this.step(d, 'routine', false);
        });
      },
    );
  }

  /**
   * Qlib's `simulate` with a DelayTrainer: a routine for every trading day in `[start, end]` that only records
   * the due tasks, then `delay_prepare`: every model that went online is trained and the signals are prepared
   * at each change of the online set. The signals equal those of calling `routine` day by day.
   */
  async simulate(start: string, end: string): Promise<PredictionTable | null> {
    await this.logged(
      'simulate',
      () => end,
      async () => {
        const days = this.parts.clock.days(start, end);
        await this.writing(async () => {
          if (days.length > 0) this.notBeforeManagerTime(days[0]!, 'simulate start');
          const first = this.state.history.length;
          for (const day of days) await this.step(day, 'simulate', true);
          await this.delayPrepare(first);
        });
      },
    );
    return this.getSignals();
  }

  /** The blended signals (`datetime, instrument, score`), all days or one `date`; null before the first routine. */
  async getSignals(date?: string): Promise<ColumnTable | null> {
    if (!this.state.signals) return null;
    const t = signalTable(await this.parts.states.readSignals(this.state.signals.file));
    return date === undefined ? t : t.params({ d: date }).filter((r: { datetime: string }, p: { d: string }) => r.datetime === p.d);
  }

  /**
   * One strategy's signal: its committed recorders' predictions collected and averaged over its model
   * classes (Qlib's AverageEnsemble), as the blend would see it alone; null when it has none yet. The
   * signal a `rollq user` trades when its config names a strategy.
   */
  async strategySignals(name: string): Promise<PredictionColumns | null> {
    const s = this.strategyObjs.find((x) => x.name === name);
    if (!s) {
      throw new OnlineError('SIGNALS_NOT_FOUND', `no strategy "${name}" in the state ${this.dir}`, {
        hint: `use one of: ${this.state.strategies.map((c) => c.name).join(', ')}`,
      });
    }
    const got = await s.collect(new Set(this.state.recorders[name] ?? []), this.parts.warn);
    if (Object.keys(got).length === 0) return null;
    return signalColumns(blendStrategies({ [name]: got }, { blend: 'average', strategies: this.state.strategies }));
  }

  /**
   * Beyond Qlib: makes the online set of history entry `target` (an index, or the last entry on or before a
   * date) online again, tags and state, and records the rollback as a new history entry.
   */
  rollback(target: number | string): Promise<HistoryEntry> {
    return this.writing(async () => {
      const entry = rollbackTarget(this.state.history, target);
      const next = structuredClone(this.state);
      for (const s of this.strategyObjs) {
        if (entry.online[s.name]) await s.tool.resetOnlineTag(entry.online[s.name]!);
      }
      const e: HistoryEntry = {
        index: next.history.length,
        time: next.curTime,
        kind: 'rollback',
        online: { ...lastOnline(this.state), ...entry.online },
        trained: {},
        canary: [],
        rollbackTo: entry.index,
      };
      next.history.push(e);
      await this.commit(next, undefined);
      return e;
    });
  }

  /** Online models per strategy, last routine date, history length. */
  status(): Promise<ManagerStatus> {
    return managerStatus(this.state, this.strategyObjs);
  }

  // ---- the step ----------------------------------------------------------------------------------

  /** The manager's time only moves forward: a step dated before it would rewrite what it already served. */
  private notBeforeManagerTime(day: string, what: string): void {
    if (day < this.state.curTime) {
      throw new OnlineError('CONFIG_INVALID', `${what} ${day} is before the manager's time ${this.state.curTime}`, {
        hint: `give a date on or after ${this.state.curTime} (see \`rollq online status\`), or roll back to an earlier online set with \`rollq online rollback\``,
      });
    }
  }

  /** Runs `fn` as the state's only writer, on the latest committed state (another process may have committed). */
  private writing<T>(fn: () => Promise<T>): Promise<T> {
    return this.parts.states.withWriteLock(async () => {
      const latest = await this.parts.states.read();
      if (latest.commit !== this.state.commit) {
        this.state = latest;
        this.strategyObjs = this.buildStrategies(latest);
      }
      return fn();
    });
  }

  private async addStrategies(configs: StrategyConfig[], kind: 'first_train' | 'add_strategy'): Promise<void> {
    const next = structuredClone(this.state);
    const objs = configs.map((c) => this.buildStrategy(c, next));
    const trainer = this.trainer(false);
    const entry = newEntry(next, next.curTime, kind);
    for (const [i, s] of objs.entries()) {
      next.strategies.push(configs[i]!);
      next.recorders[s.name] = [];
      const trained = await this.train(s, s.firstTasks(), trainer, next);
      const online = await s.prepareOnlineModels(trained);
      entry.online[s.name] = online.map((r) => r.id);
      entry.trained[s.name] = trained.map((r) => r.id);
      await trainer.endTrain(trained, s.name);
    }
    next.history.push(entry);
    // Qlib's first_train prepares no signals; the first routine does
    await this.commit(next, undefined);
    this.strategyObjs = [...this.strategyObjs, ...objs];
  }

  private async step(curTime: string, kind: 'routine' | 'simulate', delay: boolean): Promise<void> {
    await repairOnlineTags(this.strategyObjs, lastOnline(this.state));
    const next = structuredClone(this.state);
    next.status = delay ? 'simulating' : 'online';
    const trainer = this.trainer(delay);
    const entry = newEntry(next, curTime, kind);
    const trainedAll = new Map<string, RecorderInfo[]>();
    // strategies over the same handler and market predict the same new days from the same features
    const frames: FeatureFrameCache = new Map();
    for (const s of this.strategyObjs) {
      const rejected = await Promise.all((next.rejected[s.name] ?? []).map((id) => this.store.getRecorder(id)));
      const trained = await this.train(s, await s.prepareTasks(curTime, rejected), trainer, next);
      trainedAll.set(s.name, trained);
      const online = await goOnline(this.store, s, next.canary, trained, entry, next.rejected);
      entry.online[s.name] = online.map((r) => r.id);
      entry.trained[s.name] = trained.map((r) => r.id);
      if (kind === 'routine') {
        await updateOnlinePredictions(s, curTime, {
          store: this.store,
          provider: this.parts.provider,
          components: this.parts.components,
          warn: this.parts.warn,
          frames,
        });
      }
    }
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

  /** Qlib's `delay_prepare` after a simulation whose first history entry is `firstEntry` (see {@link delayPrepare}). */
  private async delayPrepare(firstEntry: number): Promise<void> {
    const next = structuredClone(this.state);
    const signals = await delayPrepare(next, firstEntry, {
      strategies: this.strategyObjs,
      store: this.store,
      trainer: this.trainer(true),
      signals: await this.currentSignals(),
      prepare: (old, pending) => this.prepareSignals(next, old, pending),
    });
    next.status = 'online';
    await this.commit(next, signals);
  }

  /** Trains (or reuses a crashed step's finished recorders for) the tasks, and lists them in `next`. */
  private async train(s: OnlineStrategy, tasks: ReturnType<OnlineStrategy['firstTasks']>, trainer: ModelTrainer, next: ManagerState) {
    const out = await trainOrReuse(this.store, s.name, tasks, trainer, new Set(next.recorders[s.name] ?? []));
    if (out.length > 0) (next.recorders[s.name] ??= []).push(...out.map((r) => r.id));
    return out;
  }

  /** Qlib's `prepare_signals` over this manager's strategies (see {@link prepareSignals}). */
  private prepareSignals(next: ManagerState, old: PredictionColumns | null, notYetTrained?: ReadonlySet<string>) {
    return prepareSignals(this.strategyObjs, next, old, { notYetTrained, warn: this.parts.warn });
  }

  // ---- plumbing ----------------------------------------------------------------------------------

  /** Runs a routine / simulate and appends its outcome to the routine log beside a folder state (see {@link loggedRoutine}). */
  private logged<T>(kind: 'routine' | 'simulate', dateOf: () => string | null, run: () => Promise<T>): Promise<T> {
    const folder = locationScheme(this.dir) === null ? this.dir : null;
    return loggedRoutine(folder, kind, dateOf, () => this.state.commit, this.parts.warn, run);
  }

  private async currentSignals(): Promise<PredictionColumns | null> {
    return this.state.signals ? this.parts.states.readSignals(this.state.signals.file) : null;
  }

  private async commit(next: ManagerState, signals: PredictionColumns | null | undefined): Promise<void> {
    this.state = await this.parts.states.commit(this.state, next, signals);
  }

  private trainer(delay: boolean): ModelTrainer {
    return this.parts.trainers(delay, { region: this.state.region });
  }

  private buildStrategies(state: ManagerState): OnlineStrategy[] {
    return state.strategies.map((c) => this.buildStrategy(c, state));
  }

  private buildStrategy(c: StrategyConfig, state: ManagerState): OnlineStrategy {
    return this.parts.strategyFactory(c, {
      store: this.store,
      calendar: this.parts.provider.calendar,
      canary: state.canary !== null,
      warn: this.parts.warn,
    });
  }
}
