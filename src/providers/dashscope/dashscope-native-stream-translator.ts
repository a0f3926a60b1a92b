/**
 * DashScope native SSE (`id:N`, `event:result`, `:HTTP_STATUS/200`, `data:{…}`; no sentinel) → OpenAI chunks.
 * Requests use incremental_output, so each frame's content is a delta; usage is cumulative in every frame;
 * a frame whose finish_reason is not "null" ends the stream; a frame with top-level `code` is an in-band error.
 * @module
 */
import { EventStreamTranslator } from '../shared/event-stream-translator.ts';
import { isObject, tryParseJson } from '../shared/json.ts';
import type { SseEvent } from '../shared/sse-parser.ts';
import { convertDashScopeNativeUsage } from './convert-dashscope-native-usage.ts';
import { mapDashScopeNativeErrorObject } from './map-dashscope-native-error.ts';
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
      return this.fail(mapDashScopeNativeErrorObject(undefined, data, {}));
    }
    if (typeof data.request_id === 'string') this.writer.id = data.request_id;
    if (isObject(data.usage)) this.latestUsage = convertDashScopeNativeUsage(data.usage);
    const { message, finishReason } = readNativeOutput(data);
    let out = this.writer.start();
    if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') {
      out += this.writer.reasoning(message.reasoning_content);
    }
    if (typeof message.content === 'string' && message.content !== '') {
      this.contentCount++;
      out += this.writer.text(message.content);
    }
    if (Array.isArray(message.tool_calls)) {
      for (const [position, call] of message.tool_calls.entries()) {
        if (!isObject(call)) continue;
        const fn = isObject(call.function) ? call.function : {};
        const index = typeof call.index === 'number' ? call.index : position;
        const args = typeof fn.arguments === 'string' ? fn.arguments : '';
        this.contentCount++;
        out +=
          typeof call.id === 'string' && call.id !== ''
            ? this.writer.toolCallStart(index, call.id, String(fn.name ?? ''), args)
            : this.writer.toolCallArguments(index, args);
      }
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
