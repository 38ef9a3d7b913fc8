import { defaultWarn } from '@rollq/data';
import type { OnlineStrategy } from '../strategy/online-strategy.js';
import { type PredUpdateOptions, type PredUpdateResult, updatePredictions } from './pred-updater.js';

/** Error codes meaning "this recorder's predictions or model cannot be loaded" (Qlib's LoadObjectError). */
const UNLOADABLE = new Set([
  'ARTIFACT_NOT_FOUND',
  'ARTIFACT_INVALID',
  'MODEL_NOT_TRAINED',
  'MODEL_FILE_INVALID',
  'MODEL_UNKNOWN',
  'PREDICTIONS_INVALID',
]);

/** Options of {@link updateOnlinePredictions}: the updater's, without the date (given separately). */
export interface UpdateOnlineOptions extends Omit<PredUpdateOptions, 'toDate'> {
  /** Receives "skipped" warnings. Default: `defaultWarn` (stderr). */
  warn?: (message: string) => void;
}

/** What {@link updateOnlinePredictions} did per online recorder. */
export interface UpdateOnlineReport {
  updated: PredUpdateResult[];
  /** Already current (nothing written). */
  current: string[];
  /** Recorders skipped because their predictions or model could not be loaded, with the reason. */
  skipped: Array<{ recorderId: string; reason: string }>;
}

/**
 * Qlib's `OnlineToolR.update_online_pred`: extends every online model's predictions of the strategy to
 * `toDate`, one recorder after the other. A recorder whose predictions or model cannot be loaded (a delayed
 * task not trained yet, a model file from another version) is skipped with a warning rather than stopping
 * the others; other errors propagate.
 */
export async function updateOnlinePredictions(
  strategy: OnlineStrategy,
  toDate: string | undefined,
  opts: UpdateOnlineOptions,
): Promise<UpdateOnlineReport> {
  const warn = opts.warn ?? defaultWarn;
  const report: UpdateOnlineReport = { updated: [], current: [], skipped: [] };
  for (const rec of await strategy.tool.onlineModels()) {
    let result: PredUpdateResult | null;
    try {
      result = await updatePredictions(rec.id, { ...opts, toDate });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code !== 'string' || !UNLOADABLE.has(code)) throw e;
      const reason = (e as Error).message;
      warn(`strategy "${strategy.name}": cannot update recorder ${rec.id} (${reason}); skip it`);
      report.skipped.push({ recorderId: rec.id, reason });
      continue;
    }
    if (result) report.updated.push(result);
    else report.current.push(rec.id);
  }
  return report;
}
