import { type Calendar, defaultWarn } from '@rollq/data';
import type { PredictionTable } from '@rollq/ensemble';
import { cloneTask, type RollingGen, type Segment, type TaskConfig, taskGenerator } from '@rollq/rolling';
import type { RecorderInfo, RecorderStore } from '@rollq/workflow';
import { OnlineTool } from '../online-tool/online-tool.js';
import { collectRollingPredictions } from './collect-predictions.js';
import { genFollowingTasks } from './gen-following-tasks.js';
import type { OnlineStrategy } from './online-strategy.js';

/** Options of {@link RollingStrategy}. */
export interface RollingStrategyOptions {
  /** Strategy id, also its experiment name (Qlib's `name_id`). */
  name: string;
  /** One task template or several (one rolling series per template). */
  template: TaskConfig | readonly TaskConfig[];
  rollingGen: RollingGen;
  store: RecorderStore;
  /** The current (non-future) trading calendar: `cur_time` past its end means its last day. */
  calendar: Calendar;
  /** Receives warnings (no online model, skipped recorders). Default: `defaultWarn` (stderr). */
  warn?: (message: string) => void;
}

/** Orders test segments as Qlib's tuple comparison (start, then end); an open end sorts last instead of raising. */
function compareSegment(a: Segment, b: Segment): number {
  const key = (s: string | null) => s ?? '\uffff';
  const c = key(a[0]).localeCompare(key(b[0]));
  return c !== 0 ? c : key(a[1]).localeCompare(key(b[1]));
}

/**
 * Qlib's `RollingStrategy`: the first training is the whole rolling history of the templates; afterwards a
 * new task is due exactly when the next test window has started (`idx(cur_time) >= idx(latest test start)
 * + step`), and every window skipped since is generated at once, oldest first, one batch per latest model.
 */
export class RollingStrategy implements OnlineStrategy {
  readonly name: string;
  readonly tool: OnlineTool;
  readonly rollingGen: RollingGen;
  private readonly templates: TaskConfig[];
  private readonly store: RecorderStore;
  private readonly calendar: Calendar;
  private readonly warn: (m: string) => void;

  constructor(opts: RollingStrategyOptions) {
    this.name = opts.name;
    this.templates = (Array.isArray(opts.template) ? opts.template : [opts.template]).map((t) => cloneTask(t as TaskConfig));
    this.rollingGen = opts.rollingGen;
    this.store = opts.store;
    this.calendar = opts.calendar;
    this.tool = new OnlineTool(opts.store, { defaultExperiment: opts.name });
    this.warn = opts.warn ?? defaultWarn;
  }

  firstTasks(): TaskConfig[] {
    return taskGenerator(this.templates, this.rollingGen);
  }

  async prepareTasks(curTime: string, alsoLatest: readonly RecorderInfo[] = []): Promise<TaskConfig[]> {
    const recs = [...(await this.tool.onlineModels()), ...alsoLatest];
    const testKey = this.rollingGen.testKey;
    const withTest = recs.flatMap((r) => {
      const task = r.task as unknown as TaskConfig | null;
      const seg = task?.dataset.kwargs.segments[testKey];
      return task && seg ? [{ task, seg }] : [];
    });
    if (withTest.length === 0) {
      this.warn(`strategy "${this.name}": no latest online recorders, no new tasks`);
      return [];
    }
    const maxTest = withTest.reduce((m, x) => (compareSegment(x.seg, m) > 0 ? x.seg : m), withTest[0]!.seg);
    // one batch per latest recorder (Qlib: two models sharing the latest window give two task sets)
    const seen = new Set<string>();
    const latest = withTest.filter((x) => {
      if (compareSegment(x.seg, maxTest) !== 0) return false;
      const k = JSON.stringify(x.task);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const dates = this.calendar.dates;
    const last = dates[dates.length - 1]!;
    const calLatest = curTime > last ? last : curTime; // Qlib's transform_end_date on the current calendar
    return latest.flatMap((x) => genFollowingTasks(this.rollingGen, x.task, calLatest));
  }

  async prepareOnlineModels(trained: readonly RecorderInfo[]): Promise<RecorderInfo[]> {
    if (trained.length === 0) return this.tool.onlineModels();
    await this.tool.resetOnlineTag(trained);
    return [...trained];
  }

  collect(recorderIds?: ReadonlySet<string>, warn?: (m: string) => void): Promise<Record<string, PredictionTable>> {
    return collectRollingPredictions(this.store, this.name, { recorderIds, warn: warn ?? this.warn });
  }
}
