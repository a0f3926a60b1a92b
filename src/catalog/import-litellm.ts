/**
 * Importer for LiteLLM's price map (model_prices_and_context_window.json): an object keyed by model name
 * with input_cost_per_token, output_cost_per_token, cache_read_input_token_cost, max_input_tokens,
 * max_output_tokens, litellm_provider and mode. Only `mode: "chat"` entries with an input price are
 * imported; `sample_spec` and other modes are skipped. Prices become per_token USD points valid from
 * `date`, source "<file> (LiteLLM)", confidence weak.
 *
 * A key that names a catalog model (id or alias) adds a price point to that model's history; any other key
 * becomes a user model (vendor from litellm_provider, context window from max_input_tokens).
 * A malformed file or entry is an `invalid_import` error naming the key and field; nothing is written.
 */
import { QuadrantError } from '../errors.ts';
import type { CatalogModel } from './catalog.ts';
import type { CatalogAdditions } from './catalog-overrides.ts';
import {
  guessTokenizer,
  MODEL_ID,
  optionalPositiveInt,
  parseJsonFile,
  priceText,
  vendorFor,
} from './import-mapping.ts';
import type { PricePoint } from './schema.ts';

export interface ImportResult {
  additions: Required<CatalogAdditions>;
  skipped: Array<{ key: string; reason: string }>;
}

export interface ImportOptions {
  /** Shown in sources and error messages (the file's base name). */
  fileName: string;
  /** valid_from of the imported prices. */
  date: string;
  /** Does the catalog already know this id (or alias)? Then only a price point is added. */
  knownModel: (id: string) => string | undefined;
}

export function parseLiteLlmPrices(text: string, options: ImportOptions): ImportResult {
  const data = parseJsonFile(text, options.fileName);
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new QuadrantError(
      'invalid_import',
      `${options.fileName}: expected a JSON object keyed by model name`,
    );
  }
  const result: ImportResult = { additions: { models: [], prices: [] }, skipped: [] };
  const source = `${options.fileName} (LiteLLM)`;
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    if (key === 'sample_spec') continue;
    const where = `${options.fileName}: ${key}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new QuadrantError('invalid_import', `${where}: expected an object`);
    }
    const e = raw as Record<string, unknown>;
    if (e.mode !== 'chat') {
      result.skipped.push({ key, reason: `mode ${String(e.mode ?? 'missing')}` });
      continue;
    }
    if (e.input_cost_per_token === undefined) {
      result.skipped.push({ key, reason: 'no input_cost_per_token' });
      continue;
    }
    if (!MODEL_ID.test(key)) {
      result.skipped.push({ key, reason: 'not a usable model id' });
      continue;
    }
    const point: PricePoint = {
      currency: 'USD',
      unit: 'per_token',
      input: priceText(e.input_cost_per_token, `${where}.input_cost_per_token`),
      valid_from: options.date,
      source,
      confidence: 'weak',
    };
    if (e.output_cost_per_token !== undefined) {
      point.output = priceText(e.output_cost_per_token, `${where}.output_cost_per_token`);
    }
    if (e.cache_read_input_token_cost !== undefined && e.cache_read_input_token_cost !== null) {
      point.cached_input = priceText(e.cache_read_input_token_cost, `${where}.cache_read_input_token_cost`);
    }
    const contextWindow = optionalPositiveInt(e.max_input_tokens, `${where}.max_input_tokens`);
    const maxOutput = optionalPositiveInt(e.max_output_tokens, `${where}.max_output_tokens`);
    const known = options.knownModel(key);
    if (known) {
      result.additions.prices.push({ modelId: known, point });
      continue;
    }
    const vendor = vendorFor(typeof e.litellm_provider === 'string' ? e.litellm_provider : 'unknown');
    const model: CatalogModel = {
      id: key,
      name: key,
      vendor,
      status: 'active',
      tokenizer: guessTokenizer(vendor, key),
      prices: [point],
      quality: [],
      note: `imported from ${source}`,
    };
    if (contextWindow !== undefined) model.context_window = contextWindow;
    if (maxOutput !== undefined) model.max_output_tokens = maxOutput;
    result.additions.models.push({ model });
  }
  return result;
}
