/**
 * Prices as the gateway needs them, cached per config: the worst-case cost of a request (prompt tokens —
 * counted by prompt-tokens.ts — plus the output limit, at today's catalog price), and the actual cost of an
 * attempt from the usage the provider reported. All amounts exact (decimal.js).
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { requestCost } from '../../catalog/request-cost.ts';
import { isQuadrantError } from '../../errors.ts';
import type { Dec } from '../../pricing/money.ts';
import type { Usage } from '../../providers/types.ts';

export class PriceBook {
  private dateCache = { day: -1, date: '' };
  private readonly qualityCache = new Map<string, number | null>();

  constructor(readonly catalog: Catalog) {}

  /** 'YYYY-MM-DD' (UTC) of an epoch-ms instant, cached per day. */
  dateOf(epochMs: number): string {
    const day = Math.floor(epochMs / 86_400_000);
    if (day !== this.dateCache.day)
      this.dateCache = { day, date: new Date(epochMs).toISOString().slice(0, 10) };
    return this.dateCache.date;
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

  /** Worst-case cost; throws QuadrantError (price_unknown, no_price_on_date, …) when it cannot be priced. */
  worstCaseCost(
    catalogId: string,
    inputTokens: number,
    outputTokens: number,
    currency: string,
    now: number,
  ): Dec {
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
