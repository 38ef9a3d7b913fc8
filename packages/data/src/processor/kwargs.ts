import { z } from 'zod';
import { isIsoDate } from '../calendar/dates.js';

/** Shared pieces of the processors' kwargs schemas (Qlib's snake_case names, so Qlib YAML configs parse as-is). */

/** `fields_group`: `feature`, `label`, or null for every column. */
export function fieldsGroupSchema(defaultGroup: 'feature' | 'label' | null) {
  return z
    .enum(['feature', 'label'])
    .nullable()
    .default(defaultGroup)
    .describe(`columns to process: "feature", "label" or null for all columns (default ${JSON.stringify(defaultGroup)})`);
}

/** An ISO date (YYYY-MM-DD) or a Date, normalised to the ISO string. */
export const isoDateSchema = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = typeof v === 'string' ? v.trim().slice(0, 10) : Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (!isIsoDate(s) || (typeof v === 'string' && v.trim().length > 10 && !/^\d{4}-\d{2}-\d{2}[ T]00:00(:00)?$/.test(v.trim()))) {
    ctx.addIssue({ code: 'custom', message: `expected an ISO date YYYY-MM-DD, got ${JSON.stringify(String(v))}` });
    return z.NEVER;
  }
  return s;
});

/** `fit_start_time` / `fit_end_time`: the closed date range the statistics are learned from. */
export const fitWindowShape = {
  fit_start_time: isoDateSchema.nullable().default(null).describe("first date of the fit window (default: the handler's fitStart)"),
  fit_end_time: isoDateSchema.nullable().default(null).describe("last date of the fit window (default: the handler's fitEnd)"),
};
