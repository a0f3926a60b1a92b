/**
 * Gemini `streamGenerateContent?alt=sse` (`data: {…}\r\n\r\n`, no sentinel, ends at connection close) →
 * OpenAI chunks. Each chunk is a GenerateContentResponse (read through geminiResponseSchema); usageMetadata
 * is cumulative (the latest wins); a chunk with finishReason marks a normal end; function calls arrive
 * whole and become one tool_calls delta each.
 * @module
 */
import { EventStreamTranslator } from '../shared/event-stream-translator.ts';
import { isObject, tryParseJson } from '../shared/json.ts';
import type { SseEvent } from '../shared/sse-parser.ts';
import { newToolCallId } from '../shared/tool-call-id.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { type GeminiResponse, geminiResponseSchema } from './gemini-api.ts';
import { extractGeminiError, mapGeminiErrorObject } from './map-gemini-error.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { readGeminiParts } from './parse-gemini-response.ts';

export class GeminiStreamTranslator extends EventStreamTranslator {
  private toolCalls = 0;
  private finishReason: string | undefined;

  protected handle(event: SseEvent): string {
    const data = tryParseJson(event.data);
    if (!isObject(data)) return this.brokenFrame('Gemini', event.data);
    const error = extractGeminiError(data);
    if (error) return this.fail(mapGeminiErrorObject(undefined, error, {}));
    return this.read(geminiResponseSchema, "Gemini's stream chunk", data, (chunk) => this.onChunk(chunk));
  }

  private onChunk(chunk: GeminiResponse): string {
    if (chunk.responseId) this.writer.id = chunk.responseId;
    if (chunk.usageMetadata) this.latestUsage = convertGeminiUsage(chunk.usageMetadata);
    const candidate = chunk.candidates?.[0];
    const parts = readGeminiParts(candidate);
    let out = this.writer.start();
    if (parts.reasoning) out += this.writer.reasoning(parts.reasoning);
    if (parts.text) {
      this.contentCount++;
      out += this.writer.text(parts.text);
    }
    for (const call of parts.functionCalls) {
      this.contentCount++;
      const index = this.toolCalls++;
      out += this.writer.toolCallStart(
        index,
        call.id ?? newToolCallId(),
        call.name,
        JSON.stringify(call.args),
      );
    }
    const reason = candidate?.finishReason;
    if (
      this.finishReason === undefined &&
      typeof reason === 'string' &&
      reason !== '' &&
      reason !== 'FINISH_REASON_UNSPECIFIED'
    ) {
      this.finishReason = mapGeminiFinishReason(reason, this.toolCalls > 0);
      out += this.writer.finish(this.finishReason);
    }
    return out;
  }

  /** Gemini has no terminator: the stream ended normally if a finishReason was seen. */
  protected endedNormally(): boolean {
    return this.finishReason !== undefined;
  }
}
