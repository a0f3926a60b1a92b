/**
 * Expected OpenAI `chat.completion.chunk` payloads, as the translators of non-OpenAI streams write them with
 * streamOptions()'s defaults (client-model, created 1700000000), for exact comparisons with payloads(out).
 * @module
 */

export const DONE = 'data: [DONE]\n\n';

export function chunk(
  delta: Record<string, unknown>,
  finishReason: string | null = null,
  id = 'chatcmpl-gw',
): Record<string, unknown> {
  return {
    id,
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'client-model',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

export interface Tokens {
  prompt: number;
  completion: number;
  cached?: number;
  cacheWrite?: number;
  reasoning?: number;
}

export function usageChunk(tokens: Tokens, id = 'chatcmpl-gw'): Record<string, unknown> {
  const promptDetails: Record<string, number> = { cached_tokens: tokens.cached ?? 0 };
  if (tokens.cacheWrite) promptDetails.cache_write_tokens = tokens.cacheWrite;
  return {
    id,
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'client-model',
    choices: [],
    usage: {
      prompt_tokens: tokens.prompt,
      completion_tokens: tokens.completion,
      total_tokens: tokens.prompt + tokens.completion,
      prompt_tokens_details: promptDetails,
      completion_tokens_details: { reasoning_tokens: tokens.reasoning ?? 0 },
    },
  };
}

/** The in-band error frame's payload. */
export function errorChunk(
  message: string,
  code = 'upstream_error',
  type = 'server_error',
): Record<string, unknown> {
  return { error: { message, type, code, param: null } };
}

/** SSE text of `data:` lines (optionally with an `event:` line each), each frame ended by a blank line. */
export function sse(frames: Array<unknown | [string, unknown]>): string {
  return frames
    .map((f) =>
      Array.isArray(f) && typeof f[0] === 'string' && f.length === 2
        ? `event: ${f[0]}\ndata: ${JSON.stringify(f[1])}\n\n`
        : `data: ${JSON.stringify(f)}\n\n`,
    )
    .join('');
}
