import type { Command } from '@commander-js/extra-typings';

/** Registers `rollq run` (filled in by the issue that owns this command). */
export function registerRun(_program: Command): void {}
