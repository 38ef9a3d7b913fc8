import type { Command } from '@commander-js/extra-typings';

/** Registers `rollq rolling` (filled in by the issue that owns this command). */
export function registerRolling(_program: Command): void {}
