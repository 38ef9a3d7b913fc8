import { setLightGBMLog, setTfBackendLog } from '@rollq/model';
import { modelLine } from '../progress.js';

/**
 * Routes @rollq/model's reports (the TensorFlow.js backend and LightGBM engine notes, once per process)
 * to the CLI's stderr lines. Called first by the actions that train or load models (`run`, `rolling run`,
 * `online`, `demo`), so the commands that never touch a model, and `--help`, do not load @rollq/model.
 */
export function routeModelLogs(): void {
  setTfBackendLog(modelLine);
  setLightGBMLog(modelLine);
}
