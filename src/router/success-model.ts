/**
 * Per-model success probability from prompt features: one logistic regression per model over the shared
 * hashed feature space (a multi-output linear model), trained with AdaGrad on the cross-entropy against
 * each model's score in [0, 1], with L2 on the weights a prompt touches. Weights are interleaved
 * (`weights[slot * models + m]`) so one prompt's features read one cache line for all models.
 * Deterministic: the shuffling uses a seeded PRNG; no randomness elsewhere.
 */

import { DENSE_SLOTS, FeatureExtractor, type FeatureVector } from './prompt-features.ts';
import { seededUniform, shuffleInPlace } from './seeded-order.ts';

export interface TrainOptions {
  bits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  bits: 18,
  epochs: 4,
  learningRate: 0.05,
  l2: 1e-6,
  seed: 1,
};

export interface TrainingExample {
  prompt: string;
  /** Success per model in [0, 1], aligned with the model list. */
  scores: ArrayLike<number>;
}

export class SuccessModel {
  readonly models: readonly string[];
  readonly bits: number;
  readonly weights: Float32Array;
  private readonly extractor: FeatureExtractor;
  private readonly logits: Float64Array;

  constructor(models: readonly string[], bits: number, weights?: Float32Array) {
    this.models = models;
    this.bits = bits;
    this.extractor = new FeatureExtractor(bits);
    const size = this.extractor.dimension * models.length;
    if (weights && weights.length !== size) {
      throw new RangeError(
        `weights hold ${weights.length} numbers, ${models.length} models × 2^${bits} need ${size}`,
      );
    }
    this.weights = weights ?? new Float32Array(size);
    this.logits = new Float64Array(models.length);
  }

  /** Success probability per model (aligned with `models`), written into `out`. */
  predictInto(prompt: string, out: Float64Array): Float64Array {
    const f = this.extractor.extract(prompt);
    const z = this.logits;
    linearScores(this.weights, this.models.length, f, z);
    for (let j = 0; j < z.length; j++) out[j] = 1 / (1 + Math.exp(-z[j]));
    return out;
  }

  predict(prompt: string): Float64Array {
    return this.predictInto(prompt, new Float64Array(this.models.length));
  }
}

/** z[j] = Σ features · weights of model j (words and chars scaled per namespace, dense as they are). */
export function linearScores(w: Float32Array, m: number, f: FeatureVector, z: Float64Array): void {
  if (m === 2) {
    let w0 = 0;
    let w1 = 0;
    for (let k = 0; k < f.wordCount; k++) {
      const base = f.words[k] << 1;
      w0 += w[base];
      w1 += w[base + 1];
    }
    let c0 = 0;
    let c1 = 0;
    for (let k = 0; k < f.charCount; k++) {
      const base = f.chars[k] << 1;
      c0 += w[base];
      c1 += w[base + 1];
    }
    let d0 = 0;
    let d1 = 0;
    for (let k = 0; k < DENSE_SLOTS; k++) {
      d0 += w[2 * k] * f.dense[k];
      d1 += w[2 * k + 1] * f.dense[k];
    }
    z[0] = w0 * f.wordScale + c0 * f.charScale + d0;
    z[1] = w1 * f.wordScale + c1 * f.charScale + d1;
    return;
  }
  z.fill(0);
  for (let k = 0; k < f.wordCount; k++) {
    const base = f.words[k] * m;
    for (let j = 0; j < m; j++) z[j] += w[base + j] * f.wordScale;
  }
  for (let k = 0; k < f.charCount; k++) {
    const base = f.chars[k] * m;
    for (let j = 0; j < m; j++) z[j] += w[base + j] * f.charScale;
  }
  for (let k = 0; k < DENSE_SLOTS; k++) {
    for (let j = 0; j < m; j++) z[j] += w[k * m + j] * f.dense[k];
  }
}

export function trainSuccessModel(
  examples: readonly TrainingExample[],
  models: readonly string[],
  options: Partial<TrainOptions> = {},
): SuccessModel {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const model = new SuccessModel(models, o.bits);
  const m = models.length;
  const w = model.weights;
  const g2 = new Float32Array(w.length); // AdaGrad's sum of squared gradients
  const extractor = new FeatureExtractor(o.bits);
  const next = seededUniform(o.seed, 0x524f5554); // 'ROUT'
  const order = Int32Array.from({ length: examples.length }, (_, i) => i);
  const z = new Float64Array(m);
  const grad = new Float64Array(m);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffleInPlace(order, next);
    for (let e = 0; e < order.length; e++) {
      const ex = examples[order[e]];
      const f = extractor.extract(ex.prompt);
      linearScores(w, m, f, z);
      for (let j = 0; j < m; j++) grad[j] = 1 / (1 + Math.exp(-z[j])) - ex.scores[j];
      const step = (slot: number, v: number): void => {
        const base = slot * m;
        for (let j = 0; j < m; j++) {
          const at = base + j;
          const g = grad[j] * v + o.l2 * w[at];
          g2[at] += g * g;
          w[at] -= (o.learningRate * g) / (Math.sqrt(g2[at]) + 1e-8);
        }
      };
      for (let k = 0; k < f.wordCount; k++) step(f.words[k], f.wordScale);
      for (let k = 0; k < f.charCount; k++) step(f.chars[k], f.charScale);
      for (let k = 0; k < DENSE_SLOTS; k++) if (f.dense[k] !== 0) step(k, f.dense[k]);
    }
  }
  return model;
}
