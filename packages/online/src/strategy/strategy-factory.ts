import type { Calendar } from '@rollq/data';
import { RollingGen, type TaskConfig, TimeAdjuster } from '@rollq/rolling';
import type { RecorderStore } from '@rollq/workflow';
import { VALID_IC_RECORD } from '../trainer/valid-ic-record.js';
import type { OnlineStrategy } from './online-strategy.js';
import { RollingStrategy } from './rolling-strategy.js';
import type { StrategyConfig } from './strategy-config.js';

/** What a strategy is built with, besides its persisted config. */
export interface StrategyContext {
  store: RecorderStore;
  /** The current trading calendar. */
  calendar: Calendar;
  /** True when the manager gates new models with a canary (tasks must log their validation IC). */
  canary: boolean;
  warn: (message: string) => void;
}

/** Builds the strategy object of a persisted {@link StrategyConfig} (the manager calls it on open and on add). */
export type StrategyFactory = (config: StrategyConfig, ctx: StrategyContext) => OnlineStrategy;

/**
 * The default {@link StrategyFactory}: Qlib's `RollingStrategy` over `RollingGen(TimeAdjuster(calendar))`
 * with the config's step / rtype / trunc days. Under a canary each template also logs `ValidICRecord`.
 *
 * @example
 * ```ts
 * const s = rollingStrategyFactory(StrategyConfig.parse({ name: 'gbdt', template: [task] }), { store, calendar, canary: false, warn: console.warn });
 * const tasks = s.firstTasks();
 * ```
 */
export const rollingStrategyFactory: StrategyFactory = (c, ctx) => {
  const rollingGen = new RollingGen(new TimeAdjuster(ctx.calendar), {
    step: c.rolling.step,
    rtype: c.rolling.rtype,
    truncDays: c.rolling.truncDays,
  });
  const template = (c.template as TaskConfig[]).map((t) => (ctx.canary ? withValidIC(t) : t));
  return new RollingStrategy({ name: c.name, template, rollingGen, store: ctx.store, calendar: ctx.calendar, warn: ctx.warn });
};

/** The task with `ValidICRecord` added (once), when it has a valid segment: the canary compares that IC. */
function withValidIC(task: TaskConfig): TaskConfig {
  const list = task.record === undefined ? [] : Array.isArray(task.record) ? task.record : [task.record];
  if (!task.dataset.kwargs.segments.valid || list.some((r) => (typeof r === 'string' ? r : r.class).endsWith(VALID_IC_RECORD))) return task;
  return { ...task, record: [...list, { class: VALID_IC_RECORD, kwargs: {} }] };
}
