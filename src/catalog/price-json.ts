/**
 * Stable JSON shapes of prices and FX used by the CLI's --json output (and anyone else who prints prices):
 * money as exact decimal strings (decimalString), unknown figures as null.
 */

import { type Dec, decimalString } from '../pricing/money.ts';
import { type BlendRatio, blendedPricePerMillion } from '../pricing/units.ts';
import type { ResolvedPrice } from './catalog.ts';
import type { FxUsed } from './fx-table.ts';

export interface FxJson {
  rate: string;
  date: string;
  source: string;
  /** central_parity, reference, market or unlabelled (the rate's kind as published). */
  kind: string;
}

export interface PriceJson {
  currency: string;
  input_per_million: string;
  output_per_million: string | null;
  cached_input_per_million: string | null;
  blended_per_million: string | null;
  /** The point as published. */
  published: { currency: string; unit: string; valid_from: string; valid_to: string | null };
  source: string;
  confidence: string;
  fx: FxJson | null;
}

export function decOrNull(d: Dec | undefined): string | null {
  return d === undefined ? null : decimalString(d);
}

export function fxJson(fx: FxUsed | null): FxJson | null {
  return fx ? { rate: fx.rate, date: fx.date, source: fx.source, kind: fx.kind } : null;
}

export function blendedOf(price: ResolvedPrice, blend?: BlendRatio): Dec | undefined {
  return price.outputPerMillion === undefined
    ? undefined
    : blendedPricePerMillion(price.inputPerMillion, price.outputPerMillion, blend);
}

export function priceJson(price: ResolvedPrice, blend?: BlendRatio): PriceJson {
  return {
    currency: price.currency,
    input_per_million: decimalString(price.inputPerMillion),
    output_per_million: decOrNull(price.outputPerMillion),
    cached_input_per_million: decOrNull(price.cachedInputPerMillion),
    blended_per_million: decOrNull(blendedOf(price, blend)),
    published: {
      currency: price.point.currency,
      unit: price.point.unit,
      valid_from: price.point.valid_from,
      valid_to: price.point.valid_to ?? null,
    },
    source: price.point.source,
    confidence: price.point.confidence,
    fx: fxJson(price.fx),
  };
}
