/**
 * Tolerant readers of the two public price feeds, LiteLLM's model_prices_and_context_window.json and
 * OpenRouter's /api/v1/models response, into one entry shape (USD per token as exact decimal text).
 *
 * Tolerant of the real files: top-level keys that are not model entries (`sample_spec`, `last_updated`,
 * `fallback_generalizations`, …), zero or missing token limits (read as unknown), non-chat modes, and entries
 * without a usable price are SKIPPED with a reason; only a file that is not JSON or not the expected overall
 * shape is an error.
 */
import { QuadrantError } from '../errors.ts';
import { dec, decimalString, isDecimalText } from '../pricing/money.ts';
import { MODEL_ID, parseJsonFile, vendorFor } from './import-mapping.ts';

export type FeedFormat = 'litellm' | 'openrouter';

export interface FeedEntry {
  /** The key (LiteLLM) or id (OpenRouter) as in the file, e.g. "dashscope/qwen-max". */
  key: string;
  /** The provider that sells at this price (litellm_provider; OpenRouter: "openrouter"). */
  provider: string;
  /** Catalog vendor id of the model's maker, when the key or provider names it. */
  vendor: string;
  /** USD per token, exact decimal text. */
  input: string;
  output?: string;
  cachedInput?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
}

export interface FeedRead {
  entries: FeedEntry[];
  skipped: Array<{ key: string; reason: string }>;
  /** The file's own date, when it carries one (LiteLLM mirrors add `last_updated`). */
  fileDate?: string;
}

/** A USD-per-token price as exact text; undefined when absent, null when present but unusable. */
function tokenPrice(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    return decimalString(dec(String(value)));
  if (typeof value === 'string' && isDecimalText(value) && !value.trim().startsWith('-'))
    return decimalString(dec(value));
  return null;
}

/** A positive whole number of tokens; 0, negatives, text and absence are "unknown". */
function tokenLimit(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function isoDateOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return m && !Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) ? m[1] : undefined;
}

export function readLiteLlmFeed(text: string, fileName: string): FeedRead {
  const data = parseJsonFile(text, fileName);
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new QuadrantError('invalid_import', `${fileName}: expected a JSON object keyed by model name`);
  }
  const out: FeedRead = { entries: [], skipped: [] };
  const record = data as Record<string, unknown>;
  out.fileDate = isoDateOf(record.last_updated);
  for (const [key, raw] of Object.entries(record)) {
    if (
      key === 'sample_spec' ||
      !raw ||
      typeof raw !== 'object' ||
      Array.isArray(raw) ||
      !('litellm_provider' in raw)
    ) {
      out.skipped.push({ key, reason: 'not a model entry' });
      continue;
    }
    const e = raw as Record<string, unknown>;
    if (e.mode !== 'chat') {
      out.skipped.push({ key, reason: `mode ${String(e.mode ?? 'missing')}` });
      continue;
    }
    const input = tokenPrice(e.input_cost_per_token);
    const output = tokenPrice(e.output_cost_per_token);
    if (input === undefined || input === null || output === null) {
      out.skipped.push({ key, reason: 'no usable input/output price per token' });
      continue;
    }
    if (!MODEL_ID.test(key)) {
      out.skipped.push({ key, reason: 'not a usable model id' });
      continue;
    }
    const provider = typeof e.litellm_provider === 'string' ? e.litellm_provider : 'unknown';
    const cached = tokenPrice(e.cache_read_input_token_cost);
    out.entries.push({
      key,
      provider,
      vendor: vendorFor(provider),
      input,
      ...(output !== undefined ? { output } : {}),
      ...(cached ? { cachedInput: cached } : {}),
      ...(tokenLimit(e.max_input_tokens) ? { contextWindow: tokenLimit(e.max_input_tokens) } : {}),
      ...(tokenLimit(e.max_output_tokens) ? { maxOutputTokens: tokenLimit(e.max_output_tokens) } : {}),
    });
  }
  return out;
}

export function readOpenRouterFeed(text: string, fileName: string): FeedRead {
  const body = parseJsonFile(text, fileName) as { data?: unknown } | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
    throw new QuadrantError(
      'invalid_import',
      `${fileName}: expected {"data": [...]} (the /api/v1/models response)`,
    );
  }
  const out: FeedRead = { entries: [], skipped: [] };
  for (const [i, raw] of body.data.entries()) {
    const e = (raw ?? {}) as Record<string, unknown>;
    const key = typeof e.id === 'string' ? e.id : `data[${i}]`;
    const pricing = (e.pricing ?? {}) as Record<string, unknown>;
    const input = tokenPrice(pricing.prompt);
    const output = tokenPrice(pricing.completion);
    if (typeof e.id !== 'string' || !MODEL_ID.test(e.id)) {
      out.skipped.push({ key, reason: 'not a usable model id' });
      continue;
    }
    if (input === undefined || input === null || output === null) {
      out.skipped.push({ key, reason: 'no usable prompt/completion price (variable-priced router?)' });
      continue;
    }
    const cached = tokenPrice(pricing.input_cache_read);
    const top = (e.top_provider ?? {}) as Record<string, unknown>;
    const maker = e.id.includes('/') ? e.id.split('/')[0] : 'openrouter';
    out.entries.push({
      key: e.id,
      provider: 'openrouter',
      vendor: vendorFor(maker),
      input,
      ...(output !== undefined ? { output } : {}),
      ...(cached ? { cachedInput: cached } : {}),
      ...(tokenLimit(e.context_length) ? { contextWindow: tokenLimit(e.context_length) } : {}),
      ...(tokenLimit(top.max_completion_tokens)
        ? { maxOutputTokens: tokenLimit(top.max_completion_tokens) }
        : {}),
    });
  }
  return out;
}

export function readFeed(format: FeedFormat, text: string, fileName: string): FeedRead {
  return format === 'litellm' ? readLiteLlmFeed(text, fileName) : readOpenRouterFeed(text, fileName);
}
