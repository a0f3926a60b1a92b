import { z } from 'zod';
import { describePath } from '../describe-path.ts';
import { QuadrantError } from '../errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { solveBertrandNash } from './bertrand-nash.ts';
import { reportDuplicateIds } from './duplicate-ids.ts';

export const equilibriumInputSchema = z
  .strictObject({
    alpha: z.number().gt(0, 'alpha (price sensitivity) must be > 0'),
    beta: z.number().finite(),
    outside_utility: z.number().finite().default(0),
    vendors: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          quality: z.number().finite(),
          cost: z.number().finite().min(0, 'cost must be ≥ 0'),
        }),
      )
      .min(1, 'at least one vendor'),
  })
  .superRefine((input, ctx) =>
    reportDuplicateIds(
      input.vendors.map((v, i) => ({ id: v.id, path: ['vendors', i, 'id'] })),
      'vendor',
      ctx,
    ),
  );
export type EquilibriumInput = z.infer<typeof equilibriumInputSchema>;

export interface EquilibriumResult {
  prices: Record<string, number>;
  shares: Record<string, number>;
  markups: Record<string, number>;
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

export function solveEquilibriumInput(input: EquilibriumInput): EquilibriumResult {
  const sol = solveBertrandNash({
    costs: input.vendors.map((v) => v.cost),
    firm: input.vendors.map((_, i) => i),
    segments: [
      {
        weight: 1,
        alpha: input.alpha,
        outsideUtility: input.outside_utility,
        delta: input.vendors.map((v) => input.beta * v.quality),
      },
    ],
  });
  const keyed = (f: (i: number) => number) => Object.fromEntries(input.vendors.map((v, i) => [v.id, f(i)]));
  return {
    prices: keyed((i) => sol.prices[i]),
    shares: keyed((i) => sol.shares[i]),
    markups: keyed((i) => sol.prices[i] - input.vendors[i].cost),
    outside_share: sol.outsideShare,
    foc_residual: sol.focResidual,
    iterations: sol.iterations,
    converged: sol.converged,
  };
}
