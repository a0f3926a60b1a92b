/**
 * Public types of the provider emulators.
 * @module
 */
import type { ProviderKind } from '../../src/providers/types.ts';

/** Emulated provider kinds; `dashscope` serves both the compatible mode and the native API. */
export type EmulatorKind = ProviderKind;

/** Usage the emulator reports, in normalised terms; each emulator renders it in its own wire format. */
export interface EmulatorUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  /** Anthropic cache creation tokens (part of inputTokens). */
  cacheWriteTokens?: number;
  /** Reasoning / thinking / thoughts tokens (part of outputTokens). */
  reasoningTokens?: number;
}

/** What to answer instead of the default echo. */
export interface EmulatorReply {
  text?: string;
  /** Answer with a tool call (default: the first tool when tools are given and the last message is not a tool result). */
  toolCall?: { name: string; arguments: Record<string, unknown> };
  /** Force a text answer even when tools are given. */
  noToolCall?: boolean;
}

interface FaultBase {
  /** Apply to the next N requests only (default: every request until clearFaults()). */
  times?: number;
  /** Apply only to requests whose path contains this (e.g. 'embeddings'). */
  pathIncludes?: string;
}

export type Fault = FaultBase &
  (
    | {
        type: 'status';
        status: number;
        /** Raw body; default: the provider's own error shape for the status. */
        body?: string | Record<string, unknown>;
        headers?: Record<string, string>;
        /** `retry-after` header value (seconds or HTTP date). */
        retryAfter?: string | number;
        /** `retry-after-ms` header value. */
        retryAfterMs?: number;
        /** Gemini RetryInfo.retryDelay in the body (e.g. '7s'). */
        retryDelay?: string;
      }
    /** Slow first byte: wait before answering anything. */
    | { type: 'delay'; ms: number }
    /** Send `afterChunks` stream frames, then hang until the client aborts (recorded in `disconnects`). */
    | { type: 'stall'; afterChunks: number }
    /** End the stream without its terminator after `afterChunks` frames (default: all content, no end). */
    | { type: 'truncate'; afterChunks?: number }
    /** Send an invalid-JSON frame after `afterChunks` frames. */
    | { type: 'broken'; afterChunks?: number }
    /** socket.destroy() after `afterChunks` frames (undefined: before any response). */
    | { type: 'reset'; afterChunks?: number }
    /** The provider's in-band stream error after `afterChunks` frames. */
    | { type: 'inband-error'; afterChunks?: number; message?: string }
  );

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined if none / not JSON). */
  json: Record<string, unknown> | undefined;
  rawBody: string;
  receivedAt: number;
  /** Set when the client went away before the response finished. */
  aborted?: boolean;
  abortedAt?: number;
  /** Stream frames written before the end / abort. */
  framesSent: number;
}

export interface Disconnect {
  path: string;
  at: number;
  framesSent: number;
}

export interface EmulatorHandle {
  kind: EmulatorKind;
  /** Base URL to configure (the provider's own convention, e.g. http://127.0.0.1:PORT/v1 for OpenAI). */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** DashScope only: the native API base URL. */
  nativeUrl?: string;
  port: number;
  requests: RecordedRequest[];
  disconnects: Disconnect[];
  setFault(fault: Fault): void;
  clearFaults(): void;
  /** Usage reported from now on (null: computed from the request again). */
  setUsage(usage: EmulatorUsage | null): void;
  setReply(reply: EmulatorReply | null): void;
  /** Resolves at the next (or an already recorded) client disconnect. */
  waitForDisconnect(timeoutMs?: number): Promise<Disconnect>;
  close(): Promise<void>;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
}
