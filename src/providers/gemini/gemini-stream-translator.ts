/**
 * Gemini `streamGenerateContent?alt=sse` (`data: {…}\r\n\r\n`, no sentinel, ends at connection close) →
 * OpenAI chunks. usageMetadata is cumulative (the latest wins); a chunk with finishReason marks a normal end;
 * function calls arrive whole and become one tool_calls delta each.
 * @module
 */
import { EventStreamTranslator } from '../shared/event-stream-translator.ts';
import { isObject, tryParseJson } from '../shared/json.ts';
import type { SseEvent } from '../shared/sse-parser.ts';
import { newToolCallId } from '../shared/tool-call-id.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { extractGeminiError, mapGeminiErrorObject } from './map-gemini-error.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { readGeminiCandidate } from './parse-gemini-response.ts';

export class GeminiStreamTranslator extends EventStreamTranslator {
  private toolCalls = 0;
  private finishReason: string | undefined;

  protected handle(event: SseEvent): string {
    const data = tryParseJson(event.data);
    if (!isObject(data)) return this.brokenFrame('Gemini', event.data);
    const error = extractGeminiError(data);
    if (error) return this.fail(mapGeminiErrorObject(undefined, error, {}));
    if (typeof data.responseId === 'string') this.writer.id = data.responseId;
    if (isObject(data.usageMetadata)) this.latestUsage = convertGeminiUsage(data.usageMetadata);
    const { parts, candidate } = readGeminiCandidate(data);
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
