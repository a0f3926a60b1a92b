/** Parses and checks the CLI/dashboard overrides of a simulation (months, runs, seed, price cut %). */
import { QuadrantError } from '../errors.ts';
import type { SimOverrides } from './compile-scenario.ts';

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new QuadrantError(
      'invalid_argument',
      `--${name} must be an integer from ${min} to ${max}, got "${value}"`,
      {
        param: name,
      },
    );
  }
  return n;
}

export function parseSimulateOverrides(flags: {
  months?: string;
  runs?: string;
  seed?: string;
  priceCut?: string;
}): SimOverrides {
  const out: SimOverrides = {
    months: integer(flags.months, 'months', 1, 240),
    runs: integer(flags.runs, 'runs', 1, 100_000),
    seed: integer(flags.seed, 'seed', -(2 ** 53 - 1), 2 ** 53 - 1),
  };
  if (flags.priceCut !== undefined && flags.priceCut !== '') {
    const pct = Number(flags.priceCut);
    if (!Number.isFinite(pct) || pct <= 0 || pct >= 100) {
      throw new QuadrantError(
        'invalid_argument',
        `--price-cut must be a percentage between 0 and 100, got "${flags.priceCut}"`,
        {
          param: 'price-cut',
        },
      );
    }
    out.undercutPct = pct / 100;
  }
  return out;
}
