/**
 * Seeded shuffles for training order and data splits (mulberry32: tiny, fast, the same stream for the same
 * seed on every platform). Not for cryptography; only for reproducible experiments.
 */

/** A uniform [0, 1) stream from a 32-bit seed and a stream number (different streams are independent). */
export function seededUniform(seed: number, stream = 0): () => number {
  let a = (seed ^ Math.imul(stream + 0x632be5ab, 0x9e3779b9)) | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with a seeded stream. */
export function shuffleInPlace<T>(items: T[] | Int32Array, next: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t as never;
  }
}
