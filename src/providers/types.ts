/**
 * The provider-adapter contract. The gateway's canonical wire format is the OpenAI Chat Completions API
 * (request, response and SSE chunks). Each adapter (one folder per provider: openai, anthropic, gemini,
 * zhipu, ark, dashscope, deepseek, openai-compatible) converts a canonical request to its provider's wire
 * format and the provider's response or stream back, and extracts usage exactly as the provider reports it.
 *
 * Adapters are pure: no sockets, no timers. The gateway owns HTTP (undici pools), retries and accounting.
 * Lenient parsing of provider responses (unknown fields ignored), strict building of requests.
 */

import type { ChatMessage, ChatRequest, EmbeddingsRequest } from './shared/request-schemas.ts';
import type { UpstreamError } from './shared/upstream-error.ts';

export const PROVIDER_KINDS = [
  'openai',
  'anthropic',
  'gemini',
  'zhipu',
  'ark',
  'dashscope',
  'deepseek',
  'openai-compatible',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export type { ChatMessage, ChatRequest, EmbeddingsRequest, UpstreamError };

/** Usage normalised across providers. Counts are non-negative integers. */
export interface Usage {
  /** All prompt tokens, INCLUDING cached ones (OpenAI convention; Anthropic's input is converted). */
  inputTokens: number;
  /** Prompt tokens read from the provider's cache (billed at the cached price where there is one). */
  cachedInputTokens: number;
  /** Prompt tokens written to the cache (Anthropic cache creation), part of inputTokens. */
  cacheWriteTokens: number;
  /** All generated tokens INCLUDING reasoning/thinking tokens (Gemini's thoughts are added in). */
  outputTokens: number;
  /** Reasoning/thinking tokens, part of outputTokens. */
  reasoningTokens: number;
}

/** Where and how to reach one upstream (from the gateway config). */
export interface UpstreamTarget {
  /** e.g. http://127.0.0.1:9001/v1 — the provider's base URL as configured. */
  baseUrl: string;
  apiKey: string;
  /** The model name the provider knows (config `upstream`, defaults to the model id). */
  upstreamModel: string;
  /** Extra headers from config. */
  headers?: Record<string, string>;
  /**
   * The model's documented maximum output (catalog), for providers that require an output limit (Anthropic's
   * max_tokens) when the client sets none. The gateway never invents a lower one.
   */
  maxOutputTokens?: number;
}

/** An HTTP request the gateway will send upstream. */
export interface UpstreamHttpRequest {
  method: 'POST' | 'GET';
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A non-streaming result converted to OpenAI shape. */
export interface ChatResult {
  /** An OpenAI `chat.completion` object (id, object, created, model, choices, usage). */
  completion: Record<string, unknown>;
  usage: Usage;
}

/** The OpenAI embeddings `list` object sent to the client (usage decorated by the gateway). */
export type EmbeddingsResponse = {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: unknown }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number; [extra: string]: unknown };
};

export interface EmbeddingsResult {
  response: EmbeddingsResponse;
  usage: Usage;
}

/**
 * Converts one upstream stream into OpenAI SSE bytes for the client, incrementally.
 * `push` gets raw upstream bytes in arbitrary splits (a frame may span chunks, CRLF framing, padding)
 * and returns the bytes to write to the client now ('' when nothing is complete yet).
 * For OpenAI-compatible upstreams this should forward frames without re-serialising them, only peeking
 * at the ones that can carry usage.
 */
export interface StreamTranslator {
  push(chunk: Uint8Array): string;
  /** Upstream ended. Returns any final bytes (including `data: [DONE]\n\n` when the stream completed). */
  end(): string;
  /** Usage as reported so far (cumulative providers: the latest). undefined if none was reported. */
  usage(): Usage | undefined;
  /** True once the upstream signalled a normal end (finish_reason / message_stop / [DONE]…). */
  completed(): boolean;
  /**
   * An in-band error the upstream sent after the 200 (Anthropic `event: error`, `data: {"error":…}`), or an
   * unparseable frame. When it happens, push() returns an OpenAI-shaped `data: {"error":{…}}\n\n` frame for the
   * client (and nothing after it; no `[DONE]`).
   */
  error(): UpstreamError | undefined;
  /** How many content (text or tool-call) deltas were seen: TTFT is measured at the first. */
  contentEvents(): number;
}

export interface StreamOptions {
  /** The model id the client asked for (echoed in `model` of every chunk). */
  clientModel: string;
  /** Whether the client asked for stream_options.include_usage (the usage chunk is sent only then). */
  includeUsage: boolean;
  /** Response id to use where the provider gives none. */
  id: string;
  created: number;
  /**
   * Extra fields merged into the OpenAI `usage` object of the final usage chunk (streams) and of
   * `completion.usage` (non-stream), e.g. the gateway's `cost` / `currency`. Called once per response.
   */
  decorateUsage?: (usage: Usage) => Record<string, unknown>;
}

export interface ProviderAdapter {
  readonly kind: ProviderKind;
  /** How each OpenAI parameter reaches this provider (refused / dropped before buildChatRequest). */
  readonly parameters?: ParameterTable;
  /** Builds the upstream chat request. Streaming requests must ask the provider for usage. */
  buildChatRequest(req: ChatRequest, target: UpstreamTarget): UpstreamHttpRequest;
  /** Parses a 2xx non-streaming body into an OpenAI chat.completion. Throws QuadrantError on garbage. */
  parseChatResponse(body: string, options: StreamOptions): ChatResult;
  createStreamTranslator(options: StreamOptions): StreamTranslator;
  /** Maps a non-2xx upstream response to what it means. */
  parseError(
    status: number,
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): UpstreamError;
  /** Providers with embeddings only. */
  buildEmbeddingsRequest?(req: EmbeddingsRequest, target: UpstreamTarget): UpstreamHttpRequest;
  /**
   * Adapters ask upstreams for float embeddings; pass the client's `encoding_format` so that 'base64' is
   * answered as base64 float32 LE (the openai SDK asks for base64 by default and decodes it).
   */
  parseEmbeddingsResponse?(
    body: string,
    options: { clientModel: string; encodingFormat?: 'float' | 'base64' },
  ): EmbeddingsResult;
}

/**
 * How a provider receives OpenAI chat parameters (Portkey `chatComplete.ts` style); applied by
 * src/providers/shared/parameter-table.ts.
 */
export type ParameterSupport =
  | { support: 'passed'; note?: string }
  | { support: 'translated'; to: string; note?: string }
  | { support: 'ignored'; note: string }
  | {
      support: 'unsupported';
      note?: string;
      /** Values that mean "the default" and need no support (e.g. `n: 1`, `logprobs: false`). */
      harmless?: (value: unknown) => boolean;
    };

export interface ParameterTable {
  /** Shown in the docs ("Anthropic Messages", "Gemini native"). */
  provider: string;
  params: Readonly<Record<string, ParameterSupport>>;
  /** What happens to a parameter the table does not list: `pass` (OpenAI-style upstreams) or `reject`. */
  unknown: 'pass' | 'reject';
  /** Content part types (`image_url`, `input_audio`, `file`) and how they are received. */
  contentParts: Readonly<Record<string, ParameterSupport>>;
  /** Extra per-value checks (e.g. an image URL the provider cannot fetch); returns the parameter path to refuse. */
  checkPart?: (part: Record<string, unknown>) => { path: string; why: string } | undefined;
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
}
