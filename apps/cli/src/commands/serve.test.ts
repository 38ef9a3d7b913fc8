import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyWorkflowYaml, usQlibDir } from '@rollq/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

const CLI_DIR = join(import.meta.dirname, '..', '..');
const TOKEN = 'cli-admin-token-0123456789abcdef';

/** `rollq serve …` as its own process (from the sources); resolves its URL once it listens. */
function serveProcess(args: string[], env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@rollq/source', '--import', 'tsx', join(CLI_DIR, 'bin', 'rollq-dev.ts'), 'serve', ...args],
    { cwd: CLI_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let stderr = '';
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /rollq serve: .* on (http:\/\/\S+) /.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`rollq serve exited ${code} before listening:\n${stderr}`)));
  });
  const done = new Promise<{ code: number | null; stderr: string }>((r) => child.on('exit', (code) => r({ code, stderr })));
  return { child, listening, done };
}

describe('rollq serve and rollq config check', () => {
  let root: string;
  let state: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-cli-serve-'));
    const wf = join(root, 'gbdt.yaml');
    writeFileSync(wf, tinyWorkflowYaml(await usQlibDir(), { depth: 3 }));
    state = join(root, 'state');
    const init = await runCli(['online', 'init', wf, '--state', state, '--name', 'gbdt', '--step', '10', '--begin', '2016-10-31']);
    expect(init.code, init.stderr).toBe(0);
    const routine = await runCli(['online', 'routine', '--state', state, '--date', '2016-11-04']);
    expect(routine.code, routine.stderr).toBe(0);
    writeFileSync(join(root, 'token'), `${TOKEN}\n`);
  }, 240_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves a state on a loopback port until SIGTERM, which closes it gracefully', async () => {
    writeFileSync(join(root, 'serve.yaml'), 'server:\n  port: 1\nthresholds:\n  staleTradingDays: 100000\n');
    // the file says port 1, the variable 2, the flag 0 (any free port): the flag wins
    const s = serveProcess(['--state', state, '--port', '0', '--config', join(root, 'serve.yaml'), '--token-file', join(root, 'token')], {
      ROLLQ_SERVE_SERVER__PORT: '2',
      ROLLQ_SERVE_MONITOR__MIN_DAILY_IC: '1', // every IC is below 1: an alert on the served commit
    });
    const url = await s.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    const signals = (await (await fetch(`${url}/signals?top=2`)).json()) as { rows: unknown[] };
    expect(signals.rows).toHaveLength(2);
    const reload = await fetch(`${url}/admin/reload`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(reload.status).toBe(200);
    expect(readFileSync(join(state, 'serve-audit.jsonl'), 'utf8')).toContain('"action":"reload"');
    s.child.kill('SIGTERM');
    const { code, stderr } = await s.done;
    expect(stderr).toContain('rollq serve: SIGTERM, closing');
    expect(code).toBe(0);
    // rollq online status shows the alert the service raised
    const status = await runCli(['online', 'status', '--state', state]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/last alerts \(.*serve-alerts\.jsonl\):\n {2}2016-11-\d\d {2}ic {2}IC of 2016-11-\d\d is -?[\d.]+ < 1\n/);
  }, 120_000);

  it('config check prints the merged configuration, or file:line:col errors (exit 2)', async () => {
    writeFileSync(join(root, 'good.yaml'), 'cache:\n  maxEntries: 77\n');
    const good = await runCli(['config', 'check', join(root, 'good.yaml'), '--port', '9001']);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/server:\n {2}port: 9001\n {2}host: 127\.0\.0\.1/);
    expect(good.stdout).toContain('maxEntries: 77');
    writeFileSync(join(root, 'bad.yaml'), 'cache:\n  maxEntries: lots\n');
    const bad = await runCli(['config', 'check', join(root, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(root, 'bad.yaml')}:2:15: cache.maxEntries:`);
    expect(bad.stderr).toContain('hint:');
  });
});
