import { TINY_INSTRUMENTS } from '@rollq/tools';

/**
 * `rollq demo` flags that make the whole loop run in seconds (a dozen stocks, a 4-month online period, tiny
 * models), for the demo test and the README test; the rolling step is left to the caller.
 */
export const SMALL_DEMO_FLAGS: readonly string[] = [
  '--instruments',
  TINY_INSTRUMENTS.join(','),
  '--gbdt-rounds',
  '10',
  '--mlp-steps',
  '10',
  '--mlp-layers',
  '16',
  '--start',
  '2017-06-01',
  '--end',
  '2017-09-29',
];
