/**
 * numpy's float32 `np.log` as it runs on x86-64 with AVX2 + FMA3 or AVX-512F (numpy 2.x
 * `loops_exponent_log.dispatch.c.src`, `simd_log_FLOAT`; the dispatch targets X86_V3 / X86_V4, what Qlib
 * runs on any recent Intel / AMD machine). It is not correctly rounded: about 2 % of real volumes' logs come
 * out one float32 ulp away from `Math.fround(Math.log(x))`, and Alpha158's CORR / CORD feed those logs into a
 * correlation whose cancellation magnifies the ulp. So Log of a float32 series uses this port: the input
 * split into exponent and a mantissa in [0.5, 1), folded to (√½, √2], then log(1 + x) from numpy's rational
 * P5/Q5 polynomial, every `fmadd` a single-rounding float32 fused multiply-add. (numpy on other CPUs, e.g.
 * ARM, calls the C library's logf instead, which can differ from both in the last bit; rollq follows x86-64.)
 */

const f32 = Math.fround;
// numpy's npy_simd_data.h coefficients NPY_COEFF_P0..P5_LOGf / Q0..Q5_LOGf, as the float32 values the kernel
// broadcasts (written out exactly: the decimal literals there are longer than a float32 holds)
const P = [0.0, 1.0, 2.112677574157715, 1.480000615119934, 0.3808837831020355, 0.025899792090058327];
const Q = [1.0, 2.612677574157715, 2.4530060291290283, 0.9864943027496338, 0.15464763343334198, 0.005875095259398222];
const LOGE2 = f32(Math.LN2);
const SQRT1_2 = f32(Math.SQRT1_2);
const MIN_NORMAL = 2 ** -126;
const DENORMAL_SCALE = 2 ** 100; // numpy pre-scales denormals by 2^100 and takes 100 off the exponent

const g32 = new Float32Array(1);
const b32 = new Uint32Array(g32.buffer);

/**
 * `fmaf(a, b, c)` for float32 a, b, c, rounded once: the product is exact in float64 and the float64 sum `s`
 * misses the exact value by the TwoSum error `err`. Rounding `s` to float32 then rounds the exact value
 * correctly unless `s` is exactly a float32 midpoint while `err` is not 0; then `err`'s sign picks the side.
 */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = f32(s);
  if (r === s) return r;
  const bp = s - c;
  const err = p - bp + (c - (s - bp)); // p + c = s + err exactly
  if (err === 0) return r;
  const other = 2 * s - r; // exact: the float32 on s's other side if s is a midpoint
  if (f32(other) !== other) return r; // not a midpoint: s and the exact value round alike
  return err > 0 === other > r ? other : r;
}

/** numpy's float32 natural log of one float32 value (see the module comment). */
export function numpyLogf(xIn: number): number {
  if (xIn !== xIn) return NaN;
  if (xIn < 0) return NaN;
  if (xIn === 0) return -Infinity;
  if (xIn === Infinity) return Infinity;
  const denormal = xIn < MIN_NORMAL;
  g32[0] = denormal ? xIn * DENORMAL_SCALE : xIn;
  const bits = b32[0]!;
  let exponent = (bits >>> 23) - 0x7e - (denormal ? 100 : 0);
  b32[0] = (bits & 0x7fffff) | (126 << 23);
  let x = g32[0]!; // mantissa in [0.5, 1)
  if (x <= SQRT1_2) {
    x = x + x;
    exponent -= 1;
  }
  x = f32(x - 1);
  let num = fmaf(P[5]!, x, P[4]!);
  num = fmaf(num, x, P[3]!);
  num = fmaf(num, x, P[2]!);
  num = fmaf(num, x, P[1]!);
  num = fmaf(num, x, P[0]!);
  let den = fmaf(Q[5]!, x, Q[4]!);
  den = fmaf(den, x, Q[3]!);
  den = fmaf(den, x, Q[2]!);
  den = fmaf(den, x, Q[1]!);
  den = fmaf(den, x, Q[0]!);
  return fmaf(exponent, LOGE2, f32(num / den));
}
