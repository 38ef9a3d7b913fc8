import { fileURLToPath } from 'node:url';

/** Where a worker thread's module is and how to start it (`new Worker(filename, { execArgv })`, piscina). */
export interface WorkerEntry {
  filename: string;
  execArgv: string[];
}

/**
 * The worker file `name` next to the module at `moduleUrl` (its `import.meta.url`): `<name>.js` in the build
 * (tsup builds it as its own entry); run from the TypeScript sources (tests, `--conditions=@rollq/source`),
 * `<name>-source.mjs`, which registers tsx and loads `<name>.ts`, started with the same condition so the worker
 * imports the workspace packages' sources too (Node 20 does not pass `--import tsx` on to worker threads).
 */
export function workerEntry(moduleUrl: string, name: string): WorkerEntry {
  const fromSource = moduleUrl.endsWith('.ts');
  const filename = fileURLToPath(new URL(fromSource ? `./${name}-source.mjs` : `./${name}.js`, moduleUrl));
  return { filename, execArgv: fromSource ? ['--conditions=@rollq/source'] : [] };
}
