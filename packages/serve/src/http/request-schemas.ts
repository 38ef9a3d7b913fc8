import { IsoDate } from '@rollq/data';
import { z } from '@rollq/data/zod';

/** The query of `GET /signals` and `GET /signals/:strategy`. */
export const SignalsQuery = z.strictObject({
  date: IsoDate.optional().describe('trading day (default: the last day of the signals)'),
  top: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('rows with the highest scores (default: all, or the configured top)'),
});
export type SignalsQuery = z.output<typeof SignalsQuery>;

/** An instrument code as the data names it. */
const Instrument = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.\-^$]+$/, 'an instrument code (letters, digits, _ . - ^ $)');

/** The body of `POST /predict`. */
export const PredictBody = z.strictObject({
  instruments: z.array(Instrument).min(1).max(5000).describe('instruments to score'),
  date: IsoDate.optional().describe("trading day (default: the data's last day)"),
});
export type PredictBody = z.output<typeof PredictBody>;

/** The body of `POST /admin/rollback`: a history index or a date (the last entry on or before it). */
export const RollbackBody = z.strictObject({
  to: z.union([z.int().min(0), IsoDate]).describe('history index, or a date: the last history entry on or before it'),
});
export type RollbackBody = z.output<typeof RollbackBody>;
