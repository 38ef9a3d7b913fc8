import type { Command } from '@commander-js/extra-typings';

/** Registers `rollq backtest` (filled in by the issue that owns this command). */
export function registerBacktest(_program: Command): void {}
