/**
 * Prompt tokens for admission (budgets, tpm limits, `cheapest`), counted with each candidate's own tokenizer
 * with bounded work per request: small prompts on this thread, anything bigger than `syncMaxBytes` in the
 * prompt-count worker pool; both within the per-request time budget (past it, the rest of the prompt is bounded
 * by its UTF-8 byte length, so the reservation stays an upper bound). A declared estimate (no vocabulary for
 * the model) is raised by ESTIMATE_MARGIN for the same reason.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import {
  type ChatPromptLike,
  countBudget,
  countingIdentity,
  countPromptTokens,
} from '../../tokenize/index.ts';
import { PromptCountPool, promptByteBound } from '../../tokenize/prompt-count-pool.ts';

/** Estimated token counts are within ~15% of exact ones on our fixtures (src/tokenize); reserve with 25% headroom. */
const ESTIMATE_MARGIN = 1.25;

export interface CountedPrompt {
  /** Tokens to reserve on (estimates raised by the margin). */
  tokens: number;
  exact: boolean;
  /** The time budget ran out: `tokens` is an upper bound. */
  overBudget: boolean;
}

/** A synchronous prompt counter (tests inject one; the default is tokenize's countPromptTokens). */
export type CountPrompt = (catalogId: string, prompt: ChatPromptLike) => { tokens: number; exact: boolean };

export interface PromptCountingOptions {
  /** Prompts up to this many request-body bytes are counted on the event loop. */
  syncMaxBytes: number;
  /** Time budget of one request's counting, in ms. */
  budgetMs: number;
  /** Worker threads for bigger prompts (0: none; bigger prompts then get the byte upper bound). */
  workers: number;
  /** Catalog models whose tokenizers the workers load at start. */
  warm: string[];
}

export class PromptCounting {
  private readonly pool: PromptCountPool | undefined;

  constructor(
    private readonly catalog: Catalog,
    private readonly options: PromptCountingOptions,
    private readonly injected?: CountPrompt,
  ) {
    if (!injected && options.workers > 0) {
      this.pool = new PromptCountPool(catalog, { size: options.workers, warm: options.warm });
    }
  }

  /** Loads the tokenizers of these models on this thread (small prompts are counted here). */
  warm(catalogIds: Iterable<string>): void {
    for (const id of catalogIds) this.countHere(id, { messages: [{ role: 'user', content: 'warm up' }] });
  }

  private countHere(catalogId: string, prompt: ChatPromptLike, budgetMs?: number): CountedPrompt {
    try {
      const counted = this.injected
        ? { ...this.injected(catalogId, prompt), overBudget: false }
        : countPromptTokens(
            catalogId,
            prompt,
            this.catalog,
            budgetMs === undefined ? undefined : countBudget(budgetMs),
          );
      return reserveOn(counted);
    } catch {
      // a model the catalog cannot tokenise: the byte bound is always an upper bound
      return { tokens: promptByteBound(prompt), exact: false, overBudget: false };
    }
  }

  /** Models counted alike share a key (one count per tokenizer per request); an unknown model keys itself. */
  private identity(catalogId: string): unknown {
    try {
      return countingIdentity(catalogId, this.catalog);
    } catch {
      return catalogId;
    }
  }

  /** Tokens of `prompt` for each catalog model; `sizeBytes` is the request body's size. */
  async count(
    catalogIds: string[],
    prompt: ChatPromptLike,
    sizeBytes: number,
  ): Promise<Map<string, CountedPrompt>> {
    const ids = [...new Set(catalogIds)];
    const out = new Map<string, CountedPrompt>();
    if (this.injected || !this.pool || sizeBytes <= this.options.syncMaxBytes) {
      if (!this.injected && !this.pool && sizeBytes > this.options.syncMaxBytes) {
        const bound = promptByteBound(prompt);
        for (const id of ids) out.set(id, { tokens: bound, exact: false, overBudget: true });
        return out;
      }
      const byCounter = new Map<unknown, CountedPrompt>();
      for (const id of ids) {
        const key = this.injected ? id : this.identity(id);
        let counted = byCounter.get(key);
        if (counted === undefined) {
          counted = this.countHere(id, prompt, this.options.budgetMs);
          byCounter.set(key, counted);
        }
        out.set(id, counted);
      }
      return out;
    }
    const counts = await this.pool.count(ids, prompt, Date.now() + this.options.budgetMs);
    for (const id of ids) {
      const c = counts[id];
      out.set(
        id,
        c && !('error' in c)
          ? reserveOn(c)
          : { tokens: promptByteBound(prompt), exact: false, overBudget: false },
      );
    }
    return out;
  }

  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }
}

function reserveOn(c: { tokens: number; exact: boolean; overBudget?: boolean }): CountedPrompt {
  const tokens = c.exact ? c.tokens : Math.ceil(c.tokens * ESTIMATE_MARGIN);
  return { tokens, exact: c.exact, overBudget: c.overBudget ?? false };
}
