/**
 * Price units as vendors publish them, and exact conversions between them.
 * The canonical internal unit is "per 1M tokens".
 */
import { QuadrantError } from '../errors.ts';
import { Dec, dec } from './money.ts';

export const PRICE_UNITS = ['per_token', 'per_1k_tokens', 'per_1m_tokens'] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

const TOKENS_PER_UNIT: Record<PriceUnit, number> = {
  per_token: 1,
  per_1k_tokens: 1_000,
  per_1m_tokens: 1_000_000,
};

/** Converts a price from one unit to another exactly (e.g. 0.0008 per 1k → 0.8 per 1M). */
export function convertPriceUnit(price: Dec | string, from: PriceUnit, to: PriceUnit): Dec {
  return dec(price).times(TOKENS_PER_UNIT[to]).dividedBy(TOKENS_PER_UNIT[from]);
}

export function perMillion(price: Dec | string, unit: PriceUnit): Dec {
  return convertPriceUnit(price, unit, 'per_1m_tokens');
}

/** Cost of `tokens` tokens at `pricePerMillion`. */
export function tokenCost(tokens: number | bigint, pricePerMillion: Dec): Dec {
  return new Dec(tokens.toString()).times(pricePerMillion).dividedBy(1_000_000);
}

export interface BlendRatio {
  input: number;
  output: number;
}

/** Artificial Analysis' 3 input : 1 output. */
export const DEFAULT_BLEND: BlendRatio = { input: 3, output: 1 };

/** "3:1", "1:1", "10:1" → a ratio; anything else is a clear error. */
export function parseBlendRatio(text: string): BlendRatio {
  const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const ratio = m ? { input: Number(m[1]), output: Number(m[2]) } : undefined;
  if (!ratio || ratio.input + ratio.output === 0) {
    throw new QuadrantError(
      'invalid_argument',
      `--blend must be INPUT:OUTPUT weights such as 3:1 or 1:1, got "${text}"`,
      {
        param: 'blend',
      },
    );
  }
  return ratio;
}

export function formatBlendRatio(r: BlendRatio): string {
  return `${r.input}:${r.output}`;
}

/**
 * Blended price per 1M tokens, the Artificial Analysis convention: a weighted average of input and output
 * prices with `inputWeight : outputWeight` (default 3:1) → (3·input + output) / 4.
 */
export function blendedPricePerMillion(
  inputPerMillion: Dec,
  outputPerMillion: Dec,
  ratio: BlendRatio = DEFAULT_BLEND,
): Dec {
  if (ratio.input < 0 || ratio.output < 0 || ratio.input + ratio.output === 0) {
    throw new RangeError('blend ratio weights must be non-negative and not both zero');
  }
  return inputPerMillion
    .times(ratio.input)
    .plus(outputPerMillion.times(ratio.output))
    .dividedBy(ratio.input + ratio.output);
}
