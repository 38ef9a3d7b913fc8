import { parseOrThrow } from '@rollq/data';
import { z } from '@rollq/data/zod';
import { RollingError } from '../errors.js';
import { cloneTask } from '../task/parse-task.js';
import type { TaskConfig } from '../task/task-schema.js';
import type { TimeAdjuster } from '../time-adjuster/time-adjuster.js';
import type { TaskGen } from './task-gen.js';
import { truncSegments } from './trunc-segments.js';

/**
 * Sets the prediction horizon on a private copy of a task (typically the handler's label expression)
 * and returns it. Qlib leaves `set_horizon` abstract; here it is passed in instead of subclassed.
 */
export type SetHorizon = (task: TaskConfig, horizon: number) => TaskConfig;

/** Options of {@link MultiHorizonGen}, as Qlib's `MultiHorizonGenBase.__init__`. */
export const multiHorizonGenOptionsSchema = z
  .strictObject({
    horizon: z.array(z.int().min(1)).min(1).default([5]).describe('label horizons in trading days, one task each (default: [5])'),
    labelLeakN: z.int().min(0).default(2).describe('extra days between train/valid ends and the test start (default: 2)'),
    setHorizon: z
      .custom<SetHorizon>((v) => typeof v === 'function', { message: 'expected a function (task, horizon) => task' })
      .describe('sets the horizon on a task copy (required)'),
  })
  .describe('MultiHorizonGen options');

/** Input accepted by {@link MultiHorizonGen}. */
export type MultiHorizonGenOptions = z.input<typeof multiHorizonGenOptionsSchema>;

/**
 * Qlib's `MultiHorizonGenBase`: one task per horizon, in list order. Each gets its horizon set, its
 * segments aligned, and every non-test segment truncated to end `horizon + labelLeakN` trading days
 * before the test start, so a label looking `horizon` days ahead cannot read the test period.
 */
export class MultiHorizonGen implements TaskGen {
  readonly ta: TimeAdjuster;
  readonly horizon: readonly number[];
  readonly labelLeakN: number;
  private readonly setHorizon: SetHorizon;

  constructor(ta: TimeAdjuster, options: MultiHorizonGenOptions) {
    const opts = parseOrThrow(multiHorizonGenOptionsSchema, options, {
      errorClass: RollingError,
      code: 'GENERATOR_INVALID',
      what: 'invalid MultiHorizonGen options',
      hint: 'horizon is a non-empty list of positive integers, labelLeakN a non-negative integer, setHorizon a function',
    });
    this.ta = ta;
    this.horizon = opts.horizon;
    this.labelLeakN = opts.labelLeakN;
    this.setHorizon = opts.setHorizon;
  }

  /** One task per horizon; the template is not modified. */
  generate(task: TaskConfig): TaskConfig[] {
    return this.horizon.map((hr) => {
      const t = this.setHorizon(cloneTask(task), hr);
      const segs = this.ta.alignSegments(t.dataset.kwargs.segments);
      const out = cloneTask(t);
      out.dataset.kwargs.segments = truncSegments(this.ta, segs, hr + this.labelLeakN, 'test');
      return out;
    });
  }
}
