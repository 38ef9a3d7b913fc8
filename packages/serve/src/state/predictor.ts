import { blendStrategies, type FeatureFrameCache } from '@rollq/online';
import { table as aqTable, type ColumnTable } from 'arquero';
import { HttpProblem } from '../http/problems.js';
import { type DayRows, dayRows } from './day-index.js';
import { computeModelDay, type DayScores, dayScoresOfTable } from './model-day.js';
import type { PredictPool } from './predict-pool.js';
import { PredictionCache } from './prediction-cache.js';
import type { ServedModel, ServeSnapshot } from './snapshot.js';

/** Where a day of scores came from. */
export type ScoreSource = 'stored' | 'computed';

/** One day of one model's (or a blend's) scores. */
export interface ScoredDay {
  rows: DayRows;
  source: ScoreSource;
}

/** How long each prediction took, for the metrics and the latency check. */
export type PredictionTimer = (source: ScoreSource, seconds: number) => void;

/** Scores of the names asked for: `null` for a name the model does not score that day. */
export type NameScores = Record<string, number | null>;

/** One model's answer in `/predict`. */
export interface ModelAnswer {
  strategy: string;
  id: string;
  modelClass: string;
  /** null: the model has no prediction that day (its test segment starts later), or computing it failed (`error`). */
  source: ScoreSource | null;
  scores: NameScores;
  error?: string;
}

/** The answer of `/predict`. */
export interface PredictAnswer {
  date: string;
  commit: number;
  models: ModelAnswer[];
  blend: { source: ScoreSource | null; scores: NameScores };
}

/** One row of `/signals`. */
export interface SignalRow {
  instrument: string;
  score: number | null;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function scoresOf(rows: DayRows | null, names: readonly string[]): NameScores {
  const out: NameScores = {};
  for (const n of names) {
    const i = rows?.rowOf.get(n);
    out[n] = i === undefined ? null : finite(rows!.scores[i]!);
  }
  return out;
}

/** The `top` rows of a day by score (all when `top` is null). */
export function topRows(rows: DayRows, top: number | null): SignalRow[] {
  const n = top === null ? rows.ranked.length : Math.min(top, rows.ranked.length);
  const out: SignalRow[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = rows.ranked[k]!;
    out[k] = { instrument: rows.instruments[i]!, score: finite(rows.scores[i]!) };
  }
  return out;
}

function dayTable(date: string, rows: DayRows): ColumnTable {
  return aqTable({ datetime: rows.instruments.map(() => date), instrument: [...rows.instruments], score: rows.scores });
}

const rowsOfScores = (d: DayScores): DayRows => dayRows(d.instruments, d.scores);
const rowsOfTable = (t: ColumnTable, date: string): DayRows => rowsOfScores(dayScoresOfTable(t, date));

/** Where computed days are computed: the prediction workers, or (no pool) the server's thread. */
export interface PredictorCompute {
  pool: PredictPool | null;
  /** Test only: how long a worker's task of (model, day) blocks its thread first (a slow computation). */
  delayMs?: (recorderId: string, date: string) => number;
}

/**
 * Answers from one {@link ServeSnapshot}: stored predictions and signals where the committed state has them,
 * else a day computed from the stored features and models (days after the last routine, up to the data's
 * last day), each through the {@link PredictionCache}.
 */
export class Predictor {
  constructor(
    readonly snap: ServeSnapshot,
    readonly cache: PredictionCache,
    private readonly timer: PredictionTimer = () => {},
    private readonly isEnabled: (recorderId: string) => boolean = () => true,
    private readonly compute: PredictorCompute = { pool: null },
  ) {}

  /** A cache key of this snapshot's commit (during a canary two commits are served from one cache). */
  private key(model: string, date: string, instruments: readonly string[] | '*'): string {
    return `${this.snap.commit}\u0000${PredictionCache.key(model, date, instruments)}`;
  }

  /** The loaded online models the configuration has not switched off. */
  get models(): ServedModel[] {
    return this.snap.models.filter((m) => this.isEnabled(m.id));
  }

  /** `date` checked to be a trading day of the data; default the data's last day. */
  tradingDay(date: string | undefined, field = 'date'): string {
    const cal = this.snap.provider.calendar;
    if (date === undefined) return cal.last;
    if (cal.indexOf(date) < 0) {
      throw new HttpProblem(400, 'bad_request', field, `${date} is not a trading day of the data (${cal.first}..${cal.last})`);
    }
    return date;
  }

  /** One model's full day: stored when the predictions hold it, computed after their last day, else null. */
  async modelDay(m: ServedModel, date: string, frames?: FeatureFrameCache, signal?: AbortSignal): Promise<ScoredDay | null> {
    const t0 = performance.now();
    const stored = m.preds.day(date);
    if (stored) {
      this.timer('stored', (performance.now() - t0) / 1000);
      return { rows: stored, source: 'stored' };
    }
    const last = m.preds.lastDay;
    if (last === null || date < last) return null;
    return this.cache.getOrSet('model_day', this.key(m.id, date, '*'), async () => {
      const rows = rowsOfScores(await this.computeDay(m, date, frames, signal));
      this.timer('computed', (performance.now() - t0) / 1000);
      return { rows, source: 'computed' as const };
    });
  }

  /** A computed day: by a worker of the pool (models of this commit), else here with the snapshot's loaded model. */
  private async computeDay(m: ServedModel, date: string, frames?: FeatureFrameCache, signal?: AbortSignal): Promise<DayScores> {
    const { pool, delayMs } = this.compute;
    if (!pool) return computeModelDay(m.id, m.loaded, this.snap.provider, date, frames);
    const { dataDir } = this.snap.state;
    const task = {
      commit: this.snap.commit,
      dataDir: dataDir!,
      store: this.snap.storeLocation,
      recorderId: m.id,
      date,
      delayMs: delayMs?.(m.id, date),
    };
    const out = await pool.run(task, signal);
    if (out.commit !== this.snap.commit) throw new Error(`a prediction worker answered for commit ${out.commit}, not ${this.snap.commit}`);
    return { instruments: out.instruments, scores: out.scores };
  }

  /**
   * `POST /predict`: each online model's scores of `instruments` on `date`, and the blend of those names. The
   * models' days are asked for together (computed in parallel by the pool's workers); `signal` (the request's
   * timeout) stops the workers' computations still running.
   */
  async predict(instruments: readonly string[], date: string, signal?: AbortSignal): Promise<PredictAnswer> {
    const frames: FeatureFrameCache = new Map();
    const days = new Map<ServedModel, ScoredDay | null>();
    const answerOf = (m: ServedModel) =>
      this.cache.getOrSet('predict', this.key(m.id, date, instruments), async (): Promise<ModelAnswer> => {
        const base = { strategy: m.strategy, id: m.id, modelClass: m.modelClass };
        let day: ScoredDay | null;
        try {
          day = await this.modelDay(m, date, frames, signal);
        } catch (e) {
          // one model that cannot compute the day leaves the others' answers (and the blend of the others)
          days.set(m, null);
          if (signal?.aborted) throw e; // the request timed out: nothing of it is kept
          return { ...base, source: null, scores: scoresOf(null, instruments), error: e instanceof Error ? e.message : String(e) };
        }
        days.set(m, day);
        return { ...base, source: day?.source ?? null, scores: scoresOf(day?.rows ?? null, instruments) };
      });
    const models = await Promise.all(this.models.map(answerOf));
    if (signal?.aborted) throw signal.reason;
    const blend = await this.cache.getOrSet('predict', this.key('blend', date, instruments), async () => {
      const day = await this.blendDay(date, days, frames);
      return { source: day?.source ?? null, scores: scoresOf(day?.rows ?? null, instruments) };
    });
    return { date, commit: this.snap.commit, models, blend };
  }

  /** The blended signal of a day: the committed signals when they hold it, else the blend of the models' days. */
  async blendDay(date: string, known = new Map<ServedModel, ScoredDay | null>(), frames?: FeatureFrameCache): Promise<ScoredDay | null> {
    const stored = this.snap.signals?.day(date);
    if (stored) return { rows: stored, source: 'stored' };
    return this.cache
      .getOrSet('blend_day', this.key('blend', date, '*'), async () => {
        const perStrategy: Record<string, Record<string, ColumnTable>> = {};
        let computed = false;
        for (const m of this.models) {
          const day = known.has(m) ? known.get(m)! : await this.modelDay(m, date, frames).catch(() => null);
          if (!day) continue;
          computed ||= day.source === 'computed';
          (perStrategy[m.strategy] ??= {})[m.id] = dayTable(date, day.rows);
        }
        if (Object.keys(perStrategy).length === 0) return { rows: dayRows([], new Float64Array(0)), source: null };
        return { rows: rowsOfTable(blendStrategies(perStrategy, this.snap.state), date), source: computed ? 'computed' : 'stored' };
      })
      .then((d) => (d.source === null ? null : (d as ScoredDay)));
  }

  /** `GET /signals`: the blended signal of `date` (default: the last day of the committed signals). */
  async signals(date: string | undefined, top: number | null): Promise<{ date: string; rows: SignalRow[] }> {
    const sig = this.snap.signals;
    if (!sig || sig.lastDay === null)
      throw new HttpProblem(404, 'not_found', 'date', 'the served state has no signals yet: run `rollq online routine` first');
    const day = date ?? sig.lastDay;
    return this.cache.getOrSet('signals', this.key('signals', day, [String(top)]), () => {
      const rows = sig.day(day);
      if (!rows)
        throw new HttpProblem(
          404,
          'not_found',
          'date',
          `no signals on ${day} (the signals cover ${sig.days[0]}..${sig.lastDay}, trading days only)`,
        );
      return { date: day, rows: topRows(rows, top) };
    });
  }

  /** `GET /signals/:strategy`: one strategy's signal (its online models averaged, Qlib's AverageEnsemble) on `date`. */
  async strategySignals(strategy: string, date: string | undefined, top: number | null): Promise<{ date: string; rows: SignalRow[] }> {
    const models = this.models.filter((m) => m.strategy === strategy);
    if (!this.snap.state.strategies.some((s) => s.name === strategy)) {
      const names = this.snap.state.strategies.map((s) => s.name).join(', ');
      throw new HttpProblem(404, 'not_found', 'strategy', `no strategy "${strategy}" in the served state (strategies: ${names})`);
    }
    const last = models.reduce<string | null>(
      (a, m) => (m.preds.lastDay !== null && (a === null || m.preds.lastDay > a) ? m.preds.lastDay : a),
      null,
    );
    const day = date ?? last;
    if (day === null)
      throw new HttpProblem(404, 'not_found', 'strategy', `strategy "${strategy}" has no loaded online model with predictions`);
    return this.cache.getOrSet('signals', this.key(`strategy:${strategy}`, day, [String(top)]), () => {
      const tables: Record<string, ColumnTable> = {};
      for (const m of models) {
        const rows = m.preds.day(day);
        if (rows) tables[m.id] = dayTable(day, rows);
      }
      if (Object.keys(tables).length === 0)
        throw new HttpProblem(404, 'not_found', 'date', `strategy "${strategy}" has no predictions on ${day}`);
      const blended = rowsOfTable(
        blendStrategies({ [strategy]: tables }, { blend: 'average', strategies: this.snap.state.strategies }),
        day,
      );
      return { date: day, rows: topRows(blended, top) };
    });
  }
}
