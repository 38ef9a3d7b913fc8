/**
 * Rolling covariance / correlation on pairwise-complete observations (pandas aligns the two series and
 * drops rows where either is NaN or ±inf: `prep_binary` then `_prep_values`), ddof = 1, NaN below two pairs. Sums are of deviations from a
 * reference re-centred every `w` steps (see rolling-moments.ts) so price × volume scales stay precise.
 */
export function rollingPair(a: Float64Array, b: Float64Array, w: number, corr: boolean): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  let ra = 0;
  let rb = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  let c = 0;
  const add = (x: number, y: number, sign: number) => {
    const dx = x - ra;
    const dy = y - rb;
    sa += sign * dx;
    sb += sign * dy;
    saa += sign * dx * dx;
    sbb += sign * dy * dy;
    sab += sign * dx * dy;
    c += sign;
  };
  for (let i = 0; i < n; i++) {
    if (i % w === 0) {
      const lo = Math.max(0, i - w + 1);
      let ta = 0;
      let tb = 0;
      let k0 = 0;
      for (let k = lo; k <= i; k++) {
        const x = a[k]!;
        const y = b[k]!;
        if (Number.isFinite(x) && Number.isFinite(y)) {
          ta += x;
          tb += y;
          k0++;
        }
      }
      ra = k0 ? ta / k0 : 0;
      rb = k0 ? tb / k0 : 0;
      sa = sb = saa = sbb = sab = 0;
      c = 0;
      for (let k = lo; k <= i; k++) {
        const x = a[k]!;
        const y = b[k]!;
        if (Number.isFinite(x) && Number.isFinite(y)) add(x, y, 1);
      }
    } else {
      const x = a[i]!;
      const y = b[i]!;
      if (Number.isFinite(x) && Number.isFinite(y)) add(x, y, 1);
      if (i >= w) {
        const ox = a[i - w]!;
        const oy = b[i - w]!;
        if (Number.isFinite(ox) && Number.isFinite(oy)) add(ox, oy, -1);
      }
    }
    if (c < 2) {
      out[i] = NaN;
      continue;
    }
    const cab = sab - (sa * sb) / c;
    if (!corr) {
      out[i] = cab / (c - 1);
      continue;
    }
    const caa = saa - (sa * sa) / c;
    const cbb = sbb - (sb * sb) / c;
    // a (pairwise) constant input has zero variance: pandas divides by 0 there; report NaN, not ±inf noise
    out[i] = caa > 0 && cbb > 0 ? cab / Math.sqrt(caa * cbb) : NaN;
  }
  return out;
}
