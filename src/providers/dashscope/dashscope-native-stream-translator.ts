/**
 * DashScope native SSE (`id:N`, `event:result`, `:HTTP_STATUS/200`, `data:{…}`; no sentinel) → OpenAI chunks.
 * Requests use incremental_output, so each frame's content is a delta; usage is cumulative in every frame;
 * a frame whose finish_reason is not "null" ends the stream; a frame with top-level `code` is an in-band error.
 * Frames are read through dashscopeNativeResponseSchema.
 * @module
 */
import { EventStreamTranslator } from '../shared/event-stream-translator.ts';
import { isObject, tryParseJson } from '../shared/json.ts';
import type { SseEvent } from '../shared/sse-parser.ts';
import { convertDashScopeNativeUsage } from './convert-dashscope-native-usage.ts';
import { type DashScopeNativeResponse, dashscopeNativeResponseSchema } from './dashscope-native-api.ts';
import { mapDashScopeNativeErrorObject, readDashScopeNativeError } from './map-dashscope-native-error.ts';
import { readNativeOutput } from './parse-dashscope-native-response.ts';

export class DashScopeNativeStreamTranslator extends EventStreamTranslator {
  private finished = false;

  protected handle(event: SseEvent): string {
    const data = tryParseJson(event.data);
    if (!isObject(data)) return this.brokenFrame('DashScope', event.data);
    if (
      event.event === 'error' ||
      (data.output === undefined && typeof data.code === 'string' && data.code !== '')
    ) {
      return this.fail(mapDashScopeNativeErrorObject(undefined, readDashScopeNativeError(data), {}));
    }
    return this.read(dashscopeNativeResponseSchema, "DashScope's stream frame", data, (frame) =>
      this.onFrame(frame),
    );
  }

  private onFrame(frame: DashScopeNativeResponse): string {
    if (frame.request_id) this.writer.id = frame.request_id;
    if (frame.usage) this.latestUsage = convertDashScopeNativeUsage(frame.usage);
    const { message, finishReason } = readNativeOutput(frame);
    let out = this.writer.start();
    if (message.reasoning_content) out += this.writer.reasoning(message.reasoning_content);
    if (typeof message.content === 'string' && message.content !== '') {
      this.contentCount++;
      out += this.writer.text(message.content);
    }
    for (const [position, call] of (message.tool_calls ?? []).entries()) {
      const index = call.index ?? position;
      const args = call.function?.arguments ?? '';
      this.contentCount++;
      out += call.id
        ? this.writer.toolCallStart(index, call.id, call.function?.name ?? '', args)
        : this.writer.toolCallArguments(index, args);
    }
    if (finishReason !== undefined && !this.finished) {
      this.finished = true;
      out += this.writer.finish(finishReason);
    }
    return out;
  }

  protected endedNormally(): boolean {
    return this.finished;
  }
}
