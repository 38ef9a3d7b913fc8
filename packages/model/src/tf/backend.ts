import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import type Koffi from 'koffi';
import { ModelError } from '../errors.js';

/** A TensorFlow.js backend rollq can train on, fastest first. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

const require = createRequire(import.meta.url);
let chosen: Promise<TfBackendName> | null = null;
let backendLog: ((message: string) => void) | null = null;

/**
 * Where {@link ensureTfBackend} reports the backend it started (once per process), e.g.
 * `TensorFlow.js backend: wasm (SIMD on, …)`; by default nowhere: the library does not write to the
 * terminal, the CLI passes a function that prints the line on stderr. `null` turns the report off again.
 */
export function setTfBackendLog(log: ((message: string) => void) | null): void {
  backendLog = log;
}

/**
 * Starts the fastest TensorFlow.js backend that works, once per process, and reports the choice once
 * (see {@link setTfBackendLog}): `tensorflow` (native TensorFlow through `@tensorflow/tfjs-node`, whose addon
 * `tools/setup.sh` builds against a cached TensorFlow C library), else `wasm` (SIMD, with
 * {@link installWasmMatMulFix} and {@link installWasmReduceFix}; the report then says why the native backend
 * is missing), else the pure-JS `cpu` backend. `ROLLQ_TF_BACKEND=tensorflow|wasm|cpu` (or `prefer`) forces one
 * and fails when it cannot start. The native library (~350 ms to load) is loaded here, not at import.
 */
export function ensureTfBackend(prefer: TfBackendName | undefined = envPreference()): Promise<TfBackendName> {
  chosen ??= pickBackend(prefer);
  return chosen;
}

/** The environment variable that forces a backend (`tensorflow`, `wasm` or `cpu`). */
export const TF_BACKEND_ENV = 'ROLLQ_TF_BACKEND';

function envPreference(): TfBackendName | undefined {
  const v = process.env[TF_BACKEND_ENV];
  if (v === undefined || v === '') return undefined;
  if (v === 'tensorflow' || v === 'wasm' || v === 'cpu') return v;
  throw new ModelError('CONFIG_INVALID', `${TF_BACKEND_ENV}=${v} is not a TensorFlow.js backend rollq knows`, {
    hint: `set ${TF_BACKEND_ENV} to tensorflow, wasm or cpu, or unset it`,
  });
}

/**
 * Why the native backend cannot start, or null when it can: loads `@tensorflow/tfjs-node` (which registers
 * and selects its `tensorflow` backend in the one tfjs engine; `@tensorflow/tfjs` resolves to one copy). The package is always installed; its addon
 * exists only after `tools/setup.sh` built it.
 */
export function loadTfNative(): string | null {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  try {
    // A synchronous require (no other JS runs meanwhile) with the process's stderr parked on /dev/null:
    // TensorFlow 2.21's static initialisers print an absl "WARNING: All log messages before
    // absl::InitializeLog()" and a oneDNN note straight to fd 2 while the library loads, which
    // TF_CPP_MIN_LOG_LEVEL does not reach; load errors still arrive, as the exception.
    withStderrMuted(() => require('@tensorflow/tfjs-node'));
    return null;
  } catch (e) {
    const message = (e as Error).message;
    if (message.includes('tfjs_binding.node')) return 'its addon tfjs_binding.node is not built';
    return message.split('\n')[0] ?? message;
  }
}

/** Runs `fn` with file descriptor 2 pointed at /dev/null (via libc's dup / dup2), then restores it. */
function withStderrMuted<T>(fn: () => T): T {
  let libc: {
    open: (p: string, f: number) => number;
    dup: (fd: number) => number;
    dup2: (a: number, b: number) => number;
    close: (fd: number) => number;
  };
  try {
    const lib = (require('koffi') as typeof Koffi).load('libc.so.6');
    libc = {
      open: lib.func('int open(const char *path, int flags)'),
      dup: lib.func('int dup(int fd)'),
      dup2: lib.func('int dup2(int from, int to)'),
      close: lib.func('int close(int fd)'),
    };
  } catch {
    return fn(); // not glibc: the lines get through, nothing else changes
  }
  const devNull = libc.open('/dev/null', 1 /* O_WRONLY */);
  const saved = devNull >= 0 ? libc.dup(2) : -1;
  if (saved < 0) {
    if (devNull >= 0) libc.close(devNull);
    return fn();
  }
  libc.dup2(devNull, 2);
  libc.close(devNull);
  try {
    return fn();
  } finally {
    libc.dup2(saved, 2);
    libc.close(saved);
  }
}

/** The fix for a missing native backend, in every message that reports one. */
export const TF_NATIVE_HINT = 'bash tools/setup.sh builds it (or set ROLLQ_TF_BACKEND=wasm)';

async function pickBackend(prefer?: TfBackendName): Promise<TfBackendName> {
  const order: TfBackendName[] = prefer ? [prefer] : ['tensorflow', 'wasm', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (name === 'tensorflow') {
        const missing = loadTfNative();
        if (missing) throw new Error(`TensorFlow native backend not installed (${missing})`);
      } else if (name === 'wasm') {
        await import('@tensorflow/tfjs-backend-wasm');
      }
      if (!(await tf.setBackend(name))) throw new Error('setBackend returned false');
      await tf.ready();
      let note = '';
      if (name === 'tensorflow') {
        const version = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding?.TF_Version;
        if (version) note = ` (TensorFlow ${version} C library)`;
      } else if (name === 'wasm') {
        // rollq's kernel replacements are registered for the wasm backend only.
        installWasmMatMulFix();
        installWasmReduceFix();
        note = ` (SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}, single thread, BatchMatMul / Tile / Sum / Mean fixes)`;
      }
      // Said once: the automatic fallback names what it fell back from.
      const fellBack = failures.length > 0 ? `; ${failures.join('; ')}: ${TF_NATIVE_HINT}` : '';
      backendLog?.(`TensorFlow.js backend: ${name}${note}${fellBack}`);
      return name;
    } catch (e) {
      const message = (e as Error).message.split('\n')[0] ?? '';
      failures.push(name === 'tensorflow' ? message : `${name}: ${message}`);
    }
  }
  chosen = null;
  throw new ModelError('BACKEND_FAILED', `no TensorFlow.js backend could start (${failures.join('; ')})`, {
    hint:
      prefer === 'tensorflow'
        ? TF_NATIVE_HINT
        : 'reinstall @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm (npm ci), or unset ROLLQ_TF_BACKEND',
  });
}

let fixed = false;

/**
 * Replaces the wasm backend's `BatchMatMul` with one that transposes operands first. Dense-layer
 * gradients call matMul with `transposeA` / `transposeB`, which the stock wasm kernel runs 12–20× slower
 * than a plain product (measured on 2048×158 and 158×256 operands); transposing explicitly and
 * multiplying is 5× faster over a whole MLP fit. Idempotent.
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
      // biome-ignore lint/suspicious/noExplicitAny: the wasm backend's internals (dataIdMap, makeOutput) are untyped
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

/** The parts of the wasm backend object the JS kernels below use. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

let reduceFixed = false;

/**
 * Replaces three wasm kernels on the paths batch normalisation takes, measured on an MLP step (batch
 * 8192, 158→256→128→1 with batch norm): `Tile` 292 ms, `Sum` 163 ms and `Mean` 58 ms of a 1 s step, more
 * than the matrix products. The stock `Tile` computes every output index in wasm one element at a time;
 * `Sum` / `Mean` over the batch axis first transpose the whole input. The JS replacements copy whole rows
 * (`Tile`) and accumulate row by row (`Sum` / `Mean` over leading axes) on the wasm heap; any other case
 * (another dtype, reducing trailing axes) goes to the stock kernel. Idempotent.
 */
export function installWasmReduceFix(): void {
  if (reduceFixed) return;
  const tile = tf.getKernel('Tile', 'wasm');
  const sum = tf.getKernel('Sum', 'wasm');
  const mean = tf.getKernel('Mean', 'wasm');
  if (!tile || !sum || !mean) return;
  override(tile, (x, attrs, heap) => tileRows(x, (attrs as { reps: number[] }).reps, heap));
  override(sum, (x, attrs, heap) => reduceLeading(x, attrs as ReduceAttrs, heap, false));
  override(mean, (x, attrs, heap) => reduceLeading(x, attrs as ReduceAttrs, heap, true));
  reduceFixed = true;
}

interface ReduceAttrs {
  axis: number | number[];
  keepDims: boolean;
}

/** Registers `fast` in place of the stock kernel; `fast` returns null to hand the call to the stock one. */
function override(orig: tf.KernelConfig, fast: (x: tf.TensorInfo, attrs: unknown, heap: WasmHeap) => tf.TensorInfo | null): void {
  tf.unregisterKernel(orig.kernelName, 'wasm');
  tf.registerKernel({
    ...orig,
    kernelFunc: (args) => {
      const x = (args.inputs as { x: tf.TensorInfo }).x;
      const out = x.dtype === 'float32' ? fast(x, args.attrs, args.backend as unknown as WasmHeap) : null;
      return out ?? orig.kernelFunc(args);
    },
  });
}

/** `Tile` by whole rows: each output row of the last axis is the input row repeated `reps[last]` times. */
function tileRows(x: tf.TensorInfo, reps: number[], heap: WasmHeap): tf.TensorInfo | null {
  const n = x.shape.length;
  if (n === 0 || reps.length !== n) return null;
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = heap.makeOutput(outShape, 'float32');
  // views after makeOutput: growing the heap detaches earlier ones
  const src = heap.typedArrayFromHeap(x);
  const dst = heap.typedArrayFromHeap(out);
  if (dst.length === 0) return out;
  const inRow = x.shape[n - 1]!;
  const outRow = outShape[n - 1]!;
  const rows = dst.length / outRow;
  const idx = new Array<number>(n - 1).fill(0); // output index over the leading axes
  for (let r = 0; r < rows; r++) {
    let inOff = 0;
    for (let k = 0; k < n - 1; k++) inOff = inOff * x.shape[k]! + (idx[k]! % x.shape[k]!);
    const row = src.subarray(inOff * inRow, inOff * inRow + inRow);
    for (let j = 0; j < outRow; j += inRow) dst.set(row, r * outRow + j);
    for (let k = n - 2; k >= 0; k--) {
      if (++idx[k]! < outShape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** `Sum` / `Mean` over leading axes `0..k-1` (the batch axis of a layer), accumulated row by row in float64. */
function reduceLeading(x: tf.TensorInfo, attrs: ReduceAttrs, heap: WasmHeap, average: boolean): tf.TensorInfo | null {
  const n = x.shape.length;
  const axes = [...new Set((Array.isArray(attrs.axis) ? attrs.axis : [attrs.axis]).map((a) => (a < 0 ? a + n : a)))].sort((a, b) => a - b);
  if (axes.length === 0 || axes.length >= n || axes.some((a, i) => a !== i)) return null;
  const k = axes.length;
  const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const width = x.shape.slice(k).reduce((a, b) => a * b, 1);
  const outShape = attrs.keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
  const out = heap.makeOutput(outShape, 'float32');
  const src = heap.typedArrayFromHeap(x);
  const dst = heap.typedArrayFromHeap(out);
  const acc = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    const off = r * width;
    for (let c = 0; c < width; c++) acc[c] += src[off + c]!;
  }
  const scale = average ? (rows > 0 ? 1 / rows : NaN) : 1;
  for (let c = 0; c < width; c++) dst[c] = acc[c]! * scale;
  return out;
}
