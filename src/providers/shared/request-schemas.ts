/**
 * The inbound wire formats of the gateway's canonical API (OpenAI Chat Completions and Embeddings) as zod
 * schemas, in the style of the AI SDK's openai-chat-api.ts: the fields the gateway reads are checked, every
 * other field passes through untouched to the provider (loose objects). `parseWire` validates once and turns
 * the first problem into a 400 whose `param` names the field ("messages[2].role").
 */
import { z } from 'zod';
import { QuadrantError } from '../../errors.ts';
import { isObject } from './json.ts';
import { isNullishOf } from './plain-json.ts';

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

const toolCall = z.looseObject({
  function: z.looseObject({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
});

const chatMessage = z.looseObject(
  {
    role: z.string({ error: 'must be an object with a "role"' }),
    content: z
      .union([z.string(), z.array(contentPart), z.null()], {
        error: 'must be a string, an array of content parts or null',
      })
      .optional(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).nullish(),
  },
  { error: 'must be an object with a "role"' },
);

const positiveInt = z
  .number({ error: 'must be a positive integer' })
  .int({ error: 'must be a positive integer' })
  .min(1, { error: 'must be a positive integer' })
  .nullish();

export const chatRequestSchema = z.looseObject({
  model: z.string({ error: 'is required: a route id or a model id' }).min(1, {
    error: 'is required: a route id or a model id',
  }),
  messages: z
    .array(chatMessage, { error: 'must be a non-empty array' })
    .min(1, { error: 'must be a non-empty array' }),
  stream: z.boolean({ error: 'must be a boolean' }).nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: positiveInt,
  max_completion_tokens: positiveInt,
  /** Completions asked for. */
  n: positiveInt,
  tools: z.array(z.looseObject({}), { error: 'must be an array' }).nullish(),
});

function isPositiveIntOrNullish(v: unknown): boolean {
  // z.number().int() accepts safe integers only
  return v === undefined || v === null || (Number.isSafeInteger(v) && (v as number) >= 1);
}

/**
 * True for a request chatRequestSchema accepts unchanged, in its common form (text messages, no tool calls);
 * the rest goes through the schema (plain-json.ts).
 */
export function isPlainChatRequest(v: unknown): boolean {
  if (!isObject(v) || typeof v.model !== 'string' || v.model.length === 0) return false;
  const messages = v.messages;
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const m of messages) {
    if (!isObject(m) || typeof m.role !== 'string') return false;
    if (m.content !== undefined && m.content !== null && typeof m.content !== 'string') return false;
    if (m.name !== undefined && typeof m.name !== 'string') return false;
    if (m.tool_calls !== undefined && m.tool_calls !== null) return false;
  }
  if (!isNullishOf(v.stream, 'boolean')) return false;
  const so = v.stream_options;
  if (so !== undefined && so !== null && !(isObject(so) && isNullishOf(so.include_usage, 'boolean')))
    return false;
  if (!isPositiveIntOrNullish(v.max_tokens) || !isPositiveIntOrNullish(v.max_completion_tokens)) return false;
  if (!isPositiveIntOrNullish(v.n)) return false;
  const tools = v.tools;
  return tools === undefined || tools === null || (Array.isArray(tools) && tools.every(isObject));
}

/** An OpenAI-format chat completion request as the client sent it (validated; unknown fields kept). */
export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessage>;

const tokenArray = z.array(z.number());

export const embeddingsRequestSchema = z.looseObject({
  model: z.string({ error: 'is required: a route id or a model id' }).min(1, {
    error: 'is required: a route id or a model id',
  }),
  input: z.union([z.string(), z.array(z.string()).min(1), tokenArray.min(1), z.array(tokenArray).min(1)], {
    error: 'must be a string, an array of strings or of token arrays',
  }),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
});

export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

/** "messages[2].content" from a zod issue path. */
export function paramOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/**
 * Validates `value` against `schema`; the first problem is a 400 invalid_request naming its field. `isPlain`
 * (a guard of plain-json.ts's kind) skips the schema for values it certainly accepts unchanged.
 */
export function parseWire<T extends z.ZodType>(
  schema: T,
  value: unknown,
  isPlain?: (value: unknown) => boolean,
): z.infer<T> {
  if (isPlain?.(value)) return value as z.infer<T>;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = paramOf(issue.path);
  throw new QuadrantError('invalid_request', param ? `"${param}" ${issue.message}` : issue.message, {
    param: param || undefined,
  });
}
