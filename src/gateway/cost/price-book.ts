/**
 * Prices and token counts as the gateway needs them, cached per config: the worst-case cost of a request
 * (prompt tokens with the model's own tokenizer + max output tokens, at today's catalog price), and the
 * actual cost of an attempt from the usage the provider reported. All amounts exact (decimal.js).
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { requestCost } from '../../catalog/request-cost.ts';
import { isQuadrantError } from '../../errors.ts';
import type { Dec } from '../../pricing/money.ts';
import type { Usage } from '../../providers/types.ts';

export type CountTokens = (modelId: string, text: string) => { tokens: number; exact: boolean };

/** Fallback when no tokenizer module is available: ~4 characters per token, rounded up (over-estimates CJK less well). */
export const estimateTokens: CountTokens = (_modelId, text) => ({
  tokens: Math.ceil(text.length / 3),
  exact: false,
});

/** Estimated token counts are within ~15% of exact ones on our fixtures (src/tokenize); reserve with 25% headroom. */
const ESTIMATE_MARGIN = 1.25;

/** Tokens the chat format adds per message (role markers), a conservative allowance. */
const PER_MESSAGE_OVERHEAD = 4;

function contentText(content: unknown, out: string[]): void {
  if (typeof content === 'string') out.push(content);
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
        out.push((part as { text: string }).text);
      }
    }
  }
}

/** The text a prompt's tokens are counted from: message contents, tool calls and tool definitions. */
export function promptText(messages: Array<Record<string, unknown>>, tools?: unknown[]): string {
  const out: string[] = [];
  for (const m of messages) {
    contentText(m.content, out);
    if (m.tool_calls) out.push(JSON.stringify(m.tool_calls));
  }
  if (tools && tools.length > 0) out.push(JSON.stringify(tools));
  return out.join('\n');
}

export class PriceBook {
  private dateCache = { day: -1, date: '' };
  private readonly qualityCache = new Map<string, number | null>();

  constructor(
    readonly catalog: Catalog,
    private readonly countTokens: CountTokens,
  ) {}

  /** 'YYYY-MM-DD' (UTC) of an epoch-ms instant, cached per day. */
  dateOf(epochMs: number): string {
    const day = Math.floor(epochMs / 86_400_000);
    if (day !== this.dateCache.day)
      this.dateCache = { day, date: new Date(epochMs).toISOString().slice(0, 10) };
    return this.dateCache.date;
  }

  /**
   * Prompt tokens for budgets, rate limits and `cheapest`. A declared estimate (no vocabulary for the model) is
   * raised by ESTIMATE_MARGIN, so a budget's worst case stays an upper bound of what the provider will count.
   */
  promptTokens(catalogId: string, text: string, messageCount: number): number {
    let counted: { tokens: number; exact: boolean };
    try {
      counted = this.countTokens(catalogId, text);
    } catch {
      counted = estimateTokens(catalogId, text);
    }
    const tokens = counted.exact ? counted.tokens : Math.ceil(counted.tokens * ESTIMATE_MARGIN);
    return tokens + PER_MESSAGE_OVERHEAD * messageCount;
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
