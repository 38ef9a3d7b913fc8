import { z } from '@rollq/data/zod';
import { taskSchema } from '@rollq/rolling';

/** One strategy as the manager keeps it: enough to rebuild a RollingStrategy in a fresh process. */
export const StrategyConfig = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only')
    .describe('strategy id and experiment name (required)'),
  template: z.array(taskSchema).min(1).describe('task templates, one rolling series each (required)'),
  rolling: z
    .strictObject({
      step: z.int().min(1).default(20).describe('trading days per test window (default 20)'),
      rtype: z.enum(['expanding', 'sliding']).default('expanding').describe('expanding or sliding train window (default expanding)'),
      truncDays: z.int().min(0).nullable().default(null).describe('gap before the test start (default null)'),
    })
    .default({ step: 20, rtype: 'expanding', truncDays: null })
    .describe('RollingGen settings (default step 20, expanding)'),
  weight: z.number().finite().min(0).default(1).describe('weight in a weighted blend (default 1)'),
});
export type StrategyConfig = z.output<typeof StrategyConfig>;
export type StrategyConfigInput = z.input<typeof StrategyConfig>;
