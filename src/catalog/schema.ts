/**
 * Strict schemas of the catalog files in data/catalog/ (validated with zod on load).
 *
 *   data/catalog/vendors.yaml        — { vendors: Vendor[] }
 *   data/catalog/fx.yaml             — { rates: FxRate[] }
 *   data/catalog/models/<vendor>.yaml — { vendor: <vendor id>, models: Model[] }
 *
 * Every figure (price, score, rate) carries a source URL, a date and a confidence tag.
 * Money figures are decimal strings ("0.0008"), never YAML floats.
 */
import { z } from 'zod';
import { isDecimalText } from '../pricing/money.ts';
import { PRICE_UNITS } from '../pricing/units.ts';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isoDate = z
  .string()
  .regex(ISO_DATE, 'expected a date YYYY-MM-DD')
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

export const decimalText = z
  .string()
  .refine((s) => isDecimalText(s), 'expected a decimal number written as a string, e.g. "0.0008"');
export const nonNegativeDecimalText = decimalText.refine((s) => !s.trim().startsWith('-'), 'must be ≥ 0');

/** [primary] vendor's or author's own page; [secondary] reputable re-statement; [weak] hint; [unverified]. */
export const confidence = z.enum(['primary', 'secondary', 'weak', 'unverified']);
export type Confidence = z.infer<typeof confidence>;

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD or CNY');

const sourced = {
  source: z.string().min(1, 'every figure needs a source (URL or citation)'),
  confidence,
  note: z.string().optional(),
};

export const vendorSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'vendor ids are lower-case slugs'),
  name: z.string().min(1),
  country: z.string().length(2, 'ISO 3166 two-letter country code'),
  website: z.string().url().optional(),
  /** Provider kinds that serve this vendor's models (gateway adapters): openai, anthropic, gemini, … */
  api: z.array(z.string()).optional(),
  /** The last date this vendor's prices were checked against its own pages. */
  verified_on: isoDate.optional(),
  note: z.string().optional(),
});
export type Vendor = z.infer<typeof vendorSchema>;

/** A tier condition narrows a price point to requests of a certain prompt size. */
export const tierSchema = z
  .strictObject({
    /** applies when prompt (input) tokens ≤ this */
    max_input_tokens: z.number().int().positive().optional(),
    /** applies when prompt (input) tokens > this */
    min_input_tokens_exclusive: z.number().int().nonnegative().optional(),
  })
  .refine((t) => t.max_input_tokens !== undefined || t.min_input_tokens_exclusive !== undefined, {
    message: 'a tier needs max_input_tokens or min_input_tokens_exclusive',
  });
export type Tier = z.infer<typeof tierSchema>;

export const pricePointSchema = z
  .strictObject({
    currency: currencyCode,
    unit: z.enum(PRICE_UNITS),
    /** Price of one unit of input (prompt) tokens, cache miss. */
    input: nonNegativeDecimalText,
    /** Output price; omit when not published (it then stays unknown, never guessed). */
    output: nonNegativeDecimalText.optional(),
    /** Price of cached (cache-hit) input tokens, where the vendor publishes one. */
    cached_input: nonNegativeDecimalText.optional(),
    /** Price of writing to the prompt cache (Anthropic cache creation), where published. */
    cache_write: nonNegativeDecimalText.optional(),
    tier: tierSchema.optional(),
    /** First day this price applies (inclusive). */
    valid_from: isoDate,
    /** First day it no longer applies (exclusive). Omitted: until the next price point of the same tier. */
    valid_to: isoDate.optional(),
    /** Free models: the usage caps, in words ("1M tokens/day per account"). */
    free_quota: z.string().optional(),
    ...sourced,
  })
  .refine((p) => p.valid_to === undefined || p.valid_to > p.valid_from, {
    message: 'valid_to must be after valid_from',
    path: ['valid_to'],
  });
export type PricePoint = z.infer<typeof pricePointSchema>;

export const QUALITY_METRICS = [
  'arena_elo',
  'mmlu',
  'mmlu_pro',
  'gpqa',
  'humaneval',
  'math',
  'mt_bench',
  'aa_index',
  /** Chinese-language benchmarks (0–100): C-Eval, CMMLU, SuperCLUE total, OpenCompass average, Arena Chinese category Elo. */
  'c_eval',
  'cmmlu',
  'superclue',
  'opencompass',
  'arena_elo_zh',
] as const;
export const qualityMetric = z.enum(QUALITY_METRICS);
export type QualityMetric = z.infer<typeof qualityMetric>;

export const qualityScoreSchema = z.strictObject({
  metric: qualityMetric,
  /** Arena Elo as a rating (e.g. 1287); percentages as 0–100 (e.g. 88.7); MT-Bench 0–10. */
  value: z.number().finite(),
  /** The snapshot or publication date of this score. */
  date: isoDate,
  /** For aa_index: the index version, since versions are not comparable. */
  version: z.string().optional(),
  /** The exact model version the score was measured on, when the entry's id is an alias (e.g. "Qwen-Max-0428"). */
  evaluated_model: z.string().optional(),
  ...sourced,
});
export type QualityScore = z.infer<typeof qualityScoreSchema>;

export const TOKENIZER_IDS = ['o200k_base', 'cl100k_base', 'qwen', 'deepseek', 'estimate'] as const;

export const modelSchema = z.strictObject({
  /** The vendor's own API model id, e.g. gpt-4o, doubao-pro-32k, qwen-long. */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'model ids are the vendor API ids'),
  name: z.string().min(1),
  /** Other ids the model is known by (dated snapshots, marketing names). */
  aliases: z.array(z.string()).optional(),
  released: isoDate.optional(),
  /** Still served? deprecated/retired models keep their history. */
  status: z.enum(['active', 'deprecated', 'retired']).default('active'),
  /** Maximum total context (input + output) in tokens. */
  context_window: z.number().int().positive().optional(),
  max_output_tokens: z.number().int().positive().optional(),
  /** Which tokenizer counts this model's tokens (see src/tokenize). */
  tokenizer: z.enum(TOKENIZER_IDS),
  open_weights: z.boolean().optional(),
  /** Role in the vendor's line-up (the article's attack/defence echelons). */
  tier: z.enum(['flagship', 'mid', 'small', 'reasoning', 'long-context', 'embedding']).optional(),
  modalities: z.array(z.enum(['text', 'image', 'audio', 'video', 'embedding'])).optional(),
  prices: z.array(pricePointSchema),
  quality: z.array(qualityScoreSchema).default([]),
  note: z.string().optional(),
});
export type Model = z.infer<typeof modelSchema>;

export const modelsFileSchema = z.strictObject({
  vendor: z.string(),
  models: z.array(modelSchema).min(1),
});

export const vendorsFileSchema = z.strictObject({ vendors: z.array(vendorSchema).min(1) });

export const fxRateSchema = z.strictObject({
  /** 1 unit of `base` = `rate` units of `quote` (e.g. base USD, quote CNY, rate "7.2450"). */
  base: currencyCode,
  quote: currencyCode,
  rate: decimalText,
  date: isoDate,
  /** central_parity: PBOC/CFETS midpoint; reference: ECB reference rate; market: a market close. */
  kind: z.enum(['central_parity', 'reference', 'market']).optional(),
  ...sourced,
});
export type FxRate = z.infer<typeof fxRateSchema>;

export const fxFileSchema = z.strictObject({ rates: z.array(fxRateSchema).min(1) });
