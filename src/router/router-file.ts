/**
 * router.json: a trained router as one self-contained JSON file (no model downloads). The weights are
 * little-endian float32, base64, interleaved per hashed slot (see success-model.ts). A file that is not a
 * router, or whose weights do not match its header, is an `invalid_router` error naming the file.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { QuadrantError } from '../errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { SuccessModel, type TrainOptions } from './success-model.ts';

export const ROUTER_FORMAT = 'quadrant-router';
export const FEATURES_KIND = 'hashed-ngrams-v1';

const RouterFileSchema = z.strictObject({
  format: z.literal(ROUTER_FORMAT),
  version: z.literal(1),
  models: z.array(z.string().min(1)).min(2),
  features: z.strictObject({ kind: z.literal(FEATURES_KIND), bits: z.number().int().min(8).max(24) }),
  training: z.strictObject({
    examples: z.number().int().min(1),
    seed: z.number().int(),
    epochs: z.number().int().min(1),
    learning_rate: z.number().positive(),
    l2: z.number().min(0),
    source: z.string(),
  }),
  weights: z.string(),
});

export type RouterFile = z.infer<typeof RouterFileSchema>;

export interface TrainedRouter {
  model: SuccessModel;
  training: RouterFile['training'];
}

export function routerToJson(router: TrainedRouter): string {
  const w = router.model.weights;
  const bytes = Buffer.from(w.buffer, w.byteOffset, w.byteLength);
  const file: RouterFile = {
    format: ROUTER_FORMAT,
    version: 1,
    models: [...router.model.models],
    features: { kind: FEATURES_KIND, bits: router.model.bits },
    training: router.training,
    weights: bytes.toString('base64'),
  };
  return `${JSON.stringify(file)}\n`;
}

export function writeRouterFile(path: string, router: TrainedRouter): void {
  try {
    writeFileSync(path, routerToJson(router));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new QuadrantError('file_unreadable', `cannot write router file ${path}: ${reason}`, {
      param: 'out',
    });
  }
}

export function parseRouterJson(text: string, label: string): TrainedRouter {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new QuadrantError(
      'invalid_router',
      `${label} is not JSON (expected a router.json from \`quadrant router train\`)`,
    );
  }
  const parsed = RouterFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new QuadrantError(
      'invalid_router',
      `${label} is not a Quadrant router file: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const f = parsed.data;
  const bytes = Buffer.from(f.weights, 'base64');
  const expected = f.models.length * 2 ** f.features.bits * 4;
  if (bytes.length !== expected) {
    throw new QuadrantError(
      'invalid_router',
      `${label}: weights hold ${bytes.length} bytes, ${f.models.length} models × 2^${f.features.bits} slots need ${expected}`,
    );
  }
  const weights = new Float32Array(expected / 4);
  new Uint8Array(weights.buffer).set(bytes);
  if (!weights.every(Number.isFinite))
    throw new QuadrantError('invalid_router', `${label}: weights are not finite`);
  return { model: new SuccessModel(f.models, f.features.bits, weights), training: f.training };
}

export function readRouterFile(path: string): TrainedRouter {
  return parseRouterJson(
    readTextFile(path, 'router file', { code: 'invalid_router', param: 'router' }),
    path,
  );
}

export function trainingRecord(
  options: TrainOptions,
  examples: number,
  source: string,
): RouterFile['training'] {
  return {
    examples,
    seed: options.seed,
    epochs: options.epochs,
    learning_rate: options.learningRate,
    l2: options.l2,
    source,
  };
}
