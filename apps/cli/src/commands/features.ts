import type { Command } from '@commander-js/extra-typings';

/** Registers `rollq features` (filled in by the issue that owns this command). */
export function registerFeatures(_program: Command): void {}
