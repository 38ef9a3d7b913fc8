import type { Command } from '@commander-js/extra-typings';

/** Registers `rollq data` (filled in by the issue that owns this command). */
export function registerData(_program: Command): void {}
