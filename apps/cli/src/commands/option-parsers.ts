import { InvalidArgumentError } from '@commander-js/extra-typings';
import { isIsoDate, RollqError } from '@rollq/data';

/** A commander argument parser for a whole number `>= min`; a bad value exits 2 naming the flag. */
export function integerAtLeast(flag: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${flag} must be an integer >= ${min}, got "${v}"`);
    return n;
  };
}

/** `--step`: the rolling step in trading days, a positive whole number (online init, rolling run, demo). */
export function parseStep(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new RollqError('CONFIG_INVALID', `--step "${text}" is not a positive whole number of trading days`, { hint: 'e.g. --step 20' });
  return n;
}

/** A commander argument parser for a `YYYY-MM-DD` day. */
export function isoDay(flag: string) {
  return (v: string): string => {
    if (!isIsoDate(v)) throw new InvalidArgumentError(`${flag} must be a date YYYY-MM-DD, got "${v}"`);
    return v;
  };
}

/** A commander argument parser for layer sizes, `256,128` → `[256, 128]`. */
export function layerSizes(flag: string) {
  return (v: string): number[] => {
    const sizes = v.split(',').map((s) => Number(s.trim()));
    if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new InvalidArgumentError(`${flag} must be comma-separated positive integers (e.g. 256,128), got "${v}"`);
    }
    return sizes;
  };
}
