import { isRollqError } from '@rollq/data';
import { type PredictionTable, rollingEnsemble } from '@rollq/ensemble';
import type { TaskConfig } from '@rollq/rolling';
import { RECORD_ARTIFACTS, type RecorderStore } from '@rollq/workflow';

/** Options of {@link collectRollingPredictions}. */
export interface CollectOptions {
  /** Only these recorders (default: every FINISHED recorder of the experiment, as Qlib's collector). */
  recorderIds?: ReadonlySet<string>;
  /** Receives "skipped" notes (recorders without predictions yet). */
  warn?: (message: string) => void;
}

/**
 * Qlib's `RollingStrategy.get_collector()()` with the default `RollingGroup`: the FINISHED recorders of the
 * experiment grouped by model class, each group's predictions merged by the rolling ensemble (ordered by
 * first date, the newer model wins where windows overlap). A recorder with no `pred` yet (a delayed task
 * not trained) is skipped with a warning, as Qlib's collector does.
 */
export async function collectRollingPredictions(
  store: RecorderStore,
  experiment: string,
  opts: CollectOptions = {},
): Promise<Record<string, PredictionTable>> {
  const recs = (await store.listRecorders(experiment, { status: 'FINISHED' })).filter(
    (r) => !opts.recorderIds || opts.recorderIds.has(r.id),
  );
  // oldest first, so ties between equal first dates resolve by training order
  recs.reverse();
  const groups = new Map<string, Record<string, PredictionTable>>();
  for (const rec of recs) {
    let pred: PredictionTable;
    try {
      pred = await store.loadPredictions(rec.id, RECORD_ARTIFACTS.pred);
    } catch (e) {
      if (isRollqError(e) && e.code === 'ARTIFACT_NOT_FOUND') {
        opts.warn?.(`recorder ${rec.id} of "${experiment}" has no predictions yet; skipped`);
        continue;
      }
      throw e;
    }
    const task = rec.task as unknown as TaskConfig | null;
    const cls = task?.model.class ?? 'unknown';
    const key = `${JSON.stringify(task?.dataset.kwargs.segments.test ?? null)}#${rec.id}`;
    const parts = groups.get(cls) ?? {};
    parts[key] = pred;
    groups.set(cls, parts);
  }
  return Object.fromEntries([...groups].map(([cls, parts]) => [cls, rollingEnsemble(parts)]));
}
