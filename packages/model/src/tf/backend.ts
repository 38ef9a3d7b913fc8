import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../errors.js';

/** A TensorFlow.js backend rollq can train on, fastest first. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<TfBackendName> | null = null;

/**
 * Starts the fastest TensorFlow.js backend that works, once per process, and logs the choice once on
 * stderr: `tensorflow` when `@tensorflow/tfjs-node` can be imported (it is optional: its installer needs
 * a download these machines cannot make), else `wasm` (SIMD, with {@link installWasmMatMulFix}), else the
 * pure-JS `cpu` backend. `ROLLQ_TF_BACKEND` (or `prefer`) forces one, for comparisons.
 */
export function ensureTfBackend(prefer: TfBackendName | undefined = envPreference()): Promise<TfBackendName> {
  chosen ??= pickBackend(prefer);
  return chosen;
}

function envPreference(): TfBackendName | undefined {
  const v = process.env.ROLLQ_TF_BACKEND;
  return v === 'tensorflow' || v === 'wasm' || v === 'cpu' ? v : undefined;
}

async function pickBackend(prefer?: TfBackendName): Promise<TfBackendName> {
  const order: TfBackendName[] = prefer ? [prefer] : ['tensorflow', 'wasm', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (name === 'tensorflow') {
        // A variable specifier keeps bundlers and tsc from requiring the optional package.
        const pkg = '@tensorflow/tfjs-node';
        await import(pkg);
      } else if (name === 'wasm') {
        await import('@tensorflow/tfjs-backend-wasm');
      }
      if (!(await tf.setBackend(name))) throw new Error('setBackend returned false');
      await tf.ready();
      let note = '';
      if (name === 'wasm') {
        installWasmMatMulFix();
        note = ` (SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}, single thread, BatchMatMul transpose fix)`;
      }
      process.stderr.write(`[rollq/model] TensorFlow.js backend: ${name}${note}\n`);
      return name;
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  chosen = null;
  throw new ModelError('BACKEND_FAILED', `no TensorFlow.js backend could start (${failures.join('; ')})`, {
    hint: 'reinstall @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm, or unset ROLLQ_TF_BACKEND',
  });
}

let fixed = false;

/**
 * Replaces the wasm backend's `BatchMatMul` with one that transposes operands first. Dense-layer
 * gradients call matMul with `transposeA` / `transposeB`, which the stock wasm kernel runs 12–20× slower
 * than a plain product (research/deps.md §1.3); transposing explicitly and multiplying is 5× faster over a
 * whole MLP fit. Idempotent.
 */
export function installWasmMatMulFix(): void {
  if (fixed) return;
  const orig = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!orig || !transpose) return;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    setupFunc: orig.setupFunc,
    disposeFunc: orig.disposeFunc,
    kernelFunc: ({ inputs, backend, attrs }) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const be = backend as any;
      let { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const attr = attrs as { transposeA?: boolean; transposeB?: boolean };
      const tmp: tf.TensorInfo[] = [];
      const swapLast = (t: tf.TensorInfo): tf.TensorInfo => {
        const perm = t.shape.map((_, i) => i);
        const n = perm.length;
        [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
        const r = transpose.kernelFunc({ inputs: { x: t }, backend, attrs: { perm } }) as tf.TensorInfo;
        tmp.push(r);
        return r;
      };
      if (attr.transposeA) a = swapLast(a);
      if (attr.transposeB) b = swapLast(b);
      const out = orig.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
      for (const t of tmp) be.disposeData(t.dataId);
      return out;
    },
  });
  fixed = true;
}
