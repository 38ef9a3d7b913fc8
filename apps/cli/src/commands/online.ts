import type { Command } from '@commander-js/extra-typings';

/** Registers `rollq online` (filled in by the issue that owns this command). */
export function registerOnline(_program: Command): void {}
