/**
 * Savings in money: what the prompts would cost sent all to the strong model versus routed, at catalog
 * prices on a date. The data's models are priced "as" catalog models (`--price-as weak=ID,strong=ID`):
 * each prompt's input tokens are counted with that catalog model's tokenizer (src/tokenize), each request
 * is costed by the pricing engine (exact decimals). Output tokens are not in RouteLLM's data; a fixed
 * count per request may be assumed (default 0: prompt tokens only) and is reported with the result.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { requestCost } from '../catalog/request-cost.ts';
import { QuadrantError } from '../errors.ts';
import { Dec, decimalString } from '../pricing/money.ts';
import { countTokens } from '../tokenize/index.ts';

export interface PriceAs {
  weak: string;
  strong: string;
}

export function parsePriceAs(text: string): PriceAs {
  const out: Partial<PriceAs> = {};
  for (const part of text.split(',')) {
    const m = /^\s*(weak|strong)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) {
      throw new QuadrantError(
        'invalid_argument',
        `--price-as must look like weak=MODEL,strong=MODEL (catalog ids), got "${text}"`,
      );
    }
    out[m[1] as keyof PriceAs] = m[2];
  }
  if (!out.weak || !out.strong) {
    throw new QuadrantError(
      'invalid_argument',
      `--price-as needs both weak=MODEL and strong=MODEL, got "${text}"`,
    );
  }
  return out as PriceAs;
}

export interface PromptCosts {
  weak: Dec[];
  strong: Dec[];
  currency: string;
  tokens: { weak: number; strong: number };
  tokenizers: { weak: string; strong: string };
}

export function promptCosts(
  catalog: Catalog,
  prompts: readonly string[],
  priceAs: PriceAs,
  date: string,
  outputTokens: number,
): PromptCosts {
  const side = (model: string) => {
    catalog.model(model); // unknown ids: a clear unknown_model error
    let tokens = 0;
    let currency = '';
    let tokenizer = '';
    const costs = prompts.map((prompt) => {
      const count = countTokens(model, prompt, catalog);
      tokens += count.tokens;
      tokenizer = count.tokenizer;
      const cost = requestCost(catalog, {
        model,
        date,
        inputTokens: count.tokens,
        outputTokens,
        currency: currency || undefined,
        allowOverLimit: true,
      });
      currency = cost.currency;
      return cost.totalCost;
    });
    return { costs, tokens, currency, tokenizer };
  };
  const weak = side(priceAs.weak);
  const strong = side(priceAs.strong);
  // costs compare in one currency: convert the weak side if the strong side's currency differs
  const weakCosts =
    weak.currency === strong.currency
      ? weak.costs
      : prompts.map((prompt) => {
          const t = countTokens(priceAs.weak, prompt, catalog).tokens;
          return requestCost(catalog, {
            model: priceAs.weak,
            date,
            inputTokens: t,
            outputTokens,
            currency: strong.currency,
            allowOverLimit: true,
          }).totalCost;
        });
  return {
    weak: weakCosts,
    strong: strong.costs,
    currency: strong.currency,
    tokens: { weak: weak.tokens, strong: strong.tokens },
    tokenizers: { weak: weak.tokenizer, strong: strong.tokenizer },
  };
}

export interface Savings {
  amount: string;
  currency: string;
  /** Saved / always-strong cost. */
  share: number;
  always_strong_cost: string;
  routed_cost: string;
  always_weak_cost: string;
  strong_calls: number;
}

/** Savings when the prompts flagged in `toStrong` go to the strong model and the rest to the weak one. */
export function routedSavings(costs: PromptCosts, toStrong: ArrayLike<boolean | number>): Savings {
  let allStrong = new Dec(0);
  let allWeak = new Dec(0);
  let routed = new Dec(0);
  let strongCalls = 0;
  for (let i = 0; i < costs.strong.length; i++) {
    allStrong = allStrong.plus(costs.strong[i]);
    allWeak = allWeak.plus(costs.weak[i]);
    if (toStrong[i]) {
      routed = routed.plus(costs.strong[i]);
      strongCalls++;
    } else routed = routed.plus(costs.weak[i]);
  }
  const saved = allStrong.minus(routed);
  return {
    amount: decimalString(saved),
    currency: costs.currency,
    share: allStrong.isZero() ? 0 : saved.div(allStrong).toNumber(),
    always_strong_cost: decimalString(allStrong),
    routed_cost: decimalString(routed),
    always_weak_cost: decimalString(allWeak),
    strong_calls: strongCalls,
  };
}
