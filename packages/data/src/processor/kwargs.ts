import { z } from 'zod';
import { IsoDate } from '../calendar/dates.js';

/** Shared pieces of the processors' kwargs schemas (Qlib's snake_case names, so Qlib YAML configs parse as-is). */

/** `fields_group`: `feature`, `label`, or null for every column. */
export function fieldsGroupSchema(defaultGroup: 'feature' | 'label' | null) {
  return z
    .enum(['feature', 'label'])
    .nullable()
    .default(defaultGroup)
    .describe(`columns to process: "feature", "label" or null for all columns (default ${JSON.stringify(defaultGroup)})`);
}

/** `fit_start_time` / `fit_end_time`: the closed date range the statistics are learned from. */
export const fitWindowShape = {
  fit_start_time: IsoDate.nullable().default(null).describe("first date of the fit window (default: the handler's fitStart)"),
  fit_end_time: IsoDate.nullable().default(null).describe("last date of the fit window (default: the handler's fitEnd)"),
};
