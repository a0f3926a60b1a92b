/**
 * Helpers for provider adapter tests: feeding translators, random splits, the official openai SDK as a
 * consumer of translated streams, and real HTTP against the emulators.
 * @module
 */
import fc from 'fast-check';
import OpenAI from 'openai';
import type {
  ChatRequest,
  ProviderAdapter,
  StreamOptions,
  StreamTranslator,
  UpstreamTarget,
} from '../../src/providers/types.ts';

export const encoder = new TextEncoder();

export function streamOptions(overrides: Partial<StreamOptions> = {}): StreamOptions {
  return {
    clientModel: 'client-model',
    includeUsage: true,
    id: 'chatcmpl-gw',
    created: 1700000000,
    ...overrides,
  };
}

/** Feeds `text` split at `cuts` (byte offsets) into the translator; returns everything it wrote. */
export function translate(translator: StreamTranslator, text: string, cuts: number[] = []): string {
  const bytes = encoder.encode(text);
  const points = [...new Set(cuts.map((cut) => Math.max(0, Math.min(bytes.length, cut))))].sort(
    (a, b) => a - b,
  );
  let out = '';
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) out += translator.push(bytes.subarray(start, point));
    start = Math.max(start, point);
  }
  return out + translator.end();
}

/** Arbitrary byte cut positions for a text (fast-check). */
export function cutsFor(text: string): fc.Arbitrary<number[]> {
  const length = encoder.encode(text).length;
  return fc.array(fc.integer({ min: 0, max: length }), { maxLength: 40 });
}

/** Time-boxed, but an interrupted property fails: fewer runs than asked for is never a pass. */
export const PROPERTY_RUNS = {
  numRuns: 100,
  interruptAfterTimeLimit: 30_000,
  markInterruptAsFailure: true,
} as const;

/** SSE frames' JSON payloads (excluding [DONE]). */
export function payloads(sse: string): Array<Record<string, unknown>> {
  return sse
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: ') && frame !== 'data: [DONE]')
    .map((frame) => JSON.parse(frame.slice(6)) as Record<string, unknown>);
}

/** Concatenated delta content of OpenAI chunks. */
export function contentOf(sse: string): string {
  return payloads(sse)
    .flatMap((chunk) => (Array.isArray(chunk.choices) ? chunk.choices : []))
    .map((choice) => (choice as { delta?: { content?: string } }).delta?.content ?? '')
    .join('');
}

function sdkClient(sse: string): OpenAI {
  return new OpenAI({
    apiKey: 'test',
    baseURL: 'http://sdk.invalid/v1',
    maxRetries: 0,
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
}

/** Every chunk the official openai SDK yields for this SSE text (it throws on invalid frames / error frames). */
export async function sdkChunks(sse: string): Promise<OpenAI.Chat.Completions.ChatCompletionChunk[]> {
  const stream = await sdkClient(sse).chat.completions.create({
    model: 'client-model',
    messages: [],
    stream: true,
  });
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** The SDK's ChatCompletionStream helper's final completion (validates finish_reason, tool-call indices…). */
export async function sdkFinal(sse: string): Promise<OpenAI.Chat.Completions.ChatCompletion> {
  const stream = sdkClient(sse).chat.completions.stream({
    model: 'client-model',
    messages: [],
    stream_options: { include_usage: true },
  });
  return stream.finalChatCompletion();
}

export interface HttpChatResult {
  status: number;
  headers: Record<string, string>;
  /** Translated SSE (streams) or raw body (non-stream / errors). */
  body: string;
  translator?: StreamTranslator;
}

/** Sends the adapter's upstream request with fetch and translates the stream. */
export async function httpChat(
  adapter: ProviderAdapter,
  target: UpstreamTarget,
  request: ChatRequest,
  options: StreamOptions = streamOptions(),
  signal?: AbortSignal,
): Promise<HttpChatResult> {
  const upstream = adapter.buildChatRequest(request, target);
  const response = await fetch(upstream.url, {
    method: upstream.method,
    headers: upstream.headers,
    body: upstream.body,
    ...(signal ? { signal } : {}),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (!response.ok || request.stream !== true || !response.body) {
    return { status: response.status, headers, body: await response.text() };
  }
  const translator = adapter.createStreamTranslator(options);
  let body = '';
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      body += translator.push(value);
    }
  } catch {
    // connection reset / abort: the translator decides what the stream was
  }
  body += translator.end();
  return { status: response.status, headers, body, translator };
}
