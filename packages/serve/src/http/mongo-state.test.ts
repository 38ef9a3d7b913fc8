import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { QlibProvider } from '@rollq/data';
import { OnlineManager } from '@rollq/online';
import { usQlibDir } from '@rollq/tools';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { closeRecorderStore } from '@rollq/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictAnswer } from '../state/predictor.js';
import { smallStrategies } from '../testing/small-state.js';

const run = promisify(execFile);
const SERVE_ONCE = fileURLToPath(new URL('../testing/serve-once.ts', import.meta.url));

interface Served {
  store: string;
  models: { strategies: Array<{ online: Array<{ id: string; loaded: boolean }> }> };
  stored: PredictAnswer;
  computed: PredictAnswer;
}

/** `serve-once.ts` over `dir` in its own process; it must end by itself once the server is closed. */
async function serveOnce(dir: string, workers: number): Promise<Served> {
  // node itself (not npx, whose child a timeout would leave running), with tsx and the source condition
  const args = ['--import', 'tsx', '--conditions=@rollq/source', SERVE_ONCE, dir, String(workers)];
  const { stdout } = await run(process.execPath, args, {
    // a MongoDB client or a worker thread left open keeps the process alive: the timeout fails the test
    timeout: 120_000,
    killSignal: 'SIGKILL',
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Served;
}

describe('rollq serve over a state whose recorders live in MongoDB', () => {
  let root: string;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-serve-mongo-'));
    dir = join(root, 'state');
    url = freshMongoUrl('serve_state');
    const provider = QlibProvider.open(await usQlibDir());
    const manager = await OnlineManager.init(
      dir,
      { strategies: smallStrategies(), beginTime: '2016-10-31', region: 'us', store: url },
      { provider, warn: () => {} },
    );
    await manager.routine('2016-11-04');
    await closeRecorderStore(manager.store);
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('loads the models from MongoDB, answers from them in the thread and in the workers, and exits after close', async () => {
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).store).toBe(url);
    const inThread = await serveOnce(dir, 0);
    expect(inThread.store).toBe(url);
    const online = inThread.models.strategies.flatMap((s) => s.online);
    expect(online.length).toBeGreaterThanOrEqual(2);
    expect(online.every((m) => m.loaded)).toBe(true);
    expect(inThread.stored.models.every((m) => m.source === 'stored' && typeof m.scores.AAPL === 'number')).toBe(true);
    expect(inThread.computed.models.every((m) => m.source === 'computed' && typeof m.scores.AAPL === 'number')).toBe(true);
    // the workers open the MongoDB store themselves: the same numbers
    const pooled = await serveOnce(dir, 1);
    expect(pooled.computed).toEqual(inThread.computed);
    expect(pooled.stored).toEqual(inThread.stored);
  }, 300_000);
});
