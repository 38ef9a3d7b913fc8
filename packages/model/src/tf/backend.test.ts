import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../core/rng.js';
import { ensureTfBackend } from './backend.js';

/** A tensor of seeded uniform values and the same values as a plain array, for reference sums. */
function randomTensor(shape: number[], seed: number): { t: tf.Tensor; v: Float32Array } {
  const rand = mulberry32(seed);
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => rand() * 2 - 1);
  return { t: tf.tensor(v, shape), v };
}

function expectClose(got: tf.Tensor, want: ArrayLike<number>, shape: number[]): void {
  expect(got.shape).toEqual(shape);
  const g = got.dataSync();
  expect(g.length).toBe(want.length);
  for (let i = 0; i < g.length; i++) expect(g[i]).toBeCloseTo(want[i]!, 4);
}

// The wasm backend's BatchMatMul, Tile, Sum and Mean are replaced by faster kernels (backend.ts); these
// compare them with direct loops, including the shapes batch normalisation and dense gradients produce.
describe('wasm kernel replacements', () => {
  beforeAll(async () => {
    expect(await ensureTfBackend('wasm')).toBe('wasm');
  });

  it('matMul with and without transposed operands', () => {
    const { t: a, v: av } = randomTensor([7, 5], 1);
    const { t: b, v: bv } = randomTensor([7, 3], 2);
    // aᵀ·b: [5,7]·[7,3]
    const want = new Float32Array(15);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 7; k++) want[i * 3 + j]! += av[k * 5 + i]! * bv[k * 3 + j]!;
    expectClose(tf.matMul(a, b, true, false), want, [5, 3]);
    expectClose(tf.matMul(b, a, true, false).transpose(), want, [5, 3]);
    expectClose(tf.matMul(a.transpose(), b.transpose(), false, true), want, [5, 3]);
  });

  it('tile repeats rows and whole blocks like numpy.tile', () => {
    const { t, v } = randomTensor([2, 3], 3);
    const want = new Float32Array(4 * 6);
    for (let r = 0; r < 4; r++) for (let c = 0; c < 6; c++) want[r * 6 + c] = v[(r % 2) * 3 + (c % 3)]!;
    expectClose(tf.tile(t, [2, 2]), want, [4, 6]);
    const row = tf.tensor([1, 2, 3], [1, 3]);
    expectClose(tf.tile(row, [3, 1]), [1, 2, 3, 1, 2, 3, 1, 2, 3], [3, 3]);
    expectClose(tf.tile(tf.tensor([1, 2], [2]), [3]), [1, 2, 1, 2, 1, 2], [6]);
    const cube = tf.tile(tf.tensor([1, 2, 3, 4], [2, 1, 2]), [1, 2, 1]);
    expectClose(cube, [1, 2, 1, 2, 3, 4, 3, 4], [2, 2, 2]);
    expect(tf.tile(tf.tensor([1, 2], [2, 1]), [1, 2]).dtype).toBe('float32');
    expect(Array.from(tf.tile(tf.tensor([1, 2], [2], 'int32'), [2]).dataSync())).toEqual([1, 2, 1, 2]);
  });

  it('sum and mean over leading axes, trailing axes and all axes', () => {
    const { t, v } = randomTensor([4, 3, 2], 4);
    const lead = new Float32Array(6);
    for (let r = 0; r < 4; r++) for (let c = 0; c < 6; c++) lead[c]! += v[r * 6 + c]!;
    expectClose(tf.sum(t, 0), lead, [3, 2]);
    expectClose(
      tf.mean(t, 0, true),
      lead.map((x) => x / 4),
      [1, 3, 2],
    );
    const lead2 = new Float32Array(2);
    for (let r = 0; r < 12; r++) for (let c = 0; c < 2; c++) lead2[c]! += v[r * 2 + c]!;
    expectClose(tf.sum(t, [1, 0]), lead2, [2]);
    const last = new Float32Array(12);
    for (let r = 0; r < 12; r++) last[r] = v[r * 2]! + v[r * 2 + 1]!;
    expectClose(tf.sum(t, -1), last, [4, 3]);
    expectClose(tf.sum(t), [v.reduce((a, b) => a + b, 0)], []);
    expectClose(tf.mean(t, [0, 1, 2]), [v.reduce((a, b) => a + b, 0) / 24], []);
  });

  it('batch normalisation trains the same through the replaced kernels (gradient check against a loop)', () => {
    const { t: x, v } = randomTensor([6, 2], 5);
    const g = tf.grad((z: tf.Tensor) => tf.moments(z, 0).variance.sum())(x);
    // d/dx_ij of var_j = 2 (x_ij - mean_j) / n
    const want = new Float32Array(12);
    for (let j = 0; j < 2; j++) {
      let m = 0;
      for (let i = 0; i < 6; i++) m += v[i * 2 + j]! / 6;
      for (let i = 0; i < 6; i++) want[i * 2 + j] = (2 * (v[i * 2 + j]! - m)) / 6;
    }
    expectClose(g, want, [6, 2]);
  });
});
