/**
 * The OpenAI-style wire formats the gateway reads (OpenAI, DeepSeek, Zhipu, Ark, DashScope compatible mode,
 * any openai-compatible upstream), as lenient zod schemas in the style of the AI SDK's openai-chat-api.ts:
 * loose objects (every other field passes through to the client untouched), nullish fields, and only what
 * the gateway reads is checked. Types are inferred from them.
 * @module
 */
import { z } from 'zod';
import { isObject, type JsonObject } from '../shared/json.ts';
import { isNullishOf } from '../shared/plain-json.ts';

const tokens = z.number().nullish();

export const openaiUsageSchema = z.looseObject({
  prompt_tokens: tokens,
  completion_tokens: tokens,
  total_tokens: tokens,
  // details of another shape read as absent (counted 0), as they always were
  prompt_tokens_details: z
    .looseObject({ cached_tokens: tokens, cache_write_tokens: tokens })
    .nullish()
    .catch(undefined),
  completion_tokens_details: z.looseObject({ reasoning_tokens: tokens }).nullish().catch(undefined),
  /** DeepSeek's cache reads (newer responses also report prompt_tokens_details.cached_tokens). */
  prompt_cache_hit_tokens: tokens,
});
export type OpenAIUsage = z.infer<typeof openaiUsageSchema>;

const choiceSchema = z.looseObject({
  index: z.number().nullish(),
  finish_reason: z.string().nullish(),
});

/** A non-streaming chat.completion. */
export const openaiChatResponseSchema = z.looseObject({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z.array(choiceSchema, { error: 'a completion needs a choices array' }),
  usage: openaiUsageSchema.nullish(),
});
export type OpenAIChatResponse = z.infer<typeof openaiChatResponseSchema>;

/** True for usage openaiUsageSchema.nullish() accepts unchanged (details of another shape go to the schema). */
export function isPlainOpenAIUsage(u: unknown): boolean {
  if (u === undefined || u === null) return true;
  if (!isObject(u)) return false;
  if (!isNullishOf(u.prompt_tokens, 'number') || !isNullishOf(u.completion_tokens, 'number')) return false;
  if (!isNullishOf(u.total_tokens, 'number') || !isNullishOf(u.prompt_cache_hit_tokens, 'number'))
    return false;
  const p = u.prompt_tokens_details;
  if (p !== undefined && p !== null) {
    if (
      !isObject(p) ||
      !isNullishOf(p.cached_tokens, 'number') ||
      !isNullishOf(p.cache_write_tokens, 'number')
    )
      return false;
  }
  const c = u.completion_tokens_details;
  return c === undefined || c === null || (isObject(c) && isNullishOf(c.reasoning_tokens, 'number'));
}

function isPlainChoices(choices: unknown): boolean {
  if (!Array.isArray(choices)) return false;
  for (const c of choices) {
    if (!isObject(c) || !isNullishOf(c.index, 'number') || !isNullishOf(c.finish_reason, 'string'))
      return false;
  }
  return true;
}

function isPlainHead(v: JsonObject): boolean {
  return isNullishOf(v.id, 'string') && isNullishOf(v.created, 'number') && isNullishOf(v.model, 'string');
}

/** True for a completion openaiChatResponseSchema accepts unchanged (plain-json.ts). */
export function isPlainOpenAIChatResponse(v: unknown): boolean {
  return isObject(v) && isPlainHead(v) && isPlainChoices(v.choices) && isPlainOpenAIUsage(v.usage);
}

/** True for a chunk openaiChatChunkSchema accepts unchanged (plain-json.ts). */
export function isPlainOpenAIChatChunk(v: unknown): boolean {
  if (!isObject(v) || !isPlainHead(v) || !isPlainOpenAIUsage(v.usage)) return false;
  return v.choices === undefined || v.choices === null || isPlainChoices(v.choices);
}

/** One chat.completion.chunk of a stream (the usage-only chunk has `choices: []`). */
export const openaiChatChunkSchema = z.looseObject({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z.array(choiceSchema).nullish(),
  usage: openaiUsageSchema.nullish(),
});
export type OpenAIChatChunk = z.infer<typeof openaiChatChunkSchema>;

/** The `error` object of an error body; a field of another type reads as absent. */
export const openaiErrorObjectSchema = z.looseObject({
  message: z.string().nullish().catch(undefined),
  type: z.string().nullish().catch(undefined),
  code: z.union([z.string(), z.number()]).nullish().catch(undefined),
  param: z.unknown().optional(),
});
export type OpenAIErrorObject = z.infer<typeof openaiErrorObjectSchema>;

/**
 * An error body: `{error:{message,type,code,param}}`, `{error:"text"}`, or a flat `{code,message}`
 * (DashScope-native style, seen on some compat gateways).
 */
export const openaiErrorBodySchema = z.looseObject({
  error: z.union([openaiErrorObjectSchema, z.string()]).nullish().catch(undefined),
  code: z.union([z.string(), z.number()]).nullish().catch(undefined),
  message: z.string().nullish().catch(undefined),
});

/** The /embeddings response. */
export const openaiEmbeddingsResponseSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      index: z.number().nullish(),
      embedding: z.union([z.array(z.number()), z.string()]),
    }),
    { error: 'embeddings need a data array' },
  ),
  usage: z.looseObject({ prompt_tokens: tokens, total_tokens: tokens }).nullish(),
});
