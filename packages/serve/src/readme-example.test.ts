import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readmeExample } from '@rollq/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, loadServeConfig } from './index.js';
import { buildSmallState } from './testing/small-state.js';

/** The example of README.md over a small real online state (the region below is the README's code). */
describe('README example', () => {
  let root: string;
  let stateDir: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-serve-readme-'));
    stateDir = join(root, 'state');
    await buildSmallState(stateDir);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the top names of the last day of signals', async () => {
    // #region readme
    // the defaults (no serve.yaml), any free port; the state folder is one `rollq online init` made
    const config = loadServeConfig({ flags: [{ path: ['server', 'port'], value: 0, source: '--port' }] });
    const app = await buildServer({ stateDir, config });
    const url = await app.listen({ port: config.server.port, host: config.server.host });
    const top = (await (await fetch(`${url}/signals?top=5`)).json()) as {
      date: string;
      rows: Array<{ instrument: string; score: number }>;
    };
    const ready = await fetch(`${url}/readyz`); // 503 here: the small state's signals lag the data
    await app.close();
    // #endregion readme
    expect(top.date).toBe('2016-11-11');
    expect(top.rows).toHaveLength(5);
    expect(top.rows[0]!.score).toBeGreaterThanOrEqual(top.rows[4]!.score);
    expect(ready.status).toBe(503);
  });

  it('is the code README.md shows', () => {
    const ex = readmeExample(import.meta.url);
    expect(ex.test).toBe(ex.readme);
    expect(ex.missingImports).toEqual([]);
  });
});
