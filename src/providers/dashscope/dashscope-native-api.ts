/**
 * The DashScope native (text-generation/generation) wire formats the gateway reads — the response (both
 * result formats: `message` choices or legacy `text`), each stream frame (the same shape, content as deltas),
 * and the `{code, message}` error — as lenient zod schemas (loose objects, nullish fields). Types inferred.
 * @module
 */
import { z } from 'zod';

const tokens = z.number().nullish();

export const dashscopeNativeUsageSchema = z.looseObject({
  input_tokens: tokens,
  output_tokens: tokens,
  total_tokens: tokens,
  prompt_tokens_details: z.looseObject({ cached_tokens: tokens }).nullish().catch(undefined),
  output_tokens_details: z.looseObject({ reasoning_tokens: tokens }).nullish().catch(undefined),
});
export type DashScopeNativeUsage = z.infer<typeof dashscopeNativeUsageSchema>;

export const dashscopeToolCallSchema = z.looseObject({
  id: z.string().nullish(),
  index: z.number().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

export const dashscopeNativeMessageSchema = z.looseObject({
  role: z.string().nullish(),
  /** A string, or a list of parts for multimodal models. */
  content: z.union([z.string(), z.array(z.unknown())]).nullish(),
  reasoning_content: z.string().nullish(),
  tool_calls: z.array(dashscopeToolCallSchema).nullish(),
});
export type DashScopeNativeMessage = z.infer<typeof dashscopeNativeMessageSchema>;

export const dashscopeNativeOutputSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({ message: dashscopeNativeMessageSchema.nullish(), finish_reason: z.string().nullish() }),
    )
    .nullish(),
  /** result_format "text". */
  text: z.string().nullish(),
  finish_reason: z.string().nullish(),
});

/** A response, or one frame of a stream (`output` required: a body without it is an error or unusable). */
export const dashscopeNativeResponseSchema = z.looseObject({
  request_id: z.string().nullish(),
  output: dashscopeNativeOutputSchema,
  usage: dashscopeNativeUsageSchema.nullish(),
});
export type DashScopeNativeResponse = z.infer<typeof dashscopeNativeResponseSchema>;

/** The error body (also in-band in a 200 stream frame); a field of another type reads as absent. */
export const dashscopeNativeErrorSchema = z.looseObject({
  code: z.string().nullish().catch(undefined),
  message: z.string().nullish().catch(undefined),
  request_id: z.string().nullish().catch(undefined),
});
export type DashScopeNativeError = z.infer<typeof dashscopeNativeErrorSchema>;
