import type { TaskConfig } from '@rollq/rolling';
import { canonicalJson, type RecorderInfo, type RecorderStore, TASK_ARTIFACTS, TRAIN_STATUS_TAG } from '@rollq/workflow';
import type { ModelTrainer } from './trainer.js';

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
  const leftovers = (await store.listRecorders(experiment, { status: 'FINISHED' })).filter(
    (r) => !committed.has(r.id) && r.tags[TRAIN_STATUS_TAG] !== undefined,
  );
  const reused: Array<RecorderInfo | undefined> = [];
  for (const task of tasks) {
    const key = canonicalJson(task);
    let found: RecorderInfo | undefined;
    for (const r of leftovers) {
      if (canonicalJson(r.task) !== key) continue;
      if (!trainer.isDelay() && !(await store.listArtifacts(r.id)).some((a) => a.startsWith(TASK_ARTIFACTS.modelPrefix))) continue;
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
  return reused.map((r) => r ?? fresh.shift()!);
}
