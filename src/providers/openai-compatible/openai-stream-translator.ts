/**
 * Pass-through translator for OpenAI-style SSE upstreams. Frames are re-framed as `data: <payload>\n\n` with
 * the payload bytes untouched except the `model` value, which is swapped for the client's model id by a string
 * replacement (no JSON re-serialisation). Only frames that can carry usage or an error are JSON-parsed; found
 * by cheap key probes (`"usage":{`, `"error":`) that cannot match inside JSON strings, since quotes in strings
 * are escaped. Usage (OpenAI's `choices:[]` chunk, or Zhipu/DeepSeek's finish chunk) is held back and sent as
 * one OpenAI usage chunk, decorated, right before `[DONE]` — only if the client asked for it. Every frame is
 * JSON-parsed once and checked against the chunk schema (openai-chat-api.ts); one that does not match ends
 * the stream with an error.
 * @module
 */

import { spread } from '../../spread.ts';
import { isObject, type JsonObject, tryParseJson } from '../shared/json.ts';
import { errorFrame } from '../shared/openai-chunk-writer.ts';
import { type SseEvent, SseParser } from '../shared/sse-parser.ts';
import { unreadableResponse } from '../shared/upstream-error.ts';
import { mismatch } from '../shared/wire-schema.ts';
import type { StreamOptions, StreamTranslator, UpstreamError, Usage } from '../types.ts';
import { convertOpenAIUsage, decorateOpenAIUsage } from './convert-openai-usage.ts';
import { extractOpenAIError, mapOpenAIErrorObject } from './map-openai-error.ts';
import { type OpenAIChatChunk, type OpenAIUsage, openaiChatChunkSchema } from './openai-chat-api.ts';
import type { OpenAICompatibleQuirks } from './openai-compatible-quirks.ts';

const USAGE_PROBE = /"usage"\s*:\s*\{/;
const ERROR_PROBE = /"error"\s*:\s*[{"[]/;
const MODEL_FIELD = /"model"\s*:\s*"(?:[^"\\]|\\.)*"/;
const CONTENT_PROBE = /"(?:content|refusal)"\s*:\s*"(?!")|"tool_calls"\s*:\s*\[/;
const FINISH_PROBE = /"finish_reason"\s*:\s*"/;

export class OpenAIStreamTranslator implements StreamTranslator {
  private readonly parser = new SseParser();
  private readonly modelField: string;
  private latestUsage: Usage | undefined;
  private rawUsage: OpenAIUsage | undefined;
  private usageChunkBase: Pick<OpenAIChatChunk, 'id' | 'created'> | undefined;
  private done = false;
  /** A choice finished (finish_reason): a stream that then closes without `[DONE]` still completed. */
  private finished = false;
  private ended = false;
  private failure: UpstreamError | undefined;
  private contentCount = 0;

  constructor(
    private readonly options: StreamOptions,
    private readonly quirks: OpenAICompatibleQuirks,
  ) {
    this.modelField = `"model":${JSON.stringify(options.clientModel)}`;
  }

  push(chunk: Uint8Array): string {
    if (this.failure || this.done) return '';
    return this.handleAll(this.parser.push(chunk));
  }

  end(): string {
    if (this.ended) return '';
    this.ended = true;
    if (this.failure || this.done) return '';
    const { events, incomplete } = this.parser.end();
    let out = this.handleAll(events);
    if (incomplete && !this.failure && !this.done) {
      const data = incomplete.data.trim();
      if (data === '[DONE]' || tryParseJson(data) !== undefined) out += this.handleAll([incomplete]);
    }
    if (!this.failure && !this.done && this.finished) {
      // finish_reason (and usage) came, then the connection closed without [DONE]: a complete answer
      this.done = true;
      out += `${this.usageChunk()}data: [DONE]\n\n`;
    }
    return out;
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

  private handleAll(events: SseEvent[]): string {
    let out = '';
    for (const event of events) {
      out += this.handle(event);
      if (this.failure || this.done) break;
    }
    return out;
  }

  private handle(event: SseEvent): string {
    const data = event.data.trim();
    if (data === '[DONE]') {
      this.done = true;
      return this.usageChunk() + 'data: [DONE]\n\n';
    }
    if (data.length === 0) return '';
    // not `{…}` (a frame with `{` but no closing `}` fails to parse below, with the same error)
    if (data.charCodeAt(0) !== 123) return this.broken(data);
    // multi-line `data:` frames (valid SSE) are re-serialised on one line
    if (event.event === 'error' || ERROR_PROBE.test(data) || USAGE_PROBE.test(data) || data.includes('\n'))
      return this.handleParsed(data);
    // every frame must be a chunk: one the client cannot read is an error for the client and the ledger alike
    const value = tryParseJson(data);
    if (value === undefined) return this.broken(data);
    const checked = openaiChatChunkSchema.safeParse(value);
    if (!checked.success) return this.unexpected(checked.error);
    if (CONTENT_PROBE.test(data)) this.contentCount++;
    if (FINISH_PROBE.test(data)) this.finished = true;
    return `data: ${data.replace(MODEL_FIELD, this.modelField)}\n\n`;
  }

  /** Frames that may carry usage or an error: parse, record, and re-serialise without the usage. */
  private handleParsed(data: string): string {
    const value = tryParseJson(data);
    if (!isObject(value)) return this.broken(data);
    const error = extractOpenAIError(value);
    if (error && value.choices === undefined) {
      return this.fail(mapOpenAIErrorObject(502, error, {}, this.quirks));
    }
    const checked = openaiChatChunkSchema.safeParse(value);
    if (!checked.success) return this.unexpected(checked.error);
    const { usage, ...chunk } = checked.data;
    if (usage) {
      this.rawUsage = usage;
      this.latestUsage = convertOpenAIUsage(usage);
      this.usageChunkBase = { id: chunk.id, created: chunk.created };
    }
    const choices = chunk.choices ?? [];
    if (choices.length === 0) return ''; // the usage-only chunk: re-emitted, decorated, before [DONE]
    if (CONTENT_PROBE.test(data)) this.contentCount++;
    if (choices.some((c) => typeof c.finish_reason === 'string')) this.finished = true;
    const out: JsonObject = spread(chunk, { model: this.options.clientModel });
    return `data: ${JSON.stringify(out)}\n\n`;
  }

  private usageChunk(): string {
    if (!this.options.includeUsage || !this.latestUsage || !this.rawUsage) return '';
    const base = this.usageChunkBase;
    return `data: ${JSON.stringify({
      id: base?.id ?? this.options.id,
      object: 'chat.completion.chunk',
      created: base?.created ?? this.options.created,
      model: this.options.clientModel,
      choices: [],
      usage: decorateOpenAIUsage(this.rawUsage, this.latestUsage, this.options.decorateUsage),
    })}\n\n`;
  }

  private broken(data: string): string {
    return this.fail(
      unreadableResponse(`${this.quirks.name} sent an unparseable stream frame: ${data.slice(0, 120)}`),
    );
  }

  private unexpected(error: Parameters<typeof mismatch>[1]): string {
    return this.fail(unreadableResponse(mismatch(`${this.quirks.name}'s stream chunk`, error)));
  }

  private fail(info: UpstreamError): string {
    this.failure = info;
    return errorFrame(info);
  }
}
