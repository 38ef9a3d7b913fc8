import { WorkflowError } from '../errors.js';

const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.=+@-]*$/;

/**
 * Checks an experiment name, which becomes a folder name: letters, digits and `_ . = + @ -`, not starting
 * with `.` (hidden names are reserved for temp and lock files), at most 200 characters.
 */
export function assertExperimentName(name: string): void {
  if (typeof name !== 'string' || name.length > 200 || !SAFE_SEGMENT.test(name)) {
    throw new WorkflowError('EXPERIMENT_NAME_INVALID', `experiment name ${JSON.stringify(name)} is not allowed`, {
      hint: 'use letters, digits and _ . = + @ - (no slashes, not starting with a dot), at most 200 characters',
      details: { name },
    });
  }
}

/**
 * Checks an artifact name: one or more safe segments joined by `/` (e.g. `sig_analysis/ic.json`), so it
 * can never escape the recorder's folder nor collide with a temp or lock file.
 */
export function assertArtifactName(name: string): void {
  const ok =
    typeof name === 'string' && name.length > 0 && name.length <= 500 && name.split('/').every((s) => SAFE_SEGMENT.test(s) && s !== '..');
  if (!ok) {
    throw new WorkflowError('ARTIFACT_NAME_INVALID', `artifact name ${JSON.stringify(name)} is not allowed`, {
      hint: 'use segments of letters, digits and _ . = + @ - joined by "/", none empty, none starting with a dot',
      details: { name },
    });
  }
}
