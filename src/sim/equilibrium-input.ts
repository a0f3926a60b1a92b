import { z } from 'zod';
import { describePath } from '../describe-path.ts';
import { QuadrantError } from '../errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { solveBertrandNash } from './bertrand-nash.ts';
import { reportDuplicateIds } from './duplicate-ids.ts';

const product = z.strictObject({
  id: z.string().min(1),
  quality: z.number().finite(),
  cost: z.number().finite().min(0, 'cost must be ≥ 0'),
});

const segment = z.strictObject({
  id: z.string().min(1).optional(),
  /** Share of demand (normalised). */
  weight: z.number().gt(0, 'weight must be > 0'),
  alpha: z.number().gt(0, 'alpha (price sensitivity) must be > 0'),
  beta: z.number().finite(),
  outside_utility: z.number().finite().default(0),
});

/**
 * One logit segment ({alpha, beta, outside_utility}) or several (`segments`); vendors sell one product
 * ({id, quality, cost}) or several (`models`: a multi-product firm prices them jointly).
 */
export const equilibriumInputSchema = z
  .strictObject({
    alpha: z.number().gt(0, 'alpha (price sensitivity) must be > 0').optional(),
    beta: z.number().finite().optional(),
    outside_utility: z.number().finite().default(0),
    segments: z.array(segment).min(1, 'at least one segment').optional(),
    vendors: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          quality: z.number().finite().optional(),
          cost: z.number().finite().min(0, 'cost must be ≥ 0').optional(),
          models: z.array(product).min(1, 'a vendor needs a model').optional(),
        }),
      )
      .min(1, 'at least one vendor'),
  })
  .superRefine((input, ctx) => {
    if (input.segments === undefined && (input.alpha === undefined || input.beta === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give alpha and beta (one segment) or segments',
        path: ['alpha'],
      });
    }
    if (input.segments !== undefined && (input.alpha !== undefined || input.beta !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give either alpha/beta or segments, not both',
        path: ['segments'],
      });
    }
    input.vendors.forEach((v, i) => {
      if (v.models !== undefined) {
        if (v.quality !== undefined || v.cost !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: 'give quality and cost per model, not on a vendor with models',
            path: ['vendors', i, 'models'],
          });
        }
        return;
      }
      for (const key of ['quality', 'cost'] as const) {
        if (v[key] === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `${key} is required (or give the vendor's models)`,
            path: ['vendors', i, key],
          });
        }
      }
    });
    reportDuplicateIds(
      input.vendors.map((v, i) => ({ id: v.id, path: ['vendors', i, 'id'] })),
      'vendor',
      ctx,
    );
    reportDuplicateIds(
      input.vendors.flatMap((v, i) =>
        (v.models ?? []).map((m, k) => ({ id: m.id, path: ['vendors', i, 'models', k, 'id'] })),
      ),
      'model',
      ctx,
    );
  });
export type EquilibriumInput = z.infer<typeof equilibriumInputSchema>;

export interface EquilibriumResult {
  prices: Record<string, number>;
  shares: Record<string, number>;
  markups: Record<string, number>;
  /** Vendor of each product. */
  vendors: Record<string, string>;
  outside_share: number;
  foc_residual: number;
  iterations: number;
  converged: boolean;
}

export function parseEquilibriumInput(data: unknown, label: string): EquilibriumInput {
  const parsed = equilibriumInputSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = describePath(data, issue.path as Array<string | number>);
    throw new QuadrantError('invalid_argument', `${label}: ${where}: ${issue.message}`, { param: 'input' });
  }
  return parsed.data;
}

export function readEquilibriumInput(file: string): EquilibriumInput {
  const text = readTextFile(file, 'equilibrium input', { param: 'input' });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new QuadrantError(
      'invalid_json',
      `${file}: not valid JSON: ${(err as Error).message.split('\n')[0]}`,
      {
        param: 'input',
      },
    );
  }
  return parseEquilibriumInput(data, file);
}

/** The products of the input with their firm index (a single-product vendor is its own product). */
export function equilibriumProducts(input: EquilibriumInput) {
  return input.vendors.flatMap((v, firm) =>
    v.models
      ? v.models.map((m) => ({ ...m, firm, vendor: v.id }))
      : [{ id: v.id, quality: v.quality!, cost: v.cost!, firm, vendor: v.id }],
  );
}

export function solveEquilibriumInput(input: EquilibriumInput): EquilibriumResult {
  const products = equilibriumProducts(input);
  const segments = input.segments ?? [
    { weight: 1, alpha: input.alpha!, beta: input.beta!, outside_utility: input.outside_utility },
  ];
  const sol = solveBertrandNash({
    costs: products.map((p) => p.cost),
    firm: products.map((p) => p.firm),
    segments: segments.map((s) => ({
      weight: s.weight,
      alpha: s.alpha,
      outsideUtility: s.outside_utility,
      delta: products.map((p) => s.beta * p.quality),
    })),
  });
  if (!sol.converged || !sol.prices.every(Number.isFinite)) {
    throw new QuadrantError(
      'calibration_failed',
      `the Bertrand–Nash prices did not converge (${sol.iterations} iterations, FOC residual ${sol.focResidual.toExponential(2)}) — check alpha and the qualities`,
      { param: 'input' },
    );
  }
  const keyed = (f: (i: number) => number) => Object.fromEntries(products.map((p, i) => [p.id, f(i)]));
  return {
    prices: keyed((i) => sol.prices[i]),
    shares: keyed((i) => sol.shares[i]),
    markups: keyed((i) => sol.prices[i] - products[i].cost),
    vendors: Object.fromEntries(products.map((p) => [p.id, p.vendor])),
    outside_share: sol.outsideShare,
    foc_residual: sol.focResidual,
    iterations: sol.iterations,
    converged: sol.converged,
  };
}
