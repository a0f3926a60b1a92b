/**
 * Prices as the gateway needs them, cached per config: the worst-case cost of a request (prompt tokens —
 * counted by prompt-tokens.ts — plus the output limit, at today's catalog price), and the actual cost of an
 * attempt from the usage the provider reported. All amounts exact (decimal.js).
 *
 * Hot path (issue 12): the price of a model is resolved once per model, currency and day; a model with one
 * untiered price in force then costs its tokens in exact scaled integers (pricing/scaled-integer.ts) and
 * becomes a Dec once — the same value catalog/request-cost.ts computes (property test in price-book.test.ts).
 * Everything else (tiers, prices of more digits, unknown output prices, errors) goes through requestCost.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { requestCost } from '../../catalog/request-cost.ts';
import { isQuadrantError } from '../../errors.ts';
import type { Dec } from '../../pricing/money.ts';
import { dot, fromDec, type Scaled, shift, toDec } from '../../pricing/scaled-integer.ts';
import type { Usage } from '../../providers/types.ts';

/** Per-token prices of a model on a day, exact; null when the fast path does not apply. */
interface TokenPrices {
  input: Scaled;
  output: Scaled;
  cachedInput: Scaled;
  cacheWrite: Scaled;
}

/** decimal.js keeps 50 significant digits: results beyond them (never in practice) go through requestCost. */
const DEC_DIGITS = 50;

export class PriceBook {
  private dateCache: { day: number; date: string } | undefined;
  private readonly qualityCache = new Map<string, number | null>();
  private pricesDay = Number.NaN; // no day yet
  private readonly prices = new Map<string, TokenPrices | null>();

  constructor(readonly catalog: Catalog) {}

  /** 'YYYY-MM-DD' (UTC) of an epoch-ms instant, cached per day. */
  dateOf(epochMs: number): string {
    const day = Math.floor(epochMs / 86_400_000);
    let cache = this.dateCache;
    if (cache?.day !== day) {
      cache = { day, date: new Date(epochMs).toISOString().slice(0, 10) };
      this.dateCache = cache;
    }
    return cache.date;
  }

  maxOutputTokens(catalogId: string): number | undefined {
    return this.catalog.hasModel(catalogId) ? this.catalog.model(catalogId).max_output_tokens : undefined;
  }

  quality(catalogId: string): number | null {
    let q = this.qualityCache.get(catalogId);
    if (q === undefined) {
      q = this.catalog.hasModel(catalogId) ? this.catalog.qualityIndex(catalogId) : null;
      this.qualityCache.set(catalogId, q);
    }
    return q;
  }

  /** The model's per-token prices today in `currency` when one untiered price is in force, else null. */
  private tokenPrices(catalogId: string, currency: string, now: number): TokenPrices | null {
    const day = Math.floor(now / 86_400_000);
    if (day !== this.pricesDay) {
      this.prices.clear();
      this.pricesDay = day;
    }
    const key = `${catalogId}\u0000${currency}`;
    let p = this.prices.get(key);
    if (p === undefined) {
      p = this.resolveTokenPrices(catalogId, currency, this.dateOf(now));
      this.prices.set(key, p);
    }
    return p;
  }

  /** Null (the general path, which reports any error) unless the fast path applies. */
  private resolveTokenPrices(catalogId: string, currency: string, date: string): TokenPrices | null {
    let price: ReturnType<Catalog['priceOn']>;
    try {
      if (this.catalog.model(catalogId).prices.some((pt) => pt.tier !== undefined)) return null;
      price = this.catalog.priceOn(catalogId, date, { currency });
    } catch {
      return null;
    }
    if (price.outputPerMillion === undefined) return null;
    const perToken = (d: Dec) => {
      const s = fromDec(d);
      return s && shift(s, 6);
    };
    const input = perToken(price.inputPerMillion);
    const output = perToken(price.outputPerMillion);
    const cachedInput = perToken(price.cachedInputPerMillion ?? price.inputPerMillion);
    const cacheWrite = perToken(price.cacheWritePerMillion ?? price.inputPerMillion);
    return input && output && cachedInput && cacheWrite ? { input, output, cachedInput, cacheWrite } : null;
  }

  /** The exact cost through the fast path, or undefined when it does not apply. */
  private fastCost(
    catalogId: string,
    currency: string,
    now: number,
    plain: number,
    cached: number,
    cacheWrite: number,
    output: number,
  ): Dec | undefined {
    const p = this.tokenPrices(catalogId, currency, now);
    if (!p) return undefined;
    if (!(plain >= 0 && cached >= 0 && cacheWrite >= 0 && output >= 0)) return undefined;
    if (!Number.isSafeInteger(plain + cached + cacheWrite + output)) return undefined;
    const total = dot([
      [plain, p.input],
      [cached, p.cachedInput],
      [cacheWrite, p.cacheWrite],
      [output, p.output],
    ]);
    // every partial sum of decimal.js then fits its 50 digits, so its result is this one
    if (total.mantissa.toString().length > DEC_DIGITS) return undefined;
    return toDec(total);
  }

  /** Worst-case cost; throws QuadrantError (price_unknown, no_price_on_date, …) when it cannot be priced. */
  worstCaseCost(
    catalogId: string,
    inputTokens: number,
    outputTokens: number,
    currency: string,
    now: number,
  ): Dec {
    const fast = this.fastCost(catalogId, currency, now, inputTokens, 0, 0, outputTokens);
    if (fast) return fast;
    return requestCost(this.catalog, {
      model: catalogId,
      date: this.dateOf(now),
      currency,
      inputTokens,
      outputTokens,
      allowOverLimit: true,
    }).totalCost;
  }

  /** Estimated cost for ranking candidates; null when unknown. */
  estimateCost(
    catalogId: string,
    inputTokens: number,
    outputTokens: number,
    currency: string,
    now: number,
  ): Dec | null {
    try {
      return this.worstCaseCost(catalogId, inputTokens, outputTokens, currency, now);
    } catch (err) {
      if (isQuadrantError(err)) return null;
      throw err;
    }
  }

  /** The cost of what the provider reported; null when the catalog cannot price it. */
  actualCost(catalogId: string, usage: Usage, currency: string, now: number): Dec | null {
    const input = Math.max(usage.inputTokens, usage.cachedInputTokens + usage.cacheWriteTokens);
    const fast = this.fastCost(
      catalogId,
      currency,
      now,
      input - usage.cachedInputTokens - usage.cacheWriteTokens,
      usage.cachedInputTokens,
      usage.cacheWriteTokens,
      usage.outputTokens,
    );
    if (fast) return fast;
    try {
      return requestCost(this.catalog, {
        model: catalogId,
        date: this.dateOf(now),
        currency,
        inputTokens: Math.max(usage.inputTokens, usage.cachedInputTokens + usage.cacheWriteTokens),
        cachedInputTokens: usage.cachedInputTokens,
        cacheWriteTokens: usage.cacheWriteTokens,
        outputTokens: usage.outputTokens,
        allowOverLimit: true,
      }).totalCost;
    } catch (err) {
      if (isQuadrantError(err)) return null;
      throw err;
    }
  }
}
