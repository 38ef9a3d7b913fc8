/** A copy of `a` in a new array of `size` elements (the rest 0, or `fill`): how the signal's growing columns grow. */
export function grown<T extends Int32Array | Float64Array>(a: T, size: number, fill?: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}
