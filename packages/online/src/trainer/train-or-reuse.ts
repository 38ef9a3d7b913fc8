import type { TaskConfig } from '@rollq/rolling';
import { canonicalJson, type RecorderInfo, type RecorderStore, TASK_ARTIFACTS, TRAIN_STATUS_TAG } from '@rollq/workflow';
import { type ModelTrainer, TRAIN_STATUS } from './trainer.js';

/**
 * Trains `tasks` into `experiment`, except that a task equal (canonical JSON) to a FINISHED recorder a crashed
 * step left behind (not in `committed`) reuses that recorder: the newest such match, provided it is usable by
 * this trainer (a saved model for immediate training). Deterministic, and no work is done twice. The rest
 * train in one call, in task order, so progress reads "task i of n".
 */
export async function trainOrReuse(
  store: RecorderStore,
  experiment: string,
  tasks: readonly TaskConfig[],
  trainer: ModelTrainer,
  committed: ReadonlySet<string>,
): Promise<RecorderInfo[]> {
  // untagged ones too: a kill between taskTrain's FINISHED and the trainer's train_status tag leaves a complete
  // recorder without the tag (found by tools/crash); the model check below keeps out one with nothing to reuse
  const leftovers = (await store.listRecorders(experiment, { status: 'FINISHED' })).filter((r) => !committed.has(r.id));
  const reused: Array<RecorderInfo | undefined> = [];
  for (const task of tasks) {
    const key = canonicalJson(task);
    let found: RecorderInfo | undefined;
    for (const r of leftovers) {
      if (canonicalJson(r.task) !== key) continue;
      const tagged = r.tags[TRAIN_STATUS_TAG] !== undefined;
      if ((!tagged || !trainer.isDelay()) && !(await store.listArtifacts(r.id)).some((a) => a.startsWith(TASK_ARTIFACTS.modelPrefix)))
        continue;
      found = r;
      break;
    }
    if (found) leftovers.splice(leftovers.indexOf(found), 1);
    reused.push(found);
  }
  const fresh = await trainer.train(
    tasks.filter((_, i) => !reused[i]),
    experiment,
  );
  // a reused untagged recorder gets the tag the trainer would have given it
  for (const [i, r] of reused.entries()) {
    if (r && r.tags[TRAIN_STATUS_TAG] === undefined) reused[i] = await store.setTags(r.id, { [TRAIN_STATUS_TAG]: TRAIN_STATUS.begin });
  }
  return reused.map((r) => r ?? fresh.shift()!);
}
