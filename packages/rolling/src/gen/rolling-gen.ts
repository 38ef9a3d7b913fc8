import { IsoDateOrNull, parseOrThrow } from '@rollq/data';
import { z } from '@rollq/data/zod';
import { RollingError } from '../errors.js';
import { cloneTask } from '../task/parse-task.js';
import type { SegmentsConfig, TaskConfig } from '../task/task-schema.js';
import type { ShiftType, TimeAdjuster } from '../time-adjuster/time-adjuster.js';
import { type DatasetModFunc, handlerMod, type RollingContext } from './handler-mod.js';
import type { TaskGen } from './task-gen.js';
import { truncSegments } from './trunc-segments.js';

/** Expanding rolling: the train start stays, its end moves (Qlib's `ROLL_EX`). */
export const ROLL_EX = 'expanding' as const;
/** Sliding rolling: every segment moves (Qlib's `ROLL_SD`). */
export const ROLL_SD = 'sliding' as const;

/** Options of {@link RollingGen}, as Qlib's `RollingGen.__init__`. */
export const rollingGenOptionsSchema = z
  .strictObject({
    step: z.int().min(1).default(40).describe('trading days between consecutive tests; each test window is this long (default: 40)'),
    rtype: z.enum([ROLL_EX, ROLL_SD]).default(ROLL_EX).describe('expanding keeps the train start, sliding moves it (default: expanding)'),
    truncDays: z
      .int()
      .min(0)
      .nullable()
      .default(null)
      .describe('gap in trading days between non-test segments and the test start (default: null = none)'),
    testKey: z.string().min(1).default('test').describe('the segment that rolls forward (default: "test")'),
    trainKey: z
      .string()
      .min(1)
      .nullable()
      .default('train')
      .describe('the segment that expands under rtype=expanding; null = every segment slides (default: "train")'),
    lastDate: IsoDateOrNull.optional().describe(
      "last day of the current data when the adjuster holds a future calendar; an open or later test end rolls up to it (default: the adjuster calendar's last day)",
    ),
    dsExtraModFunc: z
      .custom<DatasetModFunc>((v) => typeof v === 'function', { message: 'expected a function (task, ctx) => task' })
      .nullable()
      .default(() => handlerMod)
      .describe('hook run on each task after its segments are set (default: handlerMod; null = none)'),
  })
  .describe('RollingGen options');

/** Input accepted by {@link RollingGen} (every field optional; defaults as Qlib). */
export type RollingGenOptions = z.input<typeof rollingGenOptionsSchema>;

/**
 * Qlib's `RollingGen`: turns one task template into consecutive rolling tasks. The first test window
 * starts at the template's (aligned) test start and is exactly `step` trading days long whatever the
 * template's test end; following tasks shift every segment by `step` (the train segment only at its
 * end under `expanding`) while the next test start is on or before the template's test end (an open
 * or too-late end means the calendar's last day). The last window may run past that end, and a
 * window reaching past the calendar gets an open (`null`) test end.
 *
 * Difference from Qlib: when the next test start lands exactly one past the calendar's end, Python
 * crashes with `TypeError` (issue #1660); here the generation stops there, as it does one day later.
 *
 * @example
 * ```ts
 * const { config } = loadWorkflowConfig('examples/workflow_config_gbdt_Alpha158_us.yaml');
 * const gen = new RollingGen(new TimeAdjuster(calendar), { step: 60, rtype: ROLL_EX });
 * const tasks = gen.generate(config.task);
 * tasks.map((t) => t.dataset.kwargs.segments.test); // [['2017-01-03', '2017-03-29'], ['2017-03-30', …], …]
 * ```
 */
export class RollingGen implements TaskGen, RollingContext {
  readonly ta: TimeAdjuster;
  readonly step: number;
  readonly rtype: typeof ROLL_EX | typeof ROLL_SD;
  readonly truncDays: number | null;
  readonly testKey: string;
  readonly trainKey: string | null;
  /** Where an open test end stops rolling (Qlib's `transform_end_date` uses the non-future calendar). */
  readonly lastDate: string;
  private readonly modFunc: DatasetModFunc | null;

  constructor(ta: TimeAdjuster, options: RollingGenOptions = {}) {
    const opts = parseOrThrow(rollingGenOptionsSchema, options, {
      errorClass: RollingError,
      code: 'GENERATOR_INVALID',
      what: 'invalid RollingGen options',
      hint: 'step is a positive integer, rtype is "expanding" or "sliding", truncDays a non-negative integer or null',
    });
    this.ta = ta;
    this.step = opts.step;
    this.rtype = opts.rtype;
    this.truncDays = opts.truncDays;
    this.testKey = opts.testKey;
    this.trainKey = opts.trainKey;
    this.modFunc = opts.dsExtraModFunc;
    this.lastDate = opts.lastDate ?? ta.max();
  }

  /** The rolling tasks for one template; the template is not modified. */
  generate(task: TaskConfig): TaskConfig[] {
    const first = cloneTask(task);
    const template = first.dataset.kwargs.segments[this.testKey];
    if (!template) {
      throw new RollingError('TASK_INVALID', `the task's dataset has no "${this.testKey}" segment to roll`, {
        hint: `add dataset.kwargs.segments.${this.testKey}: [start, end]`,
      });
    }
    if (template[0] === null) {
      throw new RollingError('SEGMENT_INVALID', `the ${this.testKey} segment has an open start; rolling needs a first test day`, {
        hint: `give ${this.testKey} a start date, e.g. [2017-01-01, null]`,
      });
    }
    let segs = this.alignAll(first.dataset.kwargs.segments);
    const testEnd = this.transformEndDate(segs[this.testKey]![1]);
    const s0 = this.ta.alignIdx(template[0], 'start')!;
    if (s0 >= this.ta.length) {
      throw new RollingError(
        'SEGMENT_OUT_OF_RANGE',
        `the ${this.testKey} start ${template[0]} is after the calendar's last day ${this.ta.max()}`,
        {
          hint: 'start the test inside the data, or import newer data first',
        },
      );
    }
    segs[this.testKey] = [this.ta.get(s0), this.ta.get(s0 + this.step - 1)];
    // Qlib truncates only the first task; later ones inherit the gap since every boundary moves by `step`.
    if (this.truncDays !== null) segs = truncSegments(this.ta, segs, this.truncDays, this.testKey);
    const t0 = this.withSegments(first, segs);
    return [t0, ...this.followingTasks(t0, testEnd)];
  }

  /** Qlib's `gen_following_tasks`: every task is copied from `base` (the first task) with shifted segments. */
  private *followingTasks(base: TaskConfig, testEnd: string): Generator<TaskConfig> {
    let prev = base.dataset.kwargs.segments;
    for (;;) {
      const segs: SegmentsConfig = {};
      try {
        for (const [k, seg] of Object.entries(prev)) {
          const how: ShiftType = k === this.trainKey && this.rtype === ROLL_EX ? 'expanding' : 'sliding';
          segs[k] = this.ta.shift(seg, this.step, how);
        }
      } catch (e) {
        if (e instanceof RollingError && e.code === 'SEGMENT_OUT_OF_RANGE') return; // Qlib: KeyError -> stop
        throw e;
      }
      const nextStart = segs[this.testKey]![0];
      if (nextStart === null || nextStart > testEnd) return; // null: exactly one past the end (Qlib #1660)
      prev = segs;
      yield this.withSegments(base, segs);
    }
  }

  private alignAll(segments: SegmentsConfig): SegmentsConfig {
    try {
      return this.ta.alignSegments(segments);
    } catch (e) {
      if (e instanceof RollingError) {
        throw new RollingError(e.code, `cannot align the task's segments: ${e.message}`, { hint: e.hint, cause: e });
      }
      throw e;
    }
  }

  /** Qlib's `transform_end_date`: an open end, or one past the current data, means its last day. */
  private transformEndDate(end: string | null): string {
    return end === null || end > this.lastDate ? this.lastDate : end;
  }

  private withSegments(task: TaskConfig, segs: SegmentsConfig): TaskConfig {
    const t = cloneTask(task);
    t.dataset.kwargs.segments = structuredClone(segs);
    return this.modFunc ? this.modFunc(t, this) : t;
  }
}
