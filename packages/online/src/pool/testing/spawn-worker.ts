import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// `node --import tsx` (not the tsx CLI, which runs node as a child): one process, so a SIGKILL kills the worker itself
const tsx = resolve(here, '../../../../../node_modules/tsx/dist/esm/index.mjs');

/** One line a worker process printed. */
export interface WorkerEvent {
  pid: number;
  t: number;
  event: 'start' | 'task' | 'exit';
  id?: string;
  outcome?: string;
  recorder?: string;
  attempt?: number;
  summary?: Record<string, number>;
}

/** A worker process of worker-process.ts and what it printed so far. */
export interface SpawnedWorker {
  child: ChildProcess;
  events: WorkerEvent[];
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  /** Resolves when an event matching `pred` was printed. */
  waitFor(pred: (e: WorkerEvent) => boolean, timeoutMs?: number): Promise<WorkerEvent>;
  stderr(): string;
}

/** Starts worker-process.ts with `args` (see its Args) in a new process. */
export function spawnWorker(args: Record<string, unknown>): SpawnedWorker {
  const child = spawn(
    process.execPath,
    ['--conditions=@rollq/source', '--import', pathToFileURL(tsx).href, join(here, 'worker-process.ts'), JSON.stringify(args)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const events: WorkerEvent[] = [];
  const waiters: Array<{ pred: (e: WorkerEvent) => boolean; done: (e: WorkerEvent) => void }> = [];
  let buf = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
      if (!line.startsWith('{')) continue;
      const e = JSON.parse(line) as WorkerEvent;
      events.push(e);
      for (const w of waiters.splice(0)) {
        if (w.pred(e)) w.done(e);
        else waiters.push(w);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | string>((done) => child.on('exit', (code, signal) => done(code ?? signal ?? -1)));
  return {
    child,
    events,
    exited,
    stderr: () => err,
    waitFor(pred, timeoutMs = 120_000) {
      const seen = events.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`no matching worker event within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`)),
          timeoutMs,
        );
        waiters.push({
          pred,
          done: (e) => {
            clearTimeout(timer);
            done(e);
          },
        });
        void exited.then(() => setTimeout(() => fail(new Error(`worker exited before the event; stderr: ${err.slice(-2000)}`)), 50));
      });
    },
  };
}
