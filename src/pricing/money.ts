/**
 * Exact money. Every price and cost is a decimal.js `Decimal` (never a binary float) and every amount
 * carries its currency. Nothing is rounded until it is displayed.
 */
import { Decimal } from 'decimal.js';

export const Dec = Decimal.clone({
  precision: 50,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof Dec>;

const DECIMAL_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Parses a decimal string exactly; rejects binary floats on purpose (pass strings or integers). */
export function dec(value: string | number | bigint | Dec): Dec {
  if (value instanceof Dec) return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new TypeError(`dec(): pass non-integer amounts as strings, got the number ${value}`);
    }
    return new Dec(value);
  }
  if (typeof value === 'bigint') return new Dec(value.toString());
  const text = value.trim();
  if (!DECIMAL_TEXT.test(text)) throw new TypeError(`not a decimal number: "${value}"`);
  return new Dec(text);
}

export function isDecimalText(value: string): boolean {
  return DECIMAL_TEXT.test(value.trim());
}

export interface Money {
  readonly amount: Dec;
  readonly currency: string;
}

export function money(amount: string | number | Dec, currency: string): Money {
  return { amount: dec(amount), currency: currency.toUpperCase() };
}

/**
 * The decimal string used in JSON output and the ledger: exact, no exponent, trailing zeros trimmed
 * ("0.8", "20", "0.000125").
 */
export function decimalString(d: Dec): string {
  const s = d.toFixed();
  if (!s.includes('.')) return s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
}

/**
 * The output boundary for money (API `usage.cost`, `x-quadrant-cost`, CLI and report figures): rounded ONCE,
 * here, to {@link MONEY_OUTPUT_PLACES} decimal places, half-even, then printed as {@link decimalString}.
 * FX-converted amounts otherwise carry 50 significant digits. Ledger rows, budgets and sums stay exact.
 */
export const MONEY_OUTPUT_PLACES = 12;

export function moneyOutputString(d: Dec): string {
  return decimalString(d.toDecimalPlaces(MONEY_OUTPUT_PLACES, Dec.ROUND_HALF_EVEN));
}

/** Rounded for people: `places` decimals (default: enough for the magnitude). */
export function formatAmount(d: Dec, places?: number): string {
  if (places !== undefined) return d.toFixed(places);
  const abs = d.abs();
  if (abs.isZero()) return '0';
  if (abs.gte(100)) return d.toFixed(2);
  if (abs.gte(1)) return d.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return decimalString(d.toSignificantDigits(6));
}
