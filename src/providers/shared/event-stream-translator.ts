/**
 * Base for translators of non-OpenAI event streams (Anthropic, Gemini, DashScope native): SSE parsing,
 * usage/completion/error bookkeeping, reading a frame through its wire schema, and the end-of-stream usage
 * chunk + `[DONE]`.
 * @module
 */
import type { z } from 'zod';
import type { StreamOptions, StreamTranslator, UpstreamError, Usage } from '../types.ts';
import { DONE_FRAME, errorFrame, OpenAIChunkWriter } from './openai-chunk-writer.ts';
import { type SseEvent, SseParser } from './sse-parser.ts';
import { unreadableResponse } from './upstream-error.ts';
import { mismatch } from './wire-schema.ts';

export abstract class EventStreamTranslator implements StreamTranslator {
  protected readonly parser = new SseParser();
  protected readonly writer: OpenAIChunkWriter;
  protected latestUsage: Usage | undefined;
  protected done = false;
  protected failure: UpstreamError | undefined;
  protected contentCount = 0;
  private ended = false;
  private terminated = false;

  constructor(protected readonly options: StreamOptions) {
    this.writer = new OpenAIChunkWriter(options);
  }

  /** Handles one upstream event; returns client bytes. */
  protected abstract handle(event: SseEvent): string;

  /** Whether the stream, having ended now, ended normally (called at end()). */
  protected endedNormally(): boolean {
    return this.done;
  }

  /** The upstream signalled its normal end: usage chunk (if asked) + `[DONE]`, once. */
  protected finishStream(): string {
    if (this.terminated || this.failure) return '';
    this.terminated = true;
    this.done = true;
    return this.writer.usage(this.latestUsage) + DONE_FRAME;
  }

  /** Records an in-band failure and returns the error frame for the client. */
  protected fail(info: UpstreamError): string {
    if (this.failure) return '';
    this.failure = info;
    return errorFrame(info);
  }

  /** `data` through its chunk schema into `handle`; a frame that does not match fails the stream. */
  protected read<S extends z.ZodType>(
    schema: S,
    what: string,
    data: unknown,
    handle: (chunk: z.output<S>) => string,
  ): string {
    const parsed = schema.safeParse(data);
    return parsed.success ? handle(parsed.data) : this.fail(unreadableResponse(mismatch(what, parsed.error)));
  }

  protected brokenFrame(provider: string, data: string): string {
    return this.fail(
      unreadableResponse(`${provider} sent an unparseable stream frame: ${data.slice(0, 120)}`),
    );
  }

  push(chunk: Uint8Array): string {
    if (this.failure || this.ended) return '';
    let out = '';
    for (const event of this.parser.push(chunk)) {
      out += this.handle(event);
      if (this.failure) break;
    }
    return out;
  }

  end(): string {
    if (this.ended) return '';
    this.ended = true;
    if (this.failure) return '';
    const { events, incomplete } = this.parser.end();
    let out = '';
    for (const event of events) {
      out += this.handle(event);
      if (this.failure) return out;
    }
    if (incomplete?.data.trim().startsWith('{') && isCompleteJson(incomplete.data))
      out += this.handle(incomplete);
    // after a failure or the terminator, finishStream() adds nothing
    return this.endedNormally() ? out + this.finishStream() : out;
  }

  usage(): Usage | undefined {
    return this.latestUsage;
  }

  completed(): boolean {
    return this.done && !this.failure;
  }

  error(): UpstreamError | undefined {
    return this.failure;
  }

  contentEvents(): number {
    return this.contentCount;
  }
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
