/**
 * Shared by the LiteLLM and OpenRouter importers: provider names → catalog vendor ids, a tokenizer guess
 * for models the built-in catalog lacks, and exact decimal text from JSON numbers.
 */
import { QuadrantError } from '../errors.ts';
import { dec, decimalString, isDecimalText } from '../pricing/money.ts';
import type { Model } from './schema.ts';

/** LiteLLM `litellm_provider` values and OpenRouter id prefixes → vendor ids of data/catalog/vendors.yaml. */
const VENDOR_ALIASES: Record<string, string> = {
  openai: 'openai',
  'text-completion-openai': 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  google: 'google',
  'vertex_ai-language-models': 'google',
  deepseek: 'deepseek',
  dashscope: 'alibaba',
  qwen: 'alibaba',
  alibaba: 'alibaba',
  volcengine: 'bytedance',
  bytedance: 'bytedance',
  zhipuai: 'zhipu',
  'z-ai': 'zhipu',
  thudm: 'zhipu',
  moonshot: 'moonshot',
  moonshotai: 'moonshot',
  mistral: 'mistral',
  mistralai: 'mistral',
  'meta-llama': 'meta',
  meta_llama: 'meta',
  xai: 'xai',
  'x-ai': 'xai',
  minimax: 'minimax',
  baidu: 'baidu',
  tencent: 'tencent',
};

/** The catalog vendor id for a provider name, else the name itself as a slug. */
export function vendorFor(provider: string): string {
  const key = provider.trim().toLowerCase();
  return VENDOR_ALIASES[key] ?? (key.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown');
}

/** The tokenizer a new model most likely uses (exact only where the family is certain). */
export function guessTokenizer(vendor: string, modelId: string): Model['tokenizer'] {
  const id = modelId.toLowerCase().split('/').pop() ?? '';
  if (vendor === 'openai') {
    if (/^(gpt-4o|gpt-4\.1|gpt-5|o1|o3|o4|chatgpt-4o)/.test(id)) return 'o200k_base';
    if (/^(gpt-4|gpt-3\.5)/.test(id)) return 'cl100k_base';
    return 'estimate';
  }
  if (vendor === 'alibaba' && /^(qwen|qwq)/.test(id)) return 'qwen';
  if (vendor === 'deepseek' && /^deepseek-(chat|reasoner|v3|r1)/.test(id)) return 'deepseek';
  return 'estimate';
}

/** Exact decimal text for a price read from JSON (numbers via their shortest round-trip text). */
export function priceText(value: unknown, where: string): string {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    return decimalString(dec(String(value)));
  if (typeof value === 'string' && isDecimalText(value) && !value.trim().startsWith('-')) {
    return decimalString(dec(value));
  }
  throw new QuadrantError(
    'invalid_import',
    `${where}: expected a non-negative price, got ${JSON.stringify(value)}`,
  );
}

export function optionalPositiveInt(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new QuadrantError(
    'invalid_import',
    `${where}: expected a positive whole number, got ${JSON.stringify(value)}`,
  );
}

export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

export function parseJsonFile(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new QuadrantError(
      'invalid_import',
      `${label}: not valid JSON: ${(err as Error).message.split('\n')[0]}`,
    );
  }
}
