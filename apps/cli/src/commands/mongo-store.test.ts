import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tinyWorkflowYaml, usQlibDir } from '@rollq/tools';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { openMongoRecorderStore } from '@rollq/workflow/mongo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

const CLI_DIR = join(import.meta.dirname, '..', '..');

describe('rollq run / recorder with --uri_folder mongodb://', () => {
  let dir: string;
  let yaml: string;
  const url = freshMongoUrl('cli');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollq-cli-mongo-'));
    yaml = join(dir, 'tiny.yaml');
    writeFileSync(yaml, tinyWorkflowYaml(await usQlibDir(), { sigAna: false }));
  });
  afterAll(async () => {
    const store = await openMongoRecorderStore(url);
    await store.db.dropDatabase();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a run into MongoDB, lists it and exports its predictions; no folder is made', async () => {
    const run = await runCli(['run', yaml, '--uri_folder', url, '--experiment_name', 'tiny']);
    expect(run.code, run.stderr).toBe(0);
    const id = /recorder (\S+) of experiment "tiny": tiny\/\1/.exec(run.stderr)?.[1];
    expect(id, run.stderr).toBeDefined();
    const list = await runCli(['recorder', 'list', '--uri_folder', url, '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ id, experiment: 'tiny', status: 'FINISHED', model: 'LGBModel' }]);
    const out = join(dir, 'pred.csv');
    const exp = await runCli(['recorder', 'export', '--uri_folder', url, '--out', out]);
    expect(exp.code, exp.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('datetime,instrument,score');
    expect(lines.length).toBeGreaterThan(100); // 12 instruments × the October 2016 trading days
    expect(existsSync(resolve(url))).toBe(false); // the URL was not taken for a folder path
  });

  it('the real CLI process exits once done (the store closes its client), and a dead server is a clear exit 1', () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--conditions=@rollq/source', '--import', 'tsx', join(CLI_DIR, 'bin', 'rollq-dev.ts'), ...args], {
        cwd: CLI_DIR,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const list = cli(['recorder', 'list', '--uri_folder', url]);
    expect(list.error, 'the process did not exit').toBeUndefined();
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^id\s+experiment\s+status[\s\S]*tiny\s+FINISHED\s+LGBModel/);
    const dead = cli(['recorder', 'list', '--uri_folder', 'mongodb://127.0.0.1:9/rollq?serverSelectionTimeoutMS=500']);
    expect(dead.status).toBe(1);
    expect(dead.stderr).toMatch(
      /error \[MONGO_UNREACHABLE\]: cannot reach the MongoDB server of mongodb:\/\/127\.0\.0\.1:9\/rollq[\s\S]*hint: start the server/,
    );
  });
});
