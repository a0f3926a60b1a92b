/**
 * A fast exact representation of decimal amounts for the gateway's hot path: a BigInt mantissa and a decimal
 * scale (value = mantissa × 10^-scale). Multiplying by whole token counts and adding are exact integer
 * operations; the result becomes a decimal.js `Dec` once, at the end. Callers keep the operands small enough
 * (see MAX_EXACT_DIGITS) that decimal.js's 50 significant digits would have held the same result exactly, so
 * both representations agree digit for digit (proved by the property test beside this file).
 */
import { Dec } from './money.ts';

export interface Scaled {
  readonly mantissa: bigint;
  readonly scale: number;
}

/** Prices with more significant digits than this (e.g. FX-converted at 50 digits) stay on decimal.js. */
export const MAX_EXACT_DIGITS = 24;

const POW10: bigint[] = [];
function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

/** The exact scaled form of a finite Dec, or null when it has more than MAX_EXACT_DIGITS significant digits. */
export function fromDec(d: Dec): Scaled | null {
  if (!d.isFinite() || d.precision(true) > MAX_EXACT_DIGITS) return null;
  const text = d.toFixed();
  const dot = text.indexOf('.');
  if (dot === -1) return { mantissa: BigInt(text), scale: 0 };
  return { mantissa: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

/** `a` divided by 10^n (exact: only the scale moves). */
export function shift(a: Scaled, n: number): Scaled {
  return { mantissa: a.mantissa, scale: a.scale + n };
}

/** Σ tokens_i × price_i, exactly; token counts must be safe integers. */
export function dot(terms: ReadonlyArray<readonly [tokens: number, price: Scaled]>): Scaled {
  let scale = 0;
  for (const [, p] of terms) if (p.scale > scale) scale = p.scale;
  let mantissa = 0n;
  for (const [tokens, p] of terms)
    if (tokens !== 0) mantissa += BigInt(tokens) * p.mantissa * pow10(scale - p.scale);
  return { mantissa, scale };
}

export function toDec(a: Scaled): Dec {
  if (a.mantissa === 0n) return new Dec(0);
  return new Dec(a.scale === 0 ? a.mantissa.toString() : `${a.mantissa}e-${a.scale}`);
}
