import { benchmarkReturns, regionDefaults, type Signal, validatePredictions } from '@rollq/backtest';
import { type PredictionColumns, QlibProvider } from '@rollq/data';
import { closeRecorderStore } from '@rollq/workflow';
import { OnlineError } from '../errors.js';
import { OnlineManager } from '../manager/online-manager.js';
import { readSignalFile } from '../manager/signal-file.js';
import { readState } from '../manager/state-file.js';
import type { ManagerState } from '../manager/state-schema.js';
import { TradingClock } from '../manager/trading-clock.js';
import { readUserConfig, resolveUserConfig, type UserSettings } from './user-config.js';
import { type UserMetrics, type UserSummary, userMetrics, userResult, userSummary, writeUserReport } from './user-report.js';
import { advanceUser, newAccount } from './user-routine.js';
import { USER_STATE_VERSION, type UserRecord, type UserState } from './user-state.js';
import { UserStore } from './user-store.js';

/** The signal a user trades: `'blend'` or a strategy name. */
export type SignalName = string;

/** Loads the prediction columns (a `score` column) of a signal of the state. */
export type SignalLoader = (name: SignalName, state: ManagerState) => Promise<PredictionColumns>;

/** How a {@link UserManager} runs (not persisted). */
export interface UserManagerOptions {
  /** The data (default: the state's `dataDir`). */
  provider?: QlibProvider;
  /** Reads signals other than the blend (default: the strategy's signal from the state's recorders, {@link OnlineManager.strategySignals}). */
  signalLoader?: SignalLoader;
  /** How long a second writer of the users waits before `USERS_LOCKED` (default 30 000 ms). */
  lockTimeoutMs?: number;
  /** The clock of `addedAt` and archive names (tests). */
  now?: () => Date;
}

/** What `add` takes besides the id. */
export interface AddUserOptions {
  /** The user config file (YAML), or an already parsed config value. */
  config: string | Record<string, unknown>;
  /** The user trades from the trading day after this one (default: the last day of the state's signals). */
  date?: string;
}

/** Progress of a routine: a user's day committed. */
export interface UserRoutineProgress {
  user: string;
  date: string;
  done: number;
  total: number;
}

/** What a routine did per user. */
export interface UserRoutineResult {
  id: string;
  /** lastDate before and after. */
  from: string;
  to: string;
  /** Trading days committed by this routine (0: the user was up to date, or had not started). */
  days: number;
  /** The routine date is before the user's start (it was added on a later day): left as it is. */
  notStarted: boolean;
}

/**
 * Qlib's `UserManager` + online `Operator` over an online state folder: users each with an account, a
 * strategy and a signal of the state (the blend or one strategy's), stored as plain versioned JSON under
 * `<state>/users/<id>/`. `routine` runs Qlib's daily order for each user (generate orders on day D's
 * scores → execute them at D+1 with the exchange → update the account and report) through the backtest's
 * own one-day step, committing each user and day atomically under the users lock.
 *
 * @example
 * ```ts
 * const users = await UserManager.open('state/');
 * await users.add('alice', { config: 'alice.yaml', date: '2017-06-30' });
 * await users.routine(); // alice trades every day up to the state's last signal day
 * const { summary, metrics } = await users.report('alice');
 * ```
 */
export class UserManager {
  readonly users: UserStore;

  private constructor(
    readonly stateDir: string,
    private state: ManagerState,
    readonly provider: QlibProvider,
    private readonly opts: UserManagerOptions,
  ) {
    this.users = new UserStore(stateDir, opts.lockTimeoutMs);
  }

  /** Opens the users of the online state in `stateDir` (`STATE_NOT_FOUND` when there is no state). */
  static async open(stateDir: string, opts: UserManagerOptions = {}): Promise<UserManager> {
    const state = await readState(stateDir);
    let provider = opts.provider;
    if (!provider) {
      if (!state.dataDir) {
        throw new OnlineError('STATE_INVALID', `the state in ${stateDir} does not name its data folder`, {
          hint: 'the state was made by an older rollq: give the data provider explicitly',
        });
      }
      provider = QlibProvider.open(state.dataDir);
    }
    return new UserManager(stateDir, state, provider, opts);
  }

  /** The last day of the state's blended signals (null before the first routine). */
  get lastSignalDay(): string | null {
    return this.state.signals?.maxDate ?? null;
  }

  /**
   * Qlib's `add_user`: a new user with the config's cash and strategy, trading from the day after `date`.
   * Fails with `USER_EXISTS`, `USER_CONFIG_INVALID` (positions in the file), `USER_DATE_INVALID`.
   */
  async add(id: string, o: AddUserOptions): Promise<UserRecord> {
    this.users.userDir(id); // validates the id first
    const region = regionDefaults(this.state.region);
    const settings = typeof o.config === 'string' ? readUserConfig(o.config, region) : resolveUserConfig(o.config, region, 'user config');
    this.checkSignalName(settings);
    // a benchmark the data does not hold fails now, not at the first routine
    const last = this.provider.calendar.length - 1;
    benchmarkReturns(this.provider, settings.benchmark, last, last, []);
    const addDate = this.addDate(o.date);
    return this.users.withLock(async () => {
      if (this.users.exists(id)) {
        throw new OnlineError('USER_EXISTS', `user "${id}" already exists in ${this.users.dir}`, {
          hint: 'choose another id, or remove the user first (`rollq user remove`, which archives it)',
        });
      }
      const user: UserRecord = {
        schemaVersion: USER_STATE_VERSION,
        id,
        addedAt: (this.opts.now?.() ?? new Date()).toISOString(),
        addDate,
        lastDate: addDate,
        settings,
        account: newAccount(settings.account),
        dayCount: 0,
      };
      await this.users.create(user);
      return user;
    });
  }

  /** Qlib's `remove_user`, but archiving: moves the user's folder to `users/.archive/<id>-<timestamp>/`. Returns that folder. */
  async remove(id: string): Promise<string> {
    await this.users.readRecord(id); // USER_NOT_FOUND before the lock creates anything
    return this.users.withLock(async () => {
      await this.users.readRecord(id); // USER_NOT_FOUND
      return this.users.archive(id, this.opts.now?.() ?? new Date());
    });
  }

  /** The users' summaries, by id. */
  async list(): Promise<UserSummary[]> {
    const out: UserSummary[] = [];
    for (const id of await this.users.ids()) out.push(userSummary(await this.users.readRecord(id)));
    return out;
  }

  /** User `id`'s document. */
  get(id: string): Promise<UserState> {
    return this.users.read(id);
  }

  /**
   * Brings every user up to `date` (default: the last day of the state's signals), day by day in calendar
   * order, each user and day committed atomically, then writes each advanced user's report. A user already
   * at `date` (or added after it) is left as it is, so a second routine for the same day does nothing.
   * `USER_DATE_INVALID` for a date after the signals, or before every user's start.
   */
  async routine(o: { date?: string; onProgress?: (p: UserRoutineProgress) => void } = {}): Promise<UserRoutineResult[]> {
    // the state as committed now: an online routine may have extended the signals since `open`
    this.state = await readState(this.stateDir);
    const until = this.routineDate(o.date);
    return this.users.withLock(async () => {
      const users: UserRecord[] = [];
      for (const id of await this.users.ids()) users.push(await this.users.readRecord(id));
      if (users.length > 0 && users.every((u) => until < u.addDate)) {
        const first = users.reduce((a, u) => (u.addDate < a.addDate ? u : a));
        throw new OnlineError(
          'USER_DATE_INVALID',
          `routine date ${until} is before every user's start (the first, "${first.id}", was added on ${first.addDate})`,
          { hint: `give a date after ${first.addDate}, or leave --date out to bring every user up to the last signal day` },
        );
      }
      const signals = new Map<string, Signal>();
      const out: UserRoutineResult[] = [];
      for (const u of users) {
        if (u.lastDate >= until) {
          // up to date, or not started by `until` (a user added after it)
          out.push({ id: u.id, from: u.lastDate, to: u.lastDate, days: 0, notStarted: until < u.addDate });
          continue;
        }
        let signal = signals.get(u.settings.signal);
        if (!signal) {
          signal = validatePredictions(await this.loadSignal(u.settings.signal), this.provider).signal;
          signals.set(u.settings.signal, signal);
        }
        const done = await advanceUser(u, this.provider, signal, until, async (next, day, p) => {
          await this.users.commitDay(next, day);
          o.onProgress?.({ user: u.id, ...p });
        });
        await writeUserReport(this.users.userDir(u.id), await this.users.read(u.id));
        out.push({ id: u.id, from: u.lastDate, to: done.lastDate, days: done.dayCount - u.dayCount, notStarted: false });
      }
      return out;
    });
  }

  /** User `id`'s summary and risk metrics; writes its `report.html` (and CSVs) in its folder. */
  async report(id: string): Promise<{ summary: UserSummary; metrics: UserMetrics | null; files: string[] }> {
    const u = await this.users.read(id);
    if (u.dayCount === 0) return { summary: userSummary(u), metrics: null, files: [] };
    const res = userResult(u);
    const files = await writeUserReport(this.users.userDir(id), u, res);
    return { summary: userSummary(u), metrics: userMetrics(res), files };
  }

  private addDate(date: string | undefined): string {
    const last = this.lastSignalDay;
    if (date === undefined) {
      if (last === null) throw this.noSignals();
      return last;
    }
    return this.tradingDay(date, 'add date');
  }

  private routineDate(date: string | undefined): string {
    const last = this.lastSignalDay;
    if (last === null) throw this.noSignals();
    if (date === undefined) return last;
    const day = this.tradingDay(date, 'routine date');
    if (day > last) {
      throw new OnlineError('USER_DATE_INVALID', `routine date ${date} is after the last signal day ${last} of the state`, {
        hint: `give a date on or before ${last}, or run \`rollq online routine\` first to extend the signals`,
      });
    }
    return day;
  }

  private tradingDay(date: string, what: string): string {
    try {
      return new TradingClock(this.provider.calendar).tradingDay(date, what);
    } catch (e) {
      const err = e as { message?: string; hint?: string };
      throw new OnlineError('USER_DATE_INVALID', String(err.message), {
        hint: err.hint ?? 'give a YYYY-MM-DD date inside the data',
        cause: e,
      });
    }
  }

  private noSignals(): OnlineError {
    return new OnlineError('SIGNALS_NOT_FOUND', `the online state in ${this.stateDir} has no signals yet`, {
      hint: 'run `rollq online routine --state <dir>` (or `online simulate`) first',
    });
  }

  private checkSignalName(settings: UserSettings): void {
    if (settings.signal === 'blend') return;
    const names = this.state.strategies.map((s) => s.name);
    if (!names.includes(settings.signal)) {
      throw new OnlineError(
        'USER_CONFIG_INVALID',
        `user config: signal "${settings.signal}" is neither blend nor a strategy of the state`,
        {
          hint: `use signal: blend or one of: ${names.join(', ')}`,
        },
      );
    }
  }

  private async loadSignal(name: SignalName): Promise<PredictionColumns> {
    if (name === 'blend') {
      if (!this.state.signals) throw this.noSignals();
      try {
        return await readSignalFile(this.stateDir, this.state.signals.file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        // an online routine committed meanwhile and dropped the file this state named: its successor holds
        // the same days and more; the routine date was checked against the older, shorter signals
        this.state = await readState(this.stateDir);
        if (!this.state.signals) throw this.noSignals();
        return readSignalFile(this.stateDir, this.state.signals.file);
      }
    }
    if (this.opts.signalLoader) return this.opts.signalLoader(name, this.state);
    const m = await OnlineManager.open(this.stateDir, { provider: this.provider, warn: () => {} });
    // a MongoDB recorder store holds connections: closed here, so the CLI process can end
    const cols = await m.strategySignals(name).finally(() => closeRecorderStore(m.store));
    if (!cols) {
      throw new OnlineError('SIGNALS_NOT_FOUND', `strategy "${name}" of ${this.stateDir} has no predictions yet`, {
        hint: 'run `rollq online routine --state <dir>` first, or trade signal: blend',
      });
    }
    return cols;
  }
}
