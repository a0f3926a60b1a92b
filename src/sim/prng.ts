/**
 * A fast seeded PRNG for the simulator (sfc32 seeded through splitmix32): the same seed gives the same
 * stream on every platform. Floats only — the simulator is a model, not a ledger.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller, caching the second draw). */
  normal(): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** sfc32 (Small Fast Counting, PractRand-clean) seeded from a 32-bit integer and a stream number. */
export function createRng(seed: number, stream = 0): Rng {
  const st = { s: (seed ^ Math.imul(stream + 1, 0x27d4eb2d)) | 0 };
  let a = splitmix32(st);
  let b = splitmix32(st);
  let c = splitmix32(st);
  let d = splitmix32(st) | 1;
  let spare = Number.NaN;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    normal(): number {
      if (!Number.isNaN(spare)) {
        const v = spare;
        spare = Number.NaN;
        return v;
      }
      let u = next();
      while (u <= Number.EPSILON) u = next();
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

/** A 32-bit seed from any integer (CLI seeds can be large). */
export function normaliseSeed(seed: number): number {
  if (!Number.isFinite(seed)) return 1;
  return (Math.trunc(seed) % 4294967296) | 0;
}
