/**
 * The Anthropic Messages API wire formats the gateway reads — the message, each stream event, the error
 * body — as lenient zod schemas (loose objects, nullish fields; AI SDK style). Types are inferred from them.
 * @module
 */
import { z } from 'zod';

const tokens = z.number().nullish();

/** Usage: in the message, in message_start's message, cumulative in message_delta (fields may be null). */
export const anthropicUsageSchema = z.looseObject({
  input_tokens: tokens,
  output_tokens: tokens,
  cache_read_input_tokens: tokens,
  cache_creation_input_tokens: tokens,
  output_tokens_details: z.looseObject({ thinking_tokens: tokens }).nullish().catch(undefined),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

export const anthropicContentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  thinking: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
});

/** A non-streaming Message. */
export const anthropicMessageSchema = z.looseObject({
  id: z.string().nullish(),
  content: z.array(anthropicContentBlockSchema, { error: 'a message needs a content array' }),
  stop_reason: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

/** `error` of an error body or an `event: error` frame; a field of another type reads as absent. */
export const anthropicErrorObjectSchema = z.looseObject({
  type: z.string().nullish().catch(undefined),
  message: z.string().nullish().catch(undefined),
});
export type AnthropicErrorObject = z.infer<typeof anthropicErrorObjectSchema>;

export const anthropicErrorBodySchema = z.looseObject({
  type: z.string().nullish().catch(undefined),
  error: anthropicErrorObjectSchema.nullish().catch(undefined),
});

/** The stream events the gateway reads, by type (ping, content_block_stop and unknown types are skipped). */
export const anthropicStreamEventSchemas = {
  message_start: z.looseObject({
    message: z.looseObject({ id: z.string().nullish(), usage: anthropicUsageSchema.nullish() }),
  }),
  content_block_start: z.looseObject({ index: z.number(), content_block: anthropicContentBlockSchema }),
  content_block_delta: z.looseObject({
    index: z.number(),
    delta: z.looseObject({
      type: z.string(),
      text: z.string().nullish(),
      partial_json: z.string().nullish(),
      thinking: z.string().nullish(),
    }),
  }),
  message_delta: z.looseObject({
    delta: z.looseObject({ stop_reason: z.string().nullish() }).nullish(),
    usage: anthropicUsageSchema.nullish(),
  }),
  message_stop: z.looseObject({}),
  error: anthropicErrorBodySchema,
} as const;

export type AnthropicStreamEventType = keyof typeof anthropicStreamEventSchemas;
export type AnthropicStreamEvent<T extends AnthropicStreamEventType> = z.infer<
  (typeof anthropicStreamEventSchemas)[T]
>;
