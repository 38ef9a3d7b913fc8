import { cloneTask, handlerMod, ROLL_EX, RollingError, type RollingGen, type SegmentsConfig, type TaskConfig } from '@rollq/rolling';

/**
 * Qlib's `RollingGen.gen_following_tasks(task, test_end)`: the tasks after `task`, each with every segment
 * shifted by `step` (the train segment only at its end under expanding rolling), while the next test start
 * is on or before `testEnd`; stops quietly at the calendar's end. Each task gets the default `handler_mod`
 * hook, as the generator applies it. (Kept here because `@rollq/rolling` exposes only `generate`.)
 */
export function genFollowingTasks(rg: RollingGen, task: TaskConfig, testEnd: string): TaskConfig[] {
  const out: TaskConfig[] = [];
  let prev = task.dataset.kwargs.segments;
  for (;;) {
    const segs: SegmentsConfig = {};
    try {
      for (const [k, seg] of Object.entries(prev))
        segs[k] = rg.ta.shift(seg, rg.step, k === rg.trainKey && rg.rtype === ROLL_EX ? 'expanding' : 'sliding');
    } catch (e) {
      if (e instanceof RollingError && e.code === 'SEGMENT_OUT_OF_RANGE') break;
      throw e;
    }
    const nextStart = segs[rg.testKey]?.[0] ?? null;
    if (nextStart === null || nextStart > testEnd) break;
    prev = segs;
    const t = cloneTask(task);
    t.dataset.kwargs.segments = structuredClone(segs);
    out.push(handlerMod(t, rg));
  }
  return out;
}
