import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The `.ts` files under `dir`, depth first, leaving out `node_modules` and `dist`: what the workspace's source
 * scans (module boundaries, zod's runtime uses) read. `keep` narrows them (e.g. without tests).
 */
export function sourceFiles(dir: string, keep: (path: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p, keep));
    else if (p.endsWith('.ts') && keep(p)) out.push(p);
  }
  return out;
}
