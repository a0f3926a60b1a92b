/**
 * Importer for OpenRouter's model list (GET /api/v1/models): data[] with id, name, context_length,
 * pricing.prompt / pricing.completion / pricing.input_cache_read (USD per token, as strings), created
 * (unix seconds) and top_provider.max_completion_tokens. Each entry becomes a user model under its
 * OpenRouter id ("openai/gpt-4o": a reseller's offer, kept apart from the vendor's own model), with one
 * per_token USD price point valid from `date`, source "<file> (OpenRouter /api/v1/models)", confidence
 * secondary (OpenRouter's own published price, read from a user-supplied snapshot).
 * Entries with a negative price (OpenRouter marks variable-priced routers with "-1") are skipped.
 */
import { QuadrantError } from '../errors.ts';
import type { CatalogModel } from './catalog.ts';
import type { ImportOptions, ImportResult } from './import-litellm.ts';
import {
  guessTokenizer,
  MODEL_ID,
  optionalPositiveInt,
  parseJsonFile,
  priceText,
  vendorFor,
} from './import-mapping.ts';
import type { PricePoint } from './schema.ts';

export function parseOpenRouterModels(text: string, options: ImportOptions): ImportResult {
  const body = parseJsonFile(text, options.fileName) as { data?: unknown } | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
    throw new QuadrantError(
      'invalid_import',
      `${options.fileName}: expected {"data": [...]} (the /api/v1/models response)`,
    );
  }
  const result: ImportResult = { additions: { models: [], prices: [] }, skipped: [] };
  const source = `${options.fileName} (OpenRouter /api/v1/models)`;
  body.data.forEach((raw: unknown, i: number) => {
    const where = `${options.fileName}: data[${i}]`;
    if (!raw || typeof raw !== 'object')
      throw new QuadrantError('invalid_import', `${where}: expected an object`);
    const e = raw as Record<string, unknown>;
    if (typeof e.id !== 'string' || !e.id)
      throw new QuadrantError('invalid_import', `${where}.id: expected a string`);
    const at = `${options.fileName}: data[${i}] (id ${e.id})`;
    const pricing = e.pricing as Record<string, unknown> | undefined;
    if (!pricing || typeof pricing !== 'object') {
      throw new QuadrantError('invalid_import', `${at}.pricing: expected an object`);
    }
    if ([pricing.prompt, pricing.completion].some((v) => typeof v === 'string' && v.trim().startsWith('-'))) {
      result.skipped.push({ key: e.id, reason: 'variable pricing' });
      return;
    }
    if (!MODEL_ID.test(e.id)) {
      result.skipped.push({ key: e.id, reason: 'not a usable model id' });
      return;
    }
    const point: PricePoint = {
      currency: 'USD',
      unit: 'per_token',
      input: priceText(pricing.prompt, `${at}.pricing.prompt`),
      valid_from: options.date,
      source,
      confidence: 'secondary',
    };
    if (pricing.completion !== undefined)
      point.output = priceText(pricing.completion, `${at}.pricing.completion`);
    if (pricing.input_cache_read !== undefined && pricing.input_cache_read !== null) {
      point.cached_input = priceText(pricing.input_cache_read, `${at}.pricing.input_cache_read`);
    }
    const vendor = vendorFor(e.id.includes('/') ? e.id.split('/')[0] : 'openrouter');
    const model: CatalogModel = {
      id: e.id,
      name: typeof e.name === 'string' && e.name ? e.name : e.id,
      vendor,
      status: 'active',
      tokenizer: guessTokenizer(vendor, e.id),
      prices: [point],
      quality: [],
      note: `imported from ${source}`,
    };
    const context = optionalPositiveInt(e.context_length, `${at}.context_length`);
    if (context !== undefined) model.context_window = context;
    const top = e.top_provider as Record<string, unknown> | undefined;
    const maxOut = optionalPositiveInt(
      top?.max_completion_tokens,
      `${at}.top_provider.max_completion_tokens`,
    );
    if (maxOut !== undefined) model.max_output_tokens = maxOut;
    if (typeof e.created === 'number' && Number.isFinite(e.created) && e.created > 0) {
      model.released = new Date(e.created * 1000).toISOString().slice(0, 10);
    }
    if (options.knownModel(e.id)) {
      result.additions.prices.push({ modelId: options.knownModel(e.id) as string, point });
    } else {
      result.additions.models.push({ model });
    }
  });
  return result;
}
