import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { ensureTfBackend, setTfBackendLog, TF_BACKEND_ENV } from './backend.js';

describe('ensureTfBackend', () => {
  it('reports the backend it started once, to the log the caller set (nothing is written to the terminal)', async () => {
    const lines: string[] = [];
    setTfBackendLog((m) => lines.push(m));
    try {
      const name = await ensureTfBackend();
      await ensureTfBackend();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^TensorFlow\\.js backend: ${name}`));
      // the native backend names the C library it loaded (setup builds against TensorFlow 2.21.0)
      if (name === 'tensorflow') expect(lines[0]).toMatch(/^TensorFlow\.js backend: tensorflow \(TensorFlow 2\.\d+\.\d+ C library\)$/);
    } finally {
      setTfBackendLog(null);
    }
  });

  it(`rejects a ${TF_BACKEND_ENV} it does not know, naming the ones it does`, () => {
    const before = process.env[TF_BACKEND_ENV];
    process.env[TF_BACKEND_ENV] = 'gpu';
    try {
      expect(() => ensureTfBackend()).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID', hint: expect.stringMatching(/tensorflow, wasm or cpu/) }),
      );
    } finally {
      if (before === undefined) delete process.env[TF_BACKEND_ENV];
      else process.env[TF_BACKEND_ENV] = before;
    }
  });

  it('builds the native addon for the @tensorflow/tfjs-node that package.json pins (tools/setup.sh)', () => {
    const setup = readFileSync(join(repoRoot(), 'tools', 'setup.sh'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'packages', 'model', 'package.json'), 'utf8'));
    expect(/^TFJS_NODE_VERSION=(\S+)/m.exec(setup)?.[1]).toBe(pkg.dependencies['@tensorflow/tfjs-node']);
    const root = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
    // npm ci must not run its install script: it downloads libtensorflow from outside the registries
    expect(root.allowScripts['@tensorflow/tfjs-node']).toBe(false);
  });
});
