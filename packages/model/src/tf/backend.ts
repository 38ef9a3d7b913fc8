import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../errors.js';

/** A TensorFlow.js backend rollq can train on, fastest first. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

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
 * (see {@link setTfBackendLog}): `tensorflow` when `@tensorflow/tfjs-node` can be imported (it is optional: its installer needs
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
        installWasmReduceFix();
        note = ` (SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}, single thread, BatchMatMul / Tile / Sum / Mean fixes)`;
      }
      backendLog?.(`TensorFlow.js backend: ${name}${note}`);
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
