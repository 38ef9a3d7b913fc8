import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TF_BACKEND_ENV } from './backend.js';

const run = promisify(execFile);
const script = join(import.meta.dirname, 'predict-on-backend.script.ts');
const dir = mkdtempSync(join(tmpdir(), 'rollq-backend-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The MLP's and GRU's test predictions on one backend, trained in a child process (one tfjs engine each). */
async function predictOn(backend: 'tensorflow' | 'wasm'): Promise<{ mlp: Float64Array; gru: Float64Array }> {
  const out = join(dir, `${backend}.bin`);
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, ['--import', 'tsx', '--conditions=@rollq/source', script, out], {
      env: { ...process.env, [TF_BACKEND_ENV]: backend },
    }));
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? e);
    if (backend === 'tensorflow' && /TensorFlow native backend not installed/.test(stderr)) {
      throw new Error(
        `the TensorFlow native backend is not installed (${stderr.match(/not installed \(([^)]*)\)/)?.[1]}): run bash tools/setup.sh, or set ${TF_BACKEND_ENV}=wasm to test on wasm only`,
      );
    }
    throw e;
  }
  const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { backend: string; active: string; mlp: number; gru: number };
  expect(report).toMatchObject({ backend, active: backend });
  const buf = readFileSync(out);
  const all = new Float64Array(buf.buffer, buf.byteOffset, buf.length / 8);
  return { mlp: all.subarray(0, report.mlp), gru: all.subarray(report.mlp, report.mlp + report.gru) };
}

function sd(v: Float64Array): number {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

// Both backends compute in float32 but sum in different orders (TensorFlow's Eigen / oneDNN blocks vs
// XNNPACK and rollq's row-wise wasm reductions), so each op differs by a few float32 ulps (~1e-7 relative)
// and 40 SGD steps / 2 GRU epochs carry that along: measured 5e-7 (MLP) and 2.4e-7 (GRU) of a prediction sd
// of 0.6–0.7. The tolerance, 2e-5 × sd, leaves 40× room for noise and is still 50× below what a real
// difference (another init, mask, batch order or kernel bug) gives: ≥ 1e-3.
const TOLERANCE = 2e-5;

describe.skipIf(process.env[TF_BACKEND_ENV] === 'wasm')('the tensorflow (native) and wasm backends', () => {
  it(`train the same seeded MLP and GRU to the same predictions (within ${TOLERANCE} × sd)`, { timeout: 180_000 }, async () => {
    const native = await predictOn('tensorflow');
    const wasm = await predictOn('wasm');
    for (const name of ['mlp', 'gru'] as const) {
      expect(native[name].length, name).toBeGreaterThan(100);
      const spread = sd(wasm[name]);
      expect(spread, `${name} predictions vary`).toBeGreaterThan(0.1);
      expect(maxAbsDiff(native[name], wasm[name]), name).toBeLessThanOrEqual(TOLERANCE * spread);
    }
  });
});
